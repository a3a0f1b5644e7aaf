import Foundation
import MarketData
import TestSupport
import TradingCore
import XCTest

final class PostAlignmentTests: XCTestCase {
    func day(_ s: String) -> LocalDate { LocalDate(s) ?? LocalDate(daysSinceEpoch: 0) }

    /// Daily bars for each NYSE session in [from, to].
    func series(_ from: String, _ to: String) -> BarSeries {
        let bars = NYSECalendar().sessions(from: day(from), to: day(to)).map {
            Bar(time: $0.date.instant(hour: 0, in: .newYork), open: 1, high: 1, low: 1, close: 1, volume: 1)
        }
        return BarSeries(symbol: "T", bars: bars)
    }

    func post(_ id: String, _ date: String, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Post {
        let t = day(date).instant(hour: hour, minute: minute, in: .newYork).addingTimeInterval(Double(second))
        return Post(id: id, time: t, text: id, source: .file)
    }

    func testCloseBoundaryAcrossDST() {
        // Spans the 2015-03-08 and 2015-11-01 DST switches.
        for (today, next) in [("2015-03-06", "2015-03-09"), ("2015-03-09", "2015-03-10"),
                              ("2015-10-30", "2015-11-02"), ("2015-11-02", "2015-11-03")] {
            let s = series("2015-03-02", "2015-11-30")
            let posts = [post("a", today, 15, 59, 59), post("b", today, 16, 0, 0), post("c", today, 16, 0, 1)]
            let aligned = PostAligner().align(posts, to: s)
            let dates = s.bars.map { LocalDate($0.time, in: .newYork) }
            func barOf(_ id: String) -> LocalDate? {
                aligned.byBar.firstIndex { $0.contains { $0.id == id } }.map { dates[$0] }
            }
            XCTAssertEqual(barOf("a"), day(today), "15:59:59 ET counts for today (\(today))")
            XCTAssertEqual(barOf("b"), day(today), "exactly 16:00 ET counts for today (\(today))")
            XCTAssertEqual(barOf("c"), day(next), "16:00:01 ET rolls to the next session (\(today))")
        }
    }

    func testWeekendHolidayEarlyCloseAndRange() {
        let s = series("2014-11-24", "2014-12-31")
        let posts = [
            post("thanksgiving", "2014-11-27", 10, 0),   // holiday → Friday 28th
            post("early-before", "2014-11-28", 12, 59),  // before the 13:00 early close
            post("early-after", "2014-11-28", 13, 30),   // after it → Monday Dec 1
            post("saturday", "2014-11-29", 12, 0),       // → Monday Dec 1
            post("old", "2014-11-20", 12, 0),            // before the first bar's window
            post("late", "2015-01-05", 12, 0),           // after the last decision
            post("prev-close", "2014-11-21", 16, 30),    // after the prior close → first bar
        ]
        let aligned = PostAligner().align(posts, to: s)
        let dates = s.bars.map { LocalDate($0.time, in: .newYork).description }
        var where_: [String: String] = [:]
        for (i, bucket) in aligned.byBar.enumerated() { for p in bucket { where_[p.id] = dates[i] } }
        XCTAssertEqual(where_["thanksgiving"], "2014-11-28")
        XCTAssertEqual(where_["early-before"], "2014-11-28")
        XCTAssertEqual(where_["early-after"], "2014-12-01")
        XCTAssertEqual(where_["saturday"], "2014-12-01")
        XCTAssertEqual(where_["prev-close"], "2014-11-24")
        XCTAssertNil(where_["old"])
        XCTAssertNil(where_["late"])
        XCTAssertEqual(aligned.beforeRange, 1)
        XCTAssertEqual(aligned.afterRange, 1)
    }

    func testTwitterDatesAndBadLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tweets/AAA"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = [
            #"{"created_at": "Thu Jan 02 15:45:02 +0000 2014", "id_str": "1", "text": "$AAA up", "lang": "en", "retweet_count": 2, "favorite_count": 3, "user": {"id_str": "u1", "followers_count": 10}}"#,
            #"{"created_at": "not a date", "id_str": "2", "text": "x"}"#,
            #"{broken json"#,
            #"{"created_at": "Thu Jan 02 15:45:02 +0000 2014", "text": "no id"}"#,
            "",
        ]
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("tweets/AAA/2014-01-02"), atomically: true, encoding: .utf8)
        let result = try StockNetLoader(root: dir.path).posts("AAA")
        XCTAssertEqual(result.posts.count, 1)
        XCTAssertEqual(result.posts[0].time.timeIntervalSince1970, 1_388_677_502)
        XCTAssertEqual(result.posts[0].engagement, 5)
        XCTAssertEqual(result.posts[0].followers, 10)
        XCTAssertEqual(result.skipped.map(\.line), [2, 3, 4])
        XCTAssertTrue(result.skipped[0].description.hasSuffix("2014-01-02:2: created_at 'not a date' is not in Twitter format"))
    }

    func testStockNetTweetsLoadAndAlign() throws {
        let root = try SharedData.path("stocknet")
        let sn = StockNetLoader(root: root)
        let posts = try sn.posts("AAPL", from: day("2014-01-01"), to: day("2015-12-31"))
        XCTAssertGreaterThan(posts.posts.count, 10_000)
        XCTAssertLessThan(Double(posts.skipped.count), Double(posts.posts.count) * 0.01)
        let prices = try sn.prices("AAPL").slice(from: day("2014-01-01").utcMidnight, to: day("2015-12-31").utcMidnight)
        let aligned = PostAligner().align(posts.posts, to: prices)
        XCTAssertEqual(aligned.assignedCount + aligned.beforeRange + aligned.afterRange, posts.posts.count)
        XCTAssertGreaterThan(aligned.assignedCount, posts.posts.count * 9 / 10)
    }
}

final class PostFileLoaderTests: XCTestCase {
    func testJSONLinesFieldsAndBadLines() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("posts-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = [
            #"{"id": "1", "time": "2015-03-09T19:59:59Z", "text": "$ABC beats", "symbol": "abc", "followers": 10, "engagement": 3}"#,
            #"{"id_str": "2", "created_at": "Mon Mar 09 21:00:01 +0000 2015", "text": "tweet", "user": {"id_str": "u", "followers_count": 5}, "retweet_count": 1, "favorite_count": 2}"#,
            #"{"id": 3, "timestamp": 1425931200, "headline": "News", "symbols": ["ABC", "XYZ"]}"#,
            #"{"id": "4", "time": "yesterday", "text": "x"}"#,
            #"not json"#,
            #"{"time": "2015-03-09T19:59:59Z", "text": "no id"}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try PostFileLoader().load(path: path, defaultSymbol: "ABC")
        XCTAssertEqual(r.posts.map(\.id), ["1", "3", "2"])
        XCTAssertEqual(r.posts.first { $0.id == "2" }?.engagement, 3)
        XCTAssertEqual(r.posts.first { $0.id == "2" }?.followers, 5)
        XCTAssertEqual(r.posts.first { $0.id == "1" }?.symbols, ["ABC"])
        XCTAssertEqual(r.skipped.map(\.line), [4, 5, 6])
        XCTAssertTrue(r.skipped[0].reason.hasPrefix("field 'time' has value 'yesterday'"))
        XCTAssertEqual(try PostFileLoader().load(path: path, symbol: "XYZ").posts.map(\.id), ["3"])
        XCTAssertThrowsError(try PostFileLoader().load(path: path + ".missing"))
    }
}
