import Foundation
import MarketData
import TestSupport
import TradingCore
import XCTest

final class CSVBarLoaderTests: XCTestCase {
    let loader = CSVBarLoader()
    let yahooHeader = "Date,Open,High,Low,Close,Adj Close,Volume\n"

    func parseError(_ text: String) -> String {
        do {
            _ = try loader.parse(text, file: "t.csv", symbol: "T")
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    func testYahooAndPlainFormats() throws {
        let y = try loader.parse(yahooHeader + "2014-01-02,10,11,9,10.5,9.9,1000\n2014-01-03,10.5,12,10,11,10.4,2000\n",
                                 file: "t.csv", symbol: "T")
        XCTAssertEqual(y.count, 2)
        XCTAssertEqual(y.bars[1].close, 11)
        XCTAssertEqual(y.bars[0].time, LocalDate(year: 2014, month: 1, day: 2)?.instant(hour: 0, in: .newYork))
        let p = try loader.parse("time,open,high,low,close,volume\n2024-01-02T14:30:00Z,1,2,0.5,1.5,10\n1704206000,1,2,0.5,1.5,10\n",
                                 file: "p.csv", symbol: "P")
        XCTAssertEqual(p.bars[0].time.timeIntervalSince1970, 1_704_205_800)
        let adj = try CSVBarLoader(useAdjustedClose: true).parse(yahooHeader + "2014-01-02,10,11,9,10,5,1000\n", file: "t", symbol: "T")
        XCTAssertEqual(adj.bars[0].open, 5)
        XCTAssertEqual(adj.bars[0].close, 5)
    }

    func testErrorsNameFileLineFieldAndValue() {
        XCTAssertEqual(parseError(yahooHeader + "2014-01-02,10,11,9,10.5,9.9,1000\n2014-01-02,10,11,9,10.5,9.9,1000\n"),
                       "t.csv:3: duplicate timestamp 2014-01-02")
        XCTAssertTrue(parseError(yahooHeader + "2014-01-03,10,11,9,10.5,9.9,1000\n2014-01-02,10,11,9,10.5,9.9,1000\n")
            .hasPrefix("t.csv:3: timestamp 2014-01-02 is earlier than the previous row's 2014-01-03"))
        XCTAssertEqual(parseError(yahooHeader + "2014-01-02,10,11,9,-1,9.9,1000\n"),
                       "t.csv:2: field 'close' has value '-1': prices must be positive")
        XCTAssertEqual(parseError(yahooHeader + "2014-01-02,10,11,9,nan,9.9,1000\n"),
                       "t.csv:2: field 'close' has value 'nan': not a finite number")
        XCTAssertEqual(parseError(yahooHeader + "2014-01-02,10,11,9,null,9.9,1000\n"),
                       "t.csv:2: field 'close' has value 'null': not a finite number")
        XCTAssertEqual(parseError(yahooHeader + "2014-01-02,10,8,9,10,9.9,1000\n"),
                       "t.csv:2: field 'high' has value '8': high is below low (9)")
        XCTAssertEqual(parseError("Date,Open,Close\n2014-01-02,1,2\n"),
                       "t.csv:1: missing column(s) high, low, volume in header 'Date,Open,Close'")
        XCTAssertEqual(parseError(yahooHeader + "01/02/2014x,10,11,9,10,9.9,1000\n"),
                       "t.csv:2: field 'date' has value '01/02/2014x': not a date (YYYY-MM-DD), ISO 8601 time or epoch seconds")
        XCTAssertEqual(parseError(yahooHeader + "2014-01-02,10,11\n"), "t.csv:2: expected 7 fields, found 3")
        XCTAssertEqual(parseError(yahooHeader), "t.csv: no data rows")
        XCTAssertEqual(parseError(yahooHeader + "2014-01-02,10,11,9,10,9.9,-5\n"),
                       "t.csv:2: field 'volume' has value '-5': volume must not be negative")
    }

    func testWriterRoundTrips() throws {
        let s = try loader.parse(yahooHeader + "2014-01-02,10,11,9,10.5,9.9,1000\n2014-01-03,10.5,12,10,11.25,10.4,2000\n",
                                 file: "t.csv", symbol: "T")
        let back = try loader.parse(CSVBarWriter.csv(s), file: "w.csv", symbol: "T")
        XCTAssertEqual(back.bars, s.bars)
    }

    func testStockNetPriceFilesLoad() throws {
        let root = try SharedData.path("stocknet")
        let sn = StockNetLoader(root: root)
        let symbols = try sn.symbols()
        XCTAssertEqual(symbols, ["AAPL", "BA", "GE", "JPM", "KO", "MSFT", "PFE", "XOM"])
        let calendar = NYSECalendar()
        for s in symbols {
            let series = try sn.prices(s)
            XCTAssertGreaterThan(series.count, 1000)
            // Every bar in 2014–2016 falls on an NYSE session, and every session has a bar.
            let inRange = series.bars.map { LocalDate($0.time, in: .newYork) }.filter { $0.year >= 2014 && $0.year <= 2016 }
            XCTAssertTrue(inRange.allSatisfy { calendar.isTradingDay($0) }, s)
            guard let from = LocalDate("2014-01-01"), let to = LocalDate("2016-12-31") else { return }
            XCTAssertEqual(inRange.count, calendar.sessions(from: from, to: to).count, s)
        }
    }
}
