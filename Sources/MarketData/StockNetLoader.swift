import Foundation
import TradingCore

/// Reads the StockNet dataset layout (Xu & Cohen 2018): `prices/TICKER.csv` (Yahoo CSV) and
/// `tweets/TICKER/YYYY-MM-DD` (one Twitter v1.1 JSON object per line, grouped by UTC day).
///
/// Bad tweet lines (invalid JSON, missing id/text/created_at, unparsable dates) are skipped and
/// reported with file:line; price files are loaded strictly by `CSVBarLoader`.
public struct StockNetLoader: Sendable {
    public let root: String
    public var barLoader: CSVBarLoader

    public init(root: String, barLoader: CSVBarLoader = CSVBarLoader()) {
        self.root = root
        self.barLoader = barLoader
    }

    /// Symbols with a price file, sorted.
    public func symbols() throws -> [String] {
        let dir = root + "/prices"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw MarketDataError.notFound(path: dir, what: "StockNet prices folder")
        }
        return names.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
    }

    public func prices(_ symbol: String) throws -> BarSeries {
        let path = "\(root)/prices/\(symbol).csv"
        guard FileManager.default.fileExists(atPath: path) else {
            throw MarketDataError.notFound(path: path, what: "price file for \(symbol)")
        }
        return try barLoader.load(path: path, symbol: symbol)
    }

    /// Tweets about `symbol` from the day files whose UTC dates lie in `[from, to]` (either optional),
    /// sorted by time.
    public func posts(_ symbol: String, from: LocalDate? = nil, to: LocalDate? = nil) throws -> PostLoadResult {
        let dir = "\(root)/tweets/\(symbol)"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw MarketDataError.notFound(path: dir, what: "StockNet tweet folder for \(symbol)")
        }
        var result = PostLoadResult()
        for name in names.sorted() {
            guard let day = LocalDate(name) else {
                result.skipped.append(SkippedLine(file: "\(dir)/\(name)", line: 0, reason: "file name is not a YYYY-MM-DD date"))
                continue
            }
            if let from, day < from { continue }
            if let to, day > to { continue }
            let path = "\(dir)/\(name)"
            guard let data = FileManager.default.contents(atPath: path) else {
                result.skipped.append(SkippedLine(file: path, line: 0, reason: "unreadable"))
                continue
            }
            result.filesRead += 1
            StockNetTweetParser.parse(data, file: path, symbol: symbol, into: &result)
        }
        result.posts.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        return result
    }
}

/// Posts read from files, with the lines that could not be used.
public struct PostLoadResult: Sendable {
    public var posts: [Post] = []
    public var skipped: [SkippedLine] = []
    public var filesRead = 0

    public init(posts: [Post] = [], skipped: [SkippedLine] = [], filesRead: Int = 0) {
        self.posts = posts
        self.skipped = skipped
        self.filesRead = filesRead
    }
}

/// Decodes Twitter v1.1 JSON lines as StockNet stores them.
enum StockNetTweetParser {
    struct Tweet: Decodable {
        struct User: Decodable {
            var id_str: String?
            var followers_count: Int?
        }
        var created_at: String?
        var id_str: String?
        var text: String?
        var lang: String?
        var retweet_count: Int?
        var favorite_count: Int?
        var user: User?
    }

    static func parse(_ data: Data, file: String, symbol: String, into result: inout PostLoadResult) {
        let decoder = JSONDecoder()
        var lineNo = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNo += 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            let tweet: Tweet
            do {
                tweet = try decoder.decode(Tweet.self, from: Data(line))
            } catch {
                result.skipped.append(SkippedLine(file: file, line: lineNo, reason: "invalid JSON"))
                continue
            }
            guard let id = tweet.id_str, !id.isEmpty else {
                result.skipped.append(SkippedLine(file: file, line: lineNo, reason: "missing id_str"))
                continue
            }
            guard let text = tweet.text else {
                result.skipped.append(SkippedLine(file: file, line: lineNo, reason: "missing text (id \(id))"))
                continue
            }
            guard let raw = tweet.created_at, let time = TimestampParser.parseTwitter(raw) else {
                result.skipped.append(SkippedLine(file: file, line: lineNo,
                                                  reason: "created_at '\(tweet.created_at ?? "")' is not in Twitter format"))
                continue
            }
            let (engagement, overflow) = max(tweet.retweet_count ?? 0, 0).addingReportingOverflow(max(tweet.favorite_count ?? 0, 0))
            guard !overflow else {
                result.skipped.append(SkippedLine(file: file, line: lineNo,
                                                  reason: "retweet_count + favorite_count is out of range (id \(id))"))
                continue
            }
            result.posts.append(Post(
                id: id, time: time, text: text, authorID: tweet.user?.id_str ?? "",
                followers: max(tweet.user?.followers_count ?? 0, 0),
                engagement: engagement,
                source: .stocknet, lang: tweet.lang, symbols: [symbol]))
        }
    }
}
