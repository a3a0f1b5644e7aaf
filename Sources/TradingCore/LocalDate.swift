import Foundation

/// A calendar date without a time zone (a session date, a file name's date).
///
/// Civil-date arithmetic is done with Howard Hinnant's days-from-civil algorithm, so it is exact,
/// fast and independent of Foundation's calendars; time zones enter only when a date is combined
/// with a wall-clock time in a given zone.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Validates the fields; returns nil for impossible dates such as 2015-02-29.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 → date.
    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = m <= 2 ? y + 1 : y
        month = m
        day = d
    }

    /// Parses `YYYY-MM-DD` (also accepts `YYYY/MM/DD`).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 3, parts[0].count == 4,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int {
        let d = daysSinceEpoch
        return ((d % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
    }

    public var isWeekend: Bool { weekday == 0 || weekday == 6 }

    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// `YYYYMMDD` as an integer key.
    public var key: Int { year * 10_000 + month * 100 + day }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.key < b.key }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The calendar date of `instant` as seen in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let local = instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))
        self.init(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }

    /// The UTC instant of this date at wall-clock `hour:minute` in `zone`.
    /// Exact for times away from the 02:00 DST switch (all exchange times are).
    public func instant(hour: Int, minute: Int = 0, in zone: TimeZone) -> Date {
        let naive = Double(daysSinceEpoch) * 86_400 + Double(hour * 3600 + minute * 60)
        let firstGuess = Date(timeIntervalSince1970: naive - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive))))
        let offset = zone.secondsFromGMT(for: firstGuess)
        return Date(timeIntervalSince1970: naive - Double(offset))
    }

    /// Midnight UTC of this date.
    public var utcMidnight: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400) }
}

extension TimeZone {
    /// America/New_York, where US equity sessions are defined.
    /// Falls back to a fixed UTC−5 only if the system has no tz database (then DST is wrong;
    /// `NYSECalendar.init` checks for this and says so).
    public static let newYork: TimeZone = TimeZone(identifier: "America/New_York") ?? TimeZone(secondsFromGMT: -5 * 3600)!
}
