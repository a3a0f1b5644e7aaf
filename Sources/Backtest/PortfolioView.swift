import Foundation
import TradingCore

/// Combines per-symbol backtests of one policy into an equal-weight portfolio (each symbol's
/// account starts with the same cash; the portfolio's equity is their sum), so a multi-symbol
/// result has one honest equity curve instead of an average of Sharpe ratios.
public enum PortfolioView {
    /// The combined metrics, or nil when there is no result.
    public static func equalWeight(_ results: [BacktestResult], periodsPerYear: Double) -> PerformanceMetrics? {
        combined(results).map { $0.metrics(periodsPerYear: periodsPerYear) }
    }

    /// The portfolio's equity curve over the bar times every result shares (symbols missing a
    /// session are compared on the sessions they all have), with trading statistics summed.
    public static func combined(_ results: [BacktestResult]) -> Combined? {
        guard let first = results.first else { return nil }
        var common = Set(first.times)
        for r in results.dropFirst() { common.formIntersection(r.times) }
        let times = first.times.filter { common.contains($0) }
        guard !times.isEmpty else { return nil }
        var equity = [Double](repeating: 0, count: times.count)
        var exposure = [Double](repeating: 0, count: times.count)
        var notional = 0.0, trades = 0, costs = 0.0
        var roundTrips: [Double] = []
        for r in results {
            var k = 0
            for (i, t) in r.times.enumerated() where k < times.count && t == times[k] {
                equity[k] += r.equity[i]
                exposure[k] += r.exposure[i] * r.equity[i]
                k += 1
            }
            notional += r.fills.reduce(0) { $0 + $1.notional }
            trades += r.metrics.trades
            costs += r.metrics.costsPaid
            roundTrips += r.roundTrips
        }
        for i in exposure.indices where equity[i] > 0 { exposure[i] /= equity[i] }
        return Combined(times: times, equity: equity, exposure: exposure, tradedNotional: notional, trades: trades,
                        roundTrips: roundTrips, costsPaid: costs)
    }

    /// An equal-weight portfolio's curve and trading totals.
    public struct Combined: Sendable {
        public var times: [Date]
        public var equity: [Double]
        public var exposure: [Double]
        public var tradedNotional: Double
        public var trades: Int
        public var roundTrips: [Double]
        public var costsPaid: Double

        public init(times: [Date], equity: [Double], exposure: [Double], tradedNotional: Double, trades: Int,
                    roundTrips: [Double], costsPaid: Double) {
            self.times = times
            self.equity = equity
            self.exposure = exposure
            self.tradedNotional = tradedNotional
            self.trades = trades
            self.roundTrips = roundTrips
            self.costsPaid = costsPaid
        }

        public func metrics(periodsPerYear: Double) -> PerformanceMetrics {
            PerformanceMetrics.compute(equity: equity, exposures: exposure.dropFirst(), periodsPerYear: periodsPerYear,
                                       tradedNotional: tradedNotional, trades: trades, roundTrips: roundTrips, costsPaid: costsPaid)
        }

        /// Simple period returns of the portfolio.
        public var returns: [Double] { PerformanceMetrics.simpleReturns(equity) }
        /// When the portfolio's max drawdown started, bottomed and ended.
        public var drawdown: DrawdownSpan? { DrawdownSpan.largest(equity: equity, times: times) }
    }
}
