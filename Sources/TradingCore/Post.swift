import Foundation

/// A social post or news headline about one or more symbols: the unit every post source produces.
///
/// `time` is the post's `created_at` in UTC. It belongs to the first decision whose time is at or
/// after it (see `PostAligner` in MarketData), never to an earlier one.
public struct Post: Sendable, Hashable, Codable {
    public var id: String
    public var time: Date
    public var text: String
    public var authorID: String
    /// Author's follower count when known (0 when the source does not say).
    public var followers: Int
    /// Likes + reposts/retweets (+ replies/quotes when the source has them).
    public var engagement: Int
    public var source: PostOrigin
    /// Language tag from the source (`en`, `und`, …) when it gives one.
    public var lang: String?
    /// Symbols the post was collected for (e.g. the StockNet folder, the X query's cashtag).
    public var symbols: [String]

    public init(
        id: String, time: Date, text: String, authorID: String = "", followers: Int = 0,
        engagement: Int = 0, source: PostOrigin, lang: String? = nil, symbols: [String] = []
    ) {
        self.id = id
        self.time = time
        self.text = text
        self.authorID = authorID
        self.followers = followers
        self.engagement = engagement
        self.source = source
        self.lang = lang
        self.symbols = symbols
    }
}

/// Where a post came from; used by filters and reported in statistics.
public enum PostOrigin: String, Sendable, Hashable, Codable, CaseIterable {
    case stocknet
    case x
    case alpacaNews = "alpaca-news"
    case file
    case synthetic
}
