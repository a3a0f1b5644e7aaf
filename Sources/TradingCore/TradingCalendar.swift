import Foundation

/// One trading session: the session date and its open and close instants (UTC).
public struct TradingSession: Sendable, Hashable {
    public var date: LocalDate
    public var open: Date
    public var close: Date
    public var isEarlyClose: Bool

    public init(date: LocalDate, open: Date, close: Date, isEarlyClose: Bool = false) {
        self.date = date
        self.open = open
        self.close = close
        self.isEarlyClose = isEarlyClose
    }
}

/// When a market trades. Decisions on daily bars are taken at a session's close, and posts are
/// aligned to the first decision at or after their time; both questions are answered here.
public protocol TradingCalendar: Sendable {
    /// A short name for reports (`NYSE`, `24/7`).
    var name: String { get }
    /// The zone in which session dates are reckoned.
    var timeZone: TimeZone { get }
    /// The session on `date`, or nil when the market is closed that day.
    func session(on date: LocalDate) -> TradingSession?
}

extension TradingCalendar {
    public func isTradingDay(_ date: LocalDate) -> Bool { session(on: date) != nil }

    /// The first session whose close is at or after `instant`: the decision a post at `instant`
    /// belongs to. A post at exactly the close counts for that session.
    public func firstSession(closingAtOrAfter instant: Date) -> TradingSession {
        var date = LocalDate(instant, in: timeZone)
        // A market is open at least one day in any 30; the bound only guards a broken calendar.
        for _ in 0..<30 {
            if let s = session(on: date), s.close >= instant { return s }
            date = date.adding(days: 1)
        }
        preconditionFailure("calendar \(name) has no session in 30 days after \(instant)")
    }

    /// The next session strictly after `date`.
    public func nextSession(after date: LocalDate) -> TradingSession {
        var d = date.adding(days: 1)
        for _ in 0..<30 {
            if let s = session(on: d) { return s }
            d = d.adding(days: 1)
        }
        preconditionFailure("calendar \(name) has no session in 30 days after \(date)")
    }

    /// All sessions with dates in `[from, to]`.
    public func sessions(from: LocalDate, to: LocalDate) -> [TradingSession] {
        var out: [TradingSession] = []
        var d = from
        while d <= to {
            if let s = session(on: d) { out.append(s) }
            d = d.adding(days: 1)
        }
        return out
    }

    /// The decision instant of a bar that starts at `barTime`: the session close for daily bars,
    /// the end of the interval for intraday bars.
    public func decisionTime(forBarAt barTime: Date, timeframe: Timeframe) -> Date {
        if let seconds = timeframe.seconds { return barTime.addingTimeInterval(seconds) }
        let date = LocalDate(barTime, in: timeZone)
        if let s = session(on: date) { return s.close }
        // A daily bar on a day the calendar calls closed (bad data or an unlisted closure):
        // its close is taken as the regular close of that date, never an earlier time.
        return date.instant(hour: 16, in: timeZone)
    }
}

/// The New York Stock Exchange: 09:30–16:00 America/New_York, weekends and exchange holidays
/// closed, 13:00 early closes. Holidays follow NYSE Rule 7.2 from 1990 through 2035, plus the
/// unscheduled closures of 2001–2025 (see `NYSEHolidays`).
public struct NYSECalendar: TradingCalendar {
    public let name = "NYSE"
    public let timeZone: TimeZone

    public init(timeZone: TimeZone = .newYork) {
        self.timeZone = timeZone
    }

    public func session(on date: LocalDate) -> TradingSession? {
        guard !date.isWeekend, !NYSEHolidays.isHoliday(date) else { return nil }
        let early = NYSEHolidays.isEarlyClose(date)
        return TradingSession(
            date: date,
            open: date.instant(hour: 9, minute: 30, in: timeZone),
            close: date.instant(hour: early ? 13 : 16, in: timeZone),
            isEarlyClose: early)
    }
}

/// A market that never closes (crypto): every UTC day is a session from 00:00 to 24:00.
public struct AlwaysOpenCalendar: TradingCalendar {
    public let name = "24/7"
    public let timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!

    public init() {}

    public func session(on date: LocalDate) -> TradingSession? {
        TradingSession(date: date, open: date.utcMidnight, close: date.adding(days: 1).utcMidnight)
    }
}
