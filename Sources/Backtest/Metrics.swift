import Foundation
import TradingCore

/// Standard performance metrics of an equity curve, defined as empyrical / quantstats define them
/// so numbers can be checked against those tools. Returns are simple period returns
/// `r_t = E_t / E_{t−1} − 1`; `P` is periods per year (252 for daily bars); risk-free rate 0.
///
/// - totalReturn: `E_T / E_0 − 1`.
/// - cagr: `(E_T / E_0)^(P / n) − 1` with n the number of returns (empyrical `cagr`).
/// - annualVolatility: `std(r, ddof = 1) · √P`.
/// - sharpe: `mean(r) / std(r, ddof = 1) · √P` (0 when std is 0).
/// - sortino: `mean(r) · P / (√mean(min(r, 0)²) · √P)` (empyrical `sortino_ratio`; +∞ is reported
///   as 0 when there is no downside).
/// - maxDrawdown: `min_t (E_t / max_{s≤t} E_s − 1)`, ≤ 0.
/// - calmar: `cagr / |maxDrawdown|` (0 when there is no drawdown).
/// - trades: fills executed. turnover: traded notional / mean equity, per year.
/// - winRate: share of round trips (flat → position → flat or reversal) with positive PnL net of
///   costs; a position still open at the end counts, marked to market. 0 when there were none. exposure: share of periods ending with a non-zero position.
public struct PerformanceMetrics: Sendable, Hashable, Codable {
    public var totalReturn: Double
    public var cagr: Double
    public var annualVolatility: Double
    public var sharpe: Double
    public var sortino: Double
    public var maxDrawdown: Double
    public var calmar: Double
    public var trades: Int
    public var turnover: Double
    public var winRate: Double
    public var exposure: Double
    public var costsPaid: Double
    public var finalEquity: Double
    public var periods: Int

    /// Computes every metric from the equity curve (one value per period, starting with the
    /// initial equity) and the per-period exposures and trading statistics.
    public static func compute(equity: [Double], exposures: ArraySlice<Double>, periodsPerYear: Double,
                               tradedNotional: Double, trades: Int, roundTrips: [Double], costsPaid: Double) -> PerformanceMetrics {
        let n = equity.count - 1
        guard n >= 1, let first = equity.first, let last = equity.last, first > 0 else {
            return PerformanceMetrics(totalReturn: 0, cagr: 0, annualVolatility: 0, sharpe: 0, sortino: 0, maxDrawdown: 0,
                                      calmar: 0, trades: trades, turnover: 0, winRate: 0, exposure: 0, costsPaid: costsPaid,
                                      finalEquity: equity.last ?? 0, periods: max(n, 0))
        }
        // Pass 1 (sequential): returns into a buffer, running peak and drawdown (a division only
        // when a new drawdown may be reached). Pass 2: mean, variance and downside with four
        // independent accumulators, so the additions pipeline instead of waiting on each other.
        var peak = first, maxDD = 0.0, equitySum = first
        var returns = [Double](repeating: 0, count: n)
        equity.withUnsafeBufferPointer { e in
            returns.withUnsafeMutableBufferPointer { r in
                var ddLevel = peak  // equity below this level sets a new maximum drawdown
                for i in 1...n {
                    let value = e[i], previous = e[i - 1]
                    r[i - 1] = previous > 0 ? value / previous - 1 : 0
                    if value > peak {
                        peak = value
                        ddLevel = peak * (1 + maxDD)
                    } else if value < ddLevel {
                        maxDD = value / peak - 1
                        ddLevel = value
                    }
                    equitySum += value
                }
            }
        }
        var sums = SIMD4<Double>(), squares4 = SIMD4<Double>(), downs = SIMD4<Double>()
        returns.withUnsafeBufferPointer { r in
            var i = 0
            while i + 4 <= n {
                let x = SIMD4(r[i], r[i + 1], r[i + 2], r[i + 3])
                sums += x
                let neg = x.replacing(with: 0, where: x .> 0)
                downs += neg * neg
                i += 4
            }
            while i < n {
                sums[0] += r[i]
                if r[i] < 0 { downs[0] += r[i] * r[i] }
                i += 1
            }
        }
        let mean = sums.sum() / Double(n)
        returns.withUnsafeBufferPointer { r in
            var i = 0
            let m = SIMD4(repeating: mean)
            while i + 4 <= n {
                let d = SIMD4(r[i], r[i + 1], r[i + 2], r[i + 3]) - m
                squares4 += d * d
                i += 4
            }
            while i < n {
                squares4[0] += (r[i] - mean) * (r[i] - mean)
                i += 1
            }
        }
        let squares = squares4.sum()
        let downsideSquares = downs.sum()
        let sd = n > 1 ? (squares / Double(n - 1)).squareRoot() : 0
        let downside = (downsideSquares / Double(n)).squareRoot() * periodsPerYear.squareRoot()
        let total = last / first - 1
        let cagr = last > 0 ? Foundation.pow(last / first, periodsPerYear / Double(n)) - 1 : -1
        let years = Double(n) / periodsPerYear
        let meanEquity = equitySum / Double(n + 1)
        var exposed = 0.0
        for x in exposures where abs(x) > 1e-9 { exposed += 1 }
        return PerformanceMetrics(
            totalReturn: total,
            cagr: cagr,
            annualVolatility: sd * periodsPerYear.squareRoot(),
            sharpe: sd > 0 ? mean / sd * periodsPerYear.squareRoot() : 0,
            sortino: downside > 0 ? mean * periodsPerYear / downside : 0,
            maxDrawdown: maxDD,
            calmar: maxDD < 0 ? cagr / -maxDD : 0,
            trades: trades,
            turnover: meanEquity > 0 && years > 0 ? tradedNotional / meanEquity / years : 0,
            winRate: roundTrips.isEmpty ? 0 : Double(roundTrips.filter { $0 > 0 }.count) / Double(roundTrips.count),
            exposure: exposures.isEmpty ? 0 : exposed / Double(exposures.count),
            costsPaid: costsPaid,
            finalEquity: last,
            periods: n)
    }
}

extension PerformanceMetrics {
    /// Simple returns between consecutive equity points (0 after a non-positive point), one fewer
    /// than the points: what the Sharpe ratios and the bootstrap are computed from.
    public static func simpleReturns(_ equity: [Double]) -> [Double] {
        guard equity.count > 1 else { return [] }
        return (1..<equity.count).map { equity[$0 - 1] > 0 ? equity[$0] / equity[$0 - 1] - 1 : 0 }
    }
}
