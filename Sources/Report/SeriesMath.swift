import Foundation

/// The derived series a report draws from an equity curve: drawdown, rolling Sharpe, monthly
/// returns. Kept beside the charts (not in Backtest) so the dashboard can draw a journal's equity
/// the same way a backtest report does.
public enum SeriesMath {
    /// Equity normalised to 1 at its first value.
    public static func normalised(_ equity: [Double]) -> [Double] {
        guard let first = equity.first, first > 0 else { return equity.map { _ in 1 } }
        return equity.map { $0 / first }
    }

    /// Drawdown from the running peak (0 at a new high, −0.2 twenty percent below it).
    public static func drawdown(_ equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        return equity.map { e in
            peak = max(peak, e)
            return peak > 0 ? e / peak - 1 : 0
        }
    }

    /// Simple returns between consecutive points.
    public static func returns(_ equity: [Double]) -> [Double] {
        guard equity.count > 1 else { return [] }
        return (1..<equity.count).map { equity[$0 - 1] > 0 ? equity[$0] / equity[$0 - 1] - 1 : 0 }
    }

    /// Annualised Sharpe over a trailing window of `window` returns, aligned with `equity`
    /// (NaN until the window is full, and where the window's returns do not vary).
    public static func rollingSharpe(_ equity: [Double], window: Int = 63, periodsPerYear: Double = 252) -> [Double] {
        let r = returns(equity)
        var out = [Double](repeating: .nan, count: equity.count)
        guard window > 1, r.count >= window else { return out }
        var sum = 0.0, sumSquares = 0.0
        for i in 0..<r.count {
            sum += r[i]
            sumSquares += r[i] * r[i]
            if i >= window {
                sum -= r[i - window]
                sumSquares -= r[i - window] * r[i - window]
            }
            guard i >= window - 1 else { continue }
            let n = Double(window)
            let mean = sum / n
            let variance = max((sumSquares - n * mean * mean) / (n - 1), 0)
            let sd = variance.squareRoot()
            out[i + 1] = sd > 1e-12 ? mean / sd * periodsPerYear.squareRoot() : .nan
        }
        return out
    }

    /// One month's compounded return.
    public struct MonthReturn: Sendable, Equatable {
        public var year: Int
        public var month: Int
        public var value: Double
    }

    /// Compounded return per calendar month (UTC), from each month's last equity point to the
    /// next's; the first month is measured from the first point.
    public static func monthlyReturns(times: [Date], equity: [Double]) -> [MonthReturn] {
        guard times.count == equity.count, !equity.isEmpty else { return [] }
        var out: [MonthReturn] = []
        var base = equity[0]
        var current: (Int, Int)?
        var last = equity[0]
        for (t, e) in zip(times, equity) {
            let c = Calendar.utc.dateComponents([.year, .month], from: t)
            let key = (c.year ?? 0, c.month ?? 0)
            if let cur = current, cur != key {
                out.append(MonthReturn(year: cur.0, month: cur.1, value: base > 0 ? last / base - 1 : 0))
                base = last
            }
            current = key
            last = e
        }
        if let cur = current { out.append(MonthReturn(year: cur.0, month: cur.1, value: base > 0 ? last / base - 1 : 0)) }
        return out
    }
}

/// Months are calendar months in UTC, as the reports' dates are.
extension Calendar {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? c.timeZone
        return c
    }()
}
