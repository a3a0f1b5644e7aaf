import Foundation

/// One OHLCV bar: the unit every price source produces and every consumer reads.
///
/// `time` is the UTC start of the bar's interval (Alpaca's convention). For daily bars
/// loaded from date-only files it is midnight America/New_York of the session date, so that
/// daily bars from CSV and from Alpaca agree. The moment a decision on this bar is taken is
/// its *close*, which a `TradingCalendar` gives (16:00 New York for a regular day).
public struct Bar: Sendable, Hashable, Codable {
    public var time: Date
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(time: Date, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}

/// A symbol's bars in ascending time order; the unit loaders return and features consume.
public struct BarSeries: Sendable, Hashable {
    public var symbol: String
    public var timeframe: Timeframe
    public var bars: [Bar]

    public init(symbol: String, timeframe: Timeframe = .day, bars: [Bar]) {
        self.symbol = symbol
        self.timeframe = timeframe
        self.bars = bars
    }

    public var count: Int { bars.count }

    /// Bars whose time lies in `[from, to]` (either bound optional). Inclusive on both ends.
    public func slice(from: Date? = nil, to: Date? = nil) -> BarSeries {
        let kept = bars.filter { bar in
            if let from, bar.time < from { return false }
            if let to, bar.time > to { return false }
            return true
        }
        return BarSeries(symbol: symbol, timeframe: timeframe, bars: kept)
    }

    /// Contiguous close prices, for numeric loops.
    public var closes: [Double] { bars.map(\.close) }
}

/// The length of one bar. Daily bars follow the exchange session; intraday bars are fixed intervals.
public enum Timeframe: Sendable, Hashable, Codable, CustomStringConvertible {
    case minutes(Int)
    case hours(Int)
    case day

    /// Interval length in seconds for intraday timeframes; nil for `.day` (session-defined).
    public var seconds: TimeInterval? {
        switch self {
        case .minutes(let n): return TimeInterval(n * 60)
        case .hours(let n): return TimeInterval(n * 3600)
        case .day: return nil
        }
    }

    /// Bars per year used to annualise metrics (252 trading days; intraday assumes 6.5 h sessions).
    public var periodsPerYear: Double {
        switch self {
        case .day: return 252
        case .hours(let n): return 252 * 6.5 / Double(n)
        case .minutes(let n): return 252 * 390 / Double(n)
        }
    }

    /// Alpaca-style spelling: `1Day`, `15Min`, `1Hour`.
    public var description: String {
        switch self {
        case .day: return "1Day"
        case .minutes(let n): return "\(n)Min"
        case .hours(let n): return "\(n)Hour"
        }
    }

    /// Parses `1Day`, `15Min`, `1Hour` (case-insensitive; `1d`, `5m`, `1h` too).
    public init?(_ text: String) {
        let lower = text.lowercased()
        let digits = lower.prefix { $0.isNumber }
        let unit = lower.dropFirst(digits.count)
        let n = Int(digits) ?? 1
        guard n > 0 else { return nil }
        switch unit {
        case "day", "d": guard n == 1 else { return nil }; self = .day
        case "min", "m", "t": self = .minutes(n)
        case "hour", "h": self = .hours(n)
        default: return nil
        }
    }
}
