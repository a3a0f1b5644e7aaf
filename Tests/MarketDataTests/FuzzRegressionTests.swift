import Foundation
import MarketData
import TradingCore
import XCTest

/// Inputs the fuzz targets (`Fuzz/CSVBars`, `Fuzz/StockNetTweets`, `Fuzz/PostsJSONL`) crashed on,
/// fed through the same public API: each must now be refused with an error or a skipped line that
/// names the file, line and value. The same inputs are seeds of those targets (`regression-*`).
final class FuzzRegressionTests: XCTestCase {
    func temporaryFile(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-fuzz-regression-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// `Adj Close / Close` of 1e300 / 1e-300 is infinite: adjusted bars with infinite prices were accepted.
    func testAdjustedCloseThatOverflowsIsRefused() {
        let text = "Date,Open,High,Low,Close,Adj Close,Volume\n2014-01-02,1,1,1,1e-300,1e300,1\n"
        XCTAssertThrowsError(try CSVBarLoader(useAdjustedClose: true).parse(text, file: "t.csv", symbol: "T")) { error in
            XCTAssertTrue("\(error)".hasPrefix("t.csv:2: field 'adj close' has value '1e300': adjusting by adj close / close"), "\(error)")
        }
        XCTAssertNoThrow(try CSVBarLoader(useAdjustedClose: false).parse(text, file: "t.csv", symbol: "T"), "unadjusted, the row is valid")
    }

    /// A year of 9223372036854775807 in `created_at` overflowed the date arithmetic (trap).
    func testTweetWithAHugeYearIsSkipped() throws {
        let line = #"{"created_at": "Thu Jan 02 15:45:02 +0000 9223372036854775807", "id_str": "1", "text": "x"}"# + "\n"
        let path = try temporaryFile("tweets/FUZZ/2014-01-02", line)
        let root = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let result = try StockNetLoader(root: root).posts("FUZZ")
        XCTAssertEqual(result.posts.count, 0)
        XCTAssertEqual(result.skipped.map(\.description),
                       ["\(path):1: created_at 'Thu Jan 02 15:45:02 +0000 9223372036854775807' is not in Twitter format"])
    }

    /// retweet_count + favorite_count overflowed Int (trap).
    func testTweetWhoseCountsOverflowIsSkipped() throws {
        let line = #"{"created_at": "Thu Jan 02 15:45:02 +0000 2014", "id_str": "1", "text": "x", "retweet_count": 9223372036854775807, "favorite_count": 1}"# + "\n"
        let path = try temporaryFile("tweets/FUZZ/2014-01-02", line)
        let root = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let result = try StockNetLoader(root: root).posts("FUZZ")
        XCTAssertEqual(result.posts.count, 0)
        XCTAssertEqual(result.skipped.map(\.description), ["\(path):1: retweet_count + favorite_count is out of range (id 1)"])
    }

    /// Posts files: counts that overflow when summed (trap), a Twitter date with a huge year (trap),
    /// epoch 1e300 (accepted, then the writer trapped formatting it), and a millisecond timestamp
    /// 22 digits long (accepted as year ~5e10, written back as a date no reader could parse).
    func testPostsWithOutOfRangeValuesAreSkipped() throws {
        let cases: [(String, String)] = [
            (#"{"id":"1","time":"2024-01-02T00:00:00Z","text":"x","like_count":9223372036854775807,"reply_count":1}"#,
             "engagement counts add up beyond 9223372036854775807 (id 1)"),
            (#"{"id":"1","time":"Thu Jan 02 15:45:02 +0000 9223372036854775807","text":"x"}"#,
             "field 'time' has value 'Thu Jan 02 15:45:02 +0000 9223372036854775807': not ISO 8601, Twitter format or epoch seconds"),
            (#"{"id":"1","time":1e300,"text":"x"}"#, "field 'time' has value '1e+300': outside the years 1 to 9999"),
            (#"{"id":"ms","timestamp":1704205801704205800123,"content":"mi|lis"}"#,
             "field 'time' has value '1704205801704205800123': outside the years 1 to 9999"),
        ]
        for (line, reason) in cases {
            let path = try temporaryFile("posts.jsonl", line + "\n")
            let result = try PostFileLoader().load(path: path)
            XCTAssertEqual(result.posts.count, 0, line)
            XCTAssertEqual(result.skipped.map(\.description), ["\(path):1: \(reason)"], line)
        }
    }
}
