import Foundation
import TradingCore

/// Parses the timestamp spellings found in bar files: `YYYY-MM-DD` (a session date, taken as
/// midnight America/New_York, Alpaca's convention for daily bars), ISO 8601 with `Z` or an offset
/// (`2024-01-02T14:30:00Z`, `2024-01-02 09:30:00-05:00`, fractional seconds allowed), and Unix
/// epoch seconds or milliseconds.
enum TimestampParser {
    static func parse(_ raw: Substring, dateZone: TimeZone = .newYork) -> Date? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        if text.allSatisfy({ $0.isNumber }) {
            guard let n = Double(text) else { return nil }
            return Date(timeIntervalSince1970: n > 1e11 ? n / 1000 : n)
        }
        if text.count == 10, let d = LocalDate(text) {
            return d.instant(hour: 0, in: dateZone)
        }
        return parseISO(text)
    }

    /// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)?`; no zone means UTC.
    static func parseISO(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count >= 16, let date = LocalDate(String(decoding: chars[0..<10], as: UTF8.self)),
              chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " ") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var v = 0
            for c in chars[range] {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let hh = number(11..<13), chars[13] == UInt8(ascii: ":"), let mm = number(14..<16),
              hh < 24, mm < 60 else { return nil }
        var i = 16
        var seconds = 0.0
        if i < chars.count, chars[i] == UInt8(ascii: ":") {
            guard let ss = number((i + 1)..<(i + 3)), ss < 61 else { return nil }
            seconds = Double(ss)
            i += 3
            if i < chars.count, chars[i] == UInt8(ascii: ".") {
                var j = i + 1
                var scale = 0.1
                while j < chars.count, chars[j] >= 48, chars[j] <= 57 {
                    seconds += Double(chars[j] - 48) * scale
                    scale /= 10
                    j += 1
                }
                i = j
            }
        }
        var offset = 0
        if i < chars.count {
            let c = chars[i]
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                i += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                let sign = c == UInt8(ascii: "+") ? 1 : -1
                guard let oh = number((i + 1)..<(i + 3)) else { return nil }
                var j = i + 3
                if j < chars.count, chars[j] == UInt8(ascii: ":") { j += 1 }
                guard let om = number(j..<(j + 2)) else { return nil }
                offset = sign * (oh * 3600 + om * 60)
                i = j + 2
            } else {
                return nil
            }
        }
        guard i == chars.count else { return nil }
        let base = Double(date.daysSinceEpoch) * 86_400 + Double(hh * 3600 + mm * 60) + seconds
        return Date(timeIntervalSince1970: base - Double(offset))
    }

    /// Twitter v1.1 `created_at`: `Thu Jan 02 15:45:02 +0000 2014`. The numeric fields have fixed
    /// widths (2-digit day, time and zone parts, 4-digit year) and only digits: anything else is not
    /// Twitter's format (and an unbounded year would overflow the date arithmetic).
    static func parseTwitter(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6 else { return nil }
        func digits(_ field: Substring, count: Int) -> Int? {
            guard field.utf8.count == count, field.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return Int(field)
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let mi = months.firstIndex(of: String(parts[1])), let day = digits(parts[2], count: 2),
              let year = digits(parts[5], count: 4), let date = LocalDate(year: year, month: mi + 1, day: day) else { return nil }
        let hms = parts[3].split(separator: ":", omittingEmptySubsequences: false)
        guard hms.count == 3, let h = digits(hms[0], count: 2), let m = digits(hms[1], count: 2), let s = digits(hms[2], count: 2),
              h < 24, m < 60, s < 61 else { return nil }
        let zone = parts[4]
        guard let sign = zone.first, sign == "+" || sign == "-",
              let zh = digits(zone.dropFirst().prefix(2), count: 2), let zm = digits(zone.dropFirst(3), count: 2) else { return nil }
        let offset = (sign == "+" ? 1 : -1) * (zh * 3600 + zm * 60)
        return Date(timeIntervalSince1970: Double(date.daysSinceEpoch) * 86_400 + Double(h * 3600 + m * 60 + s) - Double(offset))
    }
}
