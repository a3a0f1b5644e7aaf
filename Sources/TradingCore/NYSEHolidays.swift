import Foundation

/// NYSE full-day holidays and 13:00 early closes.
///
/// Rules (NYSE Rule 7.2): New Year's Day (Sunday → Monday; Saturday → no holiday), Martin Luther
/// King Jr. Day (3rd Monday of January, from 1998), Washington's Birthday (3rd Monday of February),
/// Good Friday, Memorial Day (last Monday of May), Juneteenth (from 2022), Independence Day,
/// Labor Day (1st Monday of September), Thanksgiving (4th Thursday of November), Christmas.
/// Saturday holidays are observed the Friday before and Sunday holidays the Monday after.
/// Early closes: the day after Thanksgiving, Christmas Eve Monday–Thursday, and July 3 Monday–Thursday
/// (2013 on; earlier years are listed as they happened). Unscheduled closures are listed by date.
public enum NYSEHolidays {
    /// Closures not given by the rules: 9/11, presidential funerals, Hurricane Sandy.
    static let specialClosures: Set<Int> = [
        20010911, 20010912, 20010913, 20010914, 20040611, 20070102,
        20121029, 20121030, 20181205, 20250109,
    ]

    /// Independence Day eves that closed early before the rule settled in 2013.
    static let earlyJuly: Set<Int> = [20000703, 20010703, 20020705, 20030703, 20060703, 20070703, 20080703, 20120703]

    /// The first and last years the rules are asserted for.
    public static let coveredYears = 1990...2035

    /// Rule holidays of the covered years, computed once.
    static let coveredHolidays: Set<Int> = coveredYears.reduce(into: Set<Int>()) { $0.formUnion(holidays(in: $1)) }

    public static func isHoliday(_ date: LocalDate) -> Bool {
        if specialClosures.contains(date.key) { return true }
        if coveredYears.contains(date.year) { return coveredHolidays.contains(date.key) }
        return holidays(in: date.year).contains(date.key)
    }

    public static func isEarlyClose(_ date: LocalDate) -> Bool {
        guard !date.isWeekend, !isHoliday(date) else { return false }
        let wd = date.weekday
        // Day after Thanksgiving.
        if date.month == 11, date == thanksgiving(date.year).adding(days: 1) { return true }
        // Christmas Eve on Monday–Thursday.
        if date.month == 12, date.day == 24, (1...4).contains(wd) { return true }
        if date.month == 7 {
            if date.year >= 2013 { return date.day == 3 && (1...4).contains(wd) }
            return earlyJuly.contains(date.key)
        }
        return false
    }

    /// The rule-based holidays of `year` as `YYYYMMDD` keys.
    public static func holidays(in year: Int) -> Set<Int> {
        var days: [LocalDate] = []
        func fixed(_ month: Int, _ day: Int) -> LocalDate? { LocalDate(year: year, month: month, day: day) }
        func observed(_ d: LocalDate) -> LocalDate {
            switch d.weekday {
            case 6: return d.adding(days: -1)
            case 0: return d.adding(days: 1)
            default: return d
            }
        }
        if let ny = fixed(1, 1) {
            if ny.weekday == 0 { days.append(ny.adding(days: 1)) } else if ny.weekday != 6 { days.append(ny) }
        }
        if year >= 1998 { days.append(nthWeekday(3, weekday: 1, month: 1, year: year)) }
        days.append(nthWeekday(3, weekday: 1, month: 2, year: year))
        days.append(easter(year).adding(days: -2))
        days.append(lastWeekday(1, month: 5, year: year))
        if year >= 2022, let j = fixed(6, 19) { days.append(observed(j)) }
        if let j = fixed(7, 4) { days.append(observed(j)) }
        days.append(nthWeekday(1, weekday: 1, month: 9, year: year))
        days.append(thanksgiving(year))
        if let c = fixed(12, 25) { days.append(observed(c)) }
        return Set(days.map(\.key))
    }

    static func thanksgiving(_ year: Int) -> LocalDate { nthWeekday(4, weekday: 4, month: 11, year: year) }

    /// The `n`th `weekday` (0 = Sunday) of a month.
    static func nthWeekday(_ n: Int, weekday: Int, month: Int, year: Int) -> LocalDate {
        let first = LocalDate(daysSinceEpoch: LocalDate(firstOf: month, year).daysSinceEpoch)
        let shift = (weekday - first.weekday + 7) % 7
        return first.adding(days: shift + 7 * (n - 1))
    }

    /// The last `weekday` of a month.
    static func lastWeekday(_ weekday: Int, month: Int, year: Int) -> LocalDate {
        let lastDay = LocalDate(firstOf: month, year).adding(days: LocalDate.daysIn(month: month, year: year) - 1)
        let back = (lastDay.weekday - weekday + 7) % 7
        return lastDay.adding(days: -back)
    }

    /// Gregorian Easter Sunday (anonymous Gregorian algorithm).
    static func easter(_ year: Int) -> LocalDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(firstOf: month, year).adding(days: day - 1)
    }
}

extension LocalDate {
    /// The first day of a month (months outside 1…12 are a programming error).
    init(firstOf month: Int, _ year: Int) {
        precondition((1...12).contains(month), "month \(month) out of range")
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.init(daysSinceEpoch: era * 146_097 + doe - 719_468)
    }
}
