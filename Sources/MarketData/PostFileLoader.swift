import Foundation
import TradingCore

/// Reads a user's own posts from JSON Lines, one object per line, so any source can be brought in
/// without code. Accepted fields (first match wins):
///
/// - id: `id`, `id_str`
/// - time: `time`, `created_at`, `timestamp` — ISO 8601, Twitter format, or epoch seconds
/// - text: `text`, `headline`, `content`
/// - author: `author_id`, `author`, `user.id_str`; followers: `followers`, `user.followers_count`
/// - engagement: `engagement`, or the sum of `retweet_count`, `favorite_count`, `like_count`, `reply_count`
/// - symbols: `symbols` (array) or `symbol`; lang: `lang`
///
/// Lines that cannot be used are skipped and reported with file:line, never guessed at.
public struct PostFileLoader: Sendable {
    public init() {}

    /// Loads `path`; posts without symbols get `defaultSymbol` when given. Filters to `symbol`
    /// when given (posts whose symbols include it).
    public func load(path: String, symbol: String? = nil, defaultSymbol: String? = nil) throws -> PostLoadResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MarketDataError.unreadable(file: path, reason: "file not found or not readable")
        }
        var result = PostLoadResult()
        result.filesRead = 1
        var lineNo = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNo += 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                result.skipped.append(SkippedLine(file: path, line: lineNo, reason: "not a JSON object"))
                continue
            }
            switch Self.post(from: object, defaultSymbol: defaultSymbol) {
            case .success(let post):
                if let symbol, !post.symbols.contains(symbol) { continue }
                result.posts.append(post)
            case .failure(let reason):
                result.skipped.append(SkippedLine(file: path, line: lineNo, reason: reason.text))
            }
        }
        result.posts.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        return result
    }

    struct Reason: Error { var text: String }

    static func post(from o: [String: Any], defaultSymbol: String?) -> Result<Post, Reason> {
        let user = o["user"] as? [String: Any]
        func string(_ keys: String..., in dict: [String: Any]? = nil) -> String? {
            for k in keys {
                if let s = (dict ?? o)[k] as? String { return s }
                if let n = (dict ?? o)[k] as? NSNumber { return n.stringValue }
            }
            return nil
        }
        func int(_ key: String, in dict: [String: Any]? = nil) -> Int? { ((dict ?? o)[key] as? NSNumber)?.intValue }
        guard let id = string("id", "id_str"), !id.isEmpty else { return .failure(Reason(text: "missing field 'id'")) }
        guard let text = string("text", "headline", "content") else { return .failure(Reason(text: "missing field 'text' (id \(id))")) }
        guard let rawTime = o["time"] ?? o["created_at"] ?? o["timestamp"] else {
            return .failure(Reason(text: "missing field 'time' (id \(id))"))
        }
        let time: Date?
        if let n = rawTime as? NSNumber {
            time = Date(timeIntervalSince1970: n.doubleValue > 1e11 ? n.doubleValue / 1000 : n.doubleValue)
        } else if let s = rawTime as? String {
            time = TimestampParser.parseISO(s) ?? TimestampParser.parseTwitter(s) ?? TimestampParser.parse(Substring(s))
        } else {
            time = nil
        }
        guard let time else { return .failure(Reason(text: "field 'time' has value '\(rawTime)': not ISO 8601, Twitter format or epoch seconds")) }
        // Years 1–9999: what RFC 3339 (and so every file Sentrade writes posts to) can represent.
        guard time.timeIntervalSince1970 >= -62_135_596_800, time.timeIntervalSince1970 < 253_402_300_800 else {
            return .failure(Reason(text: "field 'time' has value '\(rawTime)': outside the years 1 to 9999"))
        }
        var symbols = (o["symbols"] as? [String]) ?? string("symbol").map { [$0] } ?? []
        if symbols.isEmpty, let defaultSymbol { symbols = [defaultSymbol] }
        var engagement = 0
        if let given = int("engagement") {
            engagement = given
        } else {
            for count in ["retweet_count", "favorite_count", "like_count", "reply_count"].compactMap({ int($0) }) {
                let (sum, overflow) = engagement.addingReportingOverflow(max(count, 0))
                guard !overflow else { return .failure(Reason(text: "engagement counts add up beyond \(Int.max) (id \(id))")) }
                engagement = sum
            }
        }
        return .success(Post(
            id: id, time: time, text: text,
            authorID: string("author_id", "author") ?? string("id_str", in: user) ?? "",
            followers: max(int("followers") ?? int("followers_count", in: user) ?? 0, 0),
            engagement: max(engagement, 0), source: .file, lang: string("lang"),
            symbols: symbols.map { $0.uppercased() }))
    }
}
