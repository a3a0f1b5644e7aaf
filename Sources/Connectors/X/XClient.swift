import Foundation
import Logging
import TradingCore

/// X (Twitter) API v2 recent search as a post source: app-only bearer auth, `next_token` paging,
/// `since_id` for incremental polling, author follower counts via `expansions=author_id`, and the
/// `x-rate-limit-*` window of the last reply.
public struct XClient: Sendable {
    public static let defaultURL = "https://api.twitter.com"
    public var baseURL: String
    public var bearer: Secret
    public var http: HTTPCore

    public init(bearer: Secret, baseURL: String = XClient.defaultURL, timeout: Double = 30,
                retry: RetryPolicy = RetryPolicy(), logger: Logger? = nil) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.bearer = bearer
        self.http = HTTPCore(service: "x-api", timeout: timeout, retry: retry, logger: logger,
                             redactor: Redactor(secrets: [bearer]), parseError: XClient.parseError)
    }

    /// Bearer from `X_BEARER_TOKEN` (or `overrides`), base URL from `X_API_URL`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       overrides: [String: Secret] = [:], retry: RetryPolicy = RetryPolicy()) throws -> XClient {
        let token = overrides["X_BEARER_TOKEN"]?.value ?? environment["X_BEARER_TOKEN"] ?? ""
        guard !token.isEmpty else {
            throw ConnectorError.missingCredentials(
                "X bearer token not found: set X_BEARER_TOKEN, or pass --secret-id NAME of a Secrets Manager JSON secret holding it")
        }
        return XClient(bearer: Secret(token), baseURL: environment["X_API_URL"] ?? defaultURL, retry: retry)
    }

    /// Posts from one search, newest first as X returns them.
    public struct SearchResult: Sendable {
        public var posts: [Post]
        /// The newest id seen: pass it as `sinceID` next time.
        public var newestID: String?
        public var pages: Int
        public var rateLimit: RateLimitStatus?
        /// Tweets left out because `created_at` was missing or unparsable: id and the raw value.
        public var unparsable: [(id: String, createdAt: String?)] = []
    }

    struct Metrics: Decodable { var retweet_count: Int?; var reply_count: Int?; var like_count: Int?; var quote_count: Int? }
    struct Tweet: Decodable { var id: String; var text: String; var author_id: String?; var created_at: String?; var lang: String?; var public_metrics: Metrics? }
    struct UserMetrics: Decodable { var followers_count: Int? }
    struct User: Decodable { var id: String; var public_metrics: UserMetrics? }
    struct Includes: Decodable { var users: [User]? }
    struct Meta: Decodable { var newest_id: String?; var oldest_id: String?; var result_count: Int?; var next_token: String? }
    struct Page: Decodable { var data: [Tweet]?; var includes: Includes?; var meta: Meta? }

    /// Recent search (last 7 days) following `next_token` up to `maxPages`.
    public func searchRecent(_ query: XQuery, sinceID: String? = nil, startTime: Date? = nil,
                             maxResults: Int = 100, maxPages: Int = 10) async throws -> SearchResult {
        let text = try query.build()
        var posts: [Post] = []
        var newest: String?
        var token: String?
        var pages = 0
        var rateLimit: RateLimitStatus?
        var unparsable: [(id: String, createdAt: String?)] = []
        repeat {
            let params = queryString([
                ("query", text), ("max_results", String(min(100, max(10, maxResults)))),
                ("since_id", sinceID), ("start_time", sinceID == nil ? startTime.map(RFC3339.format) : nil),
                ("next_token", token), ("expansions", "author_id"),
                ("tweet.fields", "created_at,lang,public_metrics,author_id"), ("user.fields", "public_metrics"),
            ])
            let reply = try await http.send(HTTPRequestSpec(
                url: "\(baseURL)/2/tweets/search/recent?\(params)", headers: [("Authorization", "Bearer \(bearer.value)")]))
            rateLimit = RateLimitStatus(headers: reply.headers) ?? rateLimit
            let page = try http.decode(Page.self, from: reply)
            let followers = Dictionary((page.includes?.users ?? []).map { ($0.id, $0.public_metrics?.followers_count ?? 0) },
                                       uniquingKeysWith: { a, _ in a })
            for tweet in page.data ?? [] {
                guard let created = tweet.created_at.flatMap(RFC3339.parse) else {
                    // Counted and reported, never dropped silently: a post without a time cannot be aligned to a bar.
                    unparsable.append((tweet.id, tweet.created_at))
                    continue
                }
                let m = tweet.public_metrics
                let engagement = (m?.like_count ?? 0) + (m?.retweet_count ?? 0) + (m?.reply_count ?? 0) + (m?.quote_count ?? 0)
                let mentioned = query.mentioned(in: tweet.text)
                posts.append(Post(id: tweet.id, time: created, text: tweet.text, authorID: tweet.author_id ?? "",
                                  followers: tweet.author_id.flatMap { followers[$0] } ?? 0, engagement: engagement,
                                  source: .x, lang: tweet.lang, symbols: mentioned.isEmpty ? query.symbols : mentioned))
            }
            if pages == 0 { newest = page.meta?.newest_id }
            token = page.meta?.next_token
            pages += 1
        } while token != nil && pages < maxPages
        if !unparsable.isEmpty {
            http.logger.warning("tweets without a parsable created_at were left out", metadata: [
                "count": "\(unparsable.count)", "first_id": "\(unparsable[0].id)", "first_value": "\(unparsable[0].createdAt ?? "missing")",
            ])
        }
        var result = SearchResult(posts: posts, newestID: newest ?? sinceID, pages: pages, rateLimit: rateLimit)
        result.unparsable = unparsable
        return result
    }

    /// `{"errors":[{"message":…}]}`, `{"title":…, "detail":…}` (problem JSON) or plain text.
    public static let parseError: HTTPErrorParser = { reply in
        if let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any] {
            if let errors = object["errors"] as? [[String: Any]], let first = errors.first {
                return (first["code"].map { "\($0)" }, (first["message"] as? String) ?? (first["detail"] as? String) ?? "no error message in the reply")
            }
            if let detail = (object["detail"] ?? object["error"] ?? object["title"]) as? String {
                return ((object["title"] as? String) ?? (object["type"] as? String), detail)
            }
        }
        let text = String(decoding: reply.body.prefix(200), as: UTF8.self)
        return (nil, text.isEmpty ? "no error message in the reply" : text)
    }
}
