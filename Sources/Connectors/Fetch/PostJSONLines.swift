import Foundation
import TradingCore

/// Posts as JSON Lines in the shape `PostFileLoader` reads (`id, time, text, author_id,
/// followers, engagement, source, lang, symbols`), plus what a resumed fetch needs from a file.
public enum PostJSONLines {
    public static func line(_ post: Post) -> String {
        var object: [String: Any] = [
            "id": post.id, "time": RFC3339.format(post.time), "text": post.text, "author_id": post.authorID,
            "followers": post.followers, "engagement": post.engagement, "source": post.source.rawValue,
            "symbols": post.symbols,
        ]
        if let lang = post.lang { object["lang"] = lang }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// What an existing output file already holds: ids, newest X id, newest time.
    public struct Resume: Sendable {
        public var ids: Set<String> = []
        /// The largest numeric id among `x` posts: the next search's `since_id`.
        public var sinceID: String?
        public var newestTime: Date?

        public init() {}
    }

    public static func resume(path: String) -> Resume {
        var state = Resume()
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return state }
        for line in text.split(whereSeparator: \.isNewline) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = object["id"] as? String else { continue }
            state.ids.insert(id)
            if object["source"] as? String == PostOrigin.x.rawValue, isNewer(id, than: state.sinceID) { state.sinceID = id }
            if let time = (object["time"] as? String).flatMap(RFC3339.parse), time > (state.newestTime ?? .distantPast) {
                state.newestTime = time
            }
        }
        return state
    }

    /// Numeric snowflake comparison on strings (longer is larger).
    static func isNewer(_ id: String, than other: String?) -> Bool {
        guard let other else { return id.allSatisfy(\.isNumber) }
        guard id.allSatisfy(\.isNumber) else { return false }
        return id.count != other.count ? id.count > other.count : id > other
    }
}
