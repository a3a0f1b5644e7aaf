import Foundation

/// Builds an X API v2 search query for a set of symbols: `($AAPL OR #AAPL …) lang:en -is:retweet`.
/// Recent search accepts 512 characters (Basic/Pro tiers); `build()` refuses longer queries.
public struct XQuery: Sendable, Hashable {
    public var symbols: [String]
    public var cashtags: Bool
    public var hashtags: Bool
    public var language: String?
    public var excludeRetweets: Bool
    /// Extra operators appended verbatim (e.g. `-is:reply has:links`).
    public var extra: String?
    public var maxLength: Int

    public init(symbols: [String], cashtags: Bool = true, hashtags: Bool = true, language: String? = "en",
                excludeRetweets: Bool = true, extra: String? = nil, maxLength: Int = 512) {
        self.symbols = symbols
        self.cashtags = cashtags
        self.hashtags = hashtags
        self.language = language
        self.excludeRetweets = excludeRetweets
        self.extra = extra
        self.maxLength = maxLength
    }

    public func build() throws -> String {
        let terms = symbols.flatMap { symbol -> [String] in
            let s = symbol.uppercased().filter { $0.isLetter || $0.isNumber }
            return (cashtags ? ["$" + s] : []) + (hashtags ? ["#" + s] : [])
        }
        guard !terms.isEmpty else { throw ConnectorError.invalidRequest("an X query needs at least one symbol") }
        var parts = [terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")"]
        if let language { parts.append("lang:\(language)") }
        if excludeRetweets { parts.append("-is:retweet") }
        if let extra, !extra.isEmpty { parts.append(extra) }
        let query = parts.joined(separator: " ")
        guard query.count <= maxLength else {
            throw ConnectorError.invalidRequest("X query is \(query.count) characters, over the \(maxLength) limit: split the symbols")
        }
        return query
    }

    /// The query's symbols mentioned in `text` as `$SYM` or `#SYM` (case-insensitive).
    public func mentioned(in text: String) -> [String] {
        let upper = text.uppercased()
        return symbols.filter { upper.contains("$" + $0.uppercased()) || upper.contains("#" + $0.uppercased()) }
    }
}
