import Foundation
import TradingCore
import XCTest

final class CalendarTests: XCTestCase {
    let nyse = NYSECalendar()

    func date(_ s: String) -> LocalDate {
        guard let d = LocalDate(s) else { fatalError("bad test date \(s)") }
        return d
    }

    func utc(_ s: String) -> Date {
        // "YYYY-MM-DD HH:MM:SS" in UTC
        let p = s.split(separator: " ")
        let d = date(String(p[0]))
        let hms = p[1].split(separator: ":").compactMap { Int($0) }
        return Date(timeIntervalSince1970: Double(d.daysSinceEpoch) * 86_400 + Double(hms[0] * 3600 + hms[1] * 60 + hms[2]))
    }

    func testHolidays2014To2016() {
        let holidays = [
            "2014-01-01", "2014-01-20", "2014-02-17", "2014-04-18", "2014-05-26", "2014-07-04", "2014-09-01", "2014-11-27", "2014-12-25",
            "2015-01-01", "2015-01-19", "2015-02-16", "2015-04-03", "2015-05-25", "2015-07-03", "2015-09-07", "2015-11-26", "2015-12-25",
            "2016-01-01", "2016-01-18", "2016-02-15", "2016-03-25", "2016-05-30", "2016-07-04", "2016-09-05", "2016-11-24", "2016-12-26",
        ]
        for h in holidays { XCTAssertNil(nyse.session(on: date(h)), "\(h) should be a holiday") }
        // Every weekday of 2014–2016 that is not listed trades.
        var d = date("2014-01-01")
        var tradingDays = 0
        while d <= date("2016-12-31") {
            if !d.isWeekend && !holidays.contains(d.description) {
                XCTAssertNotNil(nyse.session(on: d), "\(d) should trade")
                tradingDays += 1
            }
            d = d.adding(days: 1)
        }
        XCTAssertEqual(tradingDays, 252 + 252 + 252)
    }

    func testEarlyCloses2014To2016() {
        let early = ["2014-07-03", "2014-11-28", "2014-12-24", "2015-11-27", "2015-12-24", "2016-11-25"]
        for e in early {
            let s = nyse.session(on: date(e))
            XCTAssertEqual(s?.isEarlyClose, true, e)
            XCTAssertEqual(s?.close, date(e).instant(hour: 13, in: .newYork), e)
        }
        XCTAssertEqual(nyse.session(on: date("2015-07-02"))?.isEarlyClose, false)
        XCTAssertEqual(nyse.session(on: date("2016-12-23"))?.isEarlyClose, false)
        // 13:00 EST on 2014-11-28 is 18:00 UTC.
        XCTAssertEqual(nyse.session(on: date("2014-11-28"))?.close, utc("2014-11-28 18:00:00"))
    }

    func testSpecialClosuresAndOtherYears() {
        for d in ["2001-09-11", "2001-09-14", "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09",
                  "2022-06-20", "2023-06-19", "2021-12-24", "2022-12-26", "2027-06-18", "2030-04-19"] {
            XCTAssertNil(nyse.session(on: date(d)), d)
        }
        // New Year's Day on a Saturday is not observed on the Friday before.
        XCTAssertNotNil(nyse.session(on: date("2021-12-31")))
        XCTAssertNil(nyse.session(on: date("2023-01-02")))  // Sunday Jan 1 → Monday
        XCTAssertEqual(nyse.session(on: date("2024-07-03"))?.isEarlyClose, true)
        XCTAssertEqual(nyse.session(on: date("2026-07-02"))?.isEarlyClose, false)
    }

    func testDSTBoundariesMoveTheUTCClose() {
        // 2015: DST began Sunday March 8 and ended Sunday November 1.
        XCTAssertEqual(nyse.session(on: date("2015-03-06"))?.close, utc("2015-03-06 21:00:00"))
        XCTAssertEqual(nyse.session(on: date("2015-03-09"))?.close, utc("2015-03-09 20:00:00"))
        XCTAssertEqual(nyse.session(on: date("2015-10-30"))?.close, utc("2015-10-30 20:00:00"))
        XCTAssertEqual(nyse.session(on: date("2015-11-02"))?.close, utc("2015-11-02 21:00:00"))
        XCTAssertEqual(nyse.session(on: date("2015-03-09"))?.open, utc("2015-03-09 13:30:00"))
    }

    func testFirstSessionClosingAtOrAfter() {
        // Friday 2015-03-06 after the close (EST) rolls over the weekend to Monday.
        XCTAssertEqual(nyse.firstSession(closingAtOrAfter: utc("2015-03-06 21:00:01")).date, date("2015-03-09"))
        XCTAssertEqual(nyse.firstSession(closingAtOrAfter: utc("2015-03-06 21:00:00")).date, date("2015-03-06"))
        // Before Good Friday 2015 → after close Thursday rolls to Monday April 6.
        XCTAssertEqual(nyse.firstSession(closingAtOrAfter: utc("2015-04-02 20:30:00")).date, date("2015-04-06"))
        XCTAssertEqual(AlwaysOpenCalendar().firstSession(closingAtOrAfter: utc("2015-04-03 23:59:59")).date, date("2015-04-03"))
    }

    func testLocalDateArithmetic() {
        XCTAssertEqual(date("1970-01-01").daysSinceEpoch, 0)
        XCTAssertEqual(date("2000-03-01").daysSinceEpoch, 11017)
        XCTAssertEqual(LocalDate(daysSinceEpoch: 16436), date("2015-01-01"))
        XCTAssertEqual(date("2015-01-01").weekday, 4)
        XCTAssertNil(LocalDate("2015-02-29"))
        XCTAssertNotNil(LocalDate("2016-02-29"))
        for n in stride(from: -1000, to: 30000, by: 7) {
            XCTAssertEqual(LocalDate(daysSinceEpoch: n).daysSinceEpoch, n)
        }
    }
}
