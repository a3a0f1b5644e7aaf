import Foundation
import Logging
import TradingCore

/// Alpaca market-data REST: historical stock bars (multi-symbol, `next_page_token` paging),
/// latest bars and quotes, crypto bars, and news. Every page is fetched with `HTTPCore`'s retry.
public struct AlpacaMarketDataClient: Sendable {
    public var config: AlpacaConfig
    public var http: HTTPCore
    /// Safety stop against a server that never ends pagination.
    public var maxPages: Int

    public init(config: AlpacaConfig, timeout: Double = 30, retry: RetryPolicy = RetryPolicy(),
                logger: Logger? = nil, maxPages: Int = 10_000) {
        self.config = config
        self.http = HTTPCore(service: "alpaca-data", timeout: timeout, retry: retry, logger: logger,
                             redactor: config.redactor, parseError: AlpacaErrors.parse)
        self.maxPages = maxPages
    }

    /// Stock bar adjustment (`raw`, `split`, `dividend`, `all`).
    public enum Adjustment: String, Sendable { case raw, split, dividend, all }

    struct BarsPage: Decodable { var bars: [String: [AlpacaBarJSON]]?; var next_page_token: String? }
    struct LatestBars: Decodable { var bars: [String: AlpacaBarJSON] }
    struct LatestQuotes: Decodable { var quotes: [String: AlpacaQuoteJSON] }
    struct NewsPage: Decodable { var news: [AlpacaNewsArticle]; var next_page_token: String? }

    /// Bars for every symbol between `start` and `end`, oldest first, following every page.
    public func bars(symbols: [String], timeframe: Timeframe, start: Date, end: Date? = nil,
                     adjustment: Adjustment = .all, feed: String? = nil, pageLimit: Int = 10_000) async throws -> [String: [Bar]] {
        try await pagedBars(path: "/v2/stocks/bars", symbols: symbols, timeframe: timeframe, start: start, end: end,
                            extra: [("adjustment", adjustment.rawValue), ("feed", feed)], pageLimit: pageLimit)
    }

    /// Crypto bars (`/v1beta3/crypto/us/bars`, symbols like `BTC/USD`).
    public func cryptoBars(symbols: [String], timeframe: Timeframe, start: Date, end: Date? = nil,
                           pageLimit: Int = 10_000) async throws -> [String: [Bar]] {
        try await pagedBars(path: "/v1beta3/crypto/us/bars", symbols: symbols, timeframe: timeframe, start: start,
                            end: end, extra: [], pageLimit: pageLimit)
    }

    private func pagedBars(path: String, symbols: [String], timeframe: Timeframe, start: Date, end: Date?,
                           extra: [(String, String?)], pageLimit: Int) async throws -> [String: [Bar]] {
        var result: [String: [Bar]] = [:]
        var token: String?
        var pages = 0
        repeat {
            let query = queryString([
                ("symbols", symbols.joined(separator: ",")), ("timeframe", timeframe.description),
                ("start", RFC3339.format(start)), ("end", end.map(RFC3339.format)),
                ("limit", String(pageLimit)), ("sort", "asc"), ("page_token", token),
            ] + extra)
            let reply = try await http.send(HTTPRequestSpec(url: "\(config.dataURL)\(path)?\(query)", headers: config.authHeaders))
            let page = try http.decode(BarsPage.self, from: reply)
            for (symbol, bars) in page.bars ?? [:] {
                result[symbol, default: []].append(contentsOf: try bars.map { try $0.bar() })
            }
            token = page.next_page_token.flatMap { $0.isEmpty ? nil : $0 }
            pages += 1
        } while token != nil && pages < maxPages
        return result
    }

    /// The latest bar per symbol.
    public func latestBars(symbols: [String], feed: String? = nil) async throws -> [String: Bar] {
        let query = queryString([("symbols", symbols.joined(separator: ",")), ("feed", feed)])
        let reply = try await http.send(HTTPRequestSpec(url: "\(config.dataURL)/v2/stocks/bars/latest?\(query)", headers: config.authHeaders))
        return try http.decode(LatestBars.self, from: reply).bars.mapValues { try $0.bar() }
    }

    /// The latest quote per symbol.
    public func latestQuotes(symbols: [String], feed: String? = nil) async throws -> [String: AlpacaQuote] {
        let query = queryString([("symbols", symbols.joined(separator: ",")), ("feed", feed)])
        let reply = try await http.send(HTTPRequestSpec(url: "\(config.dataURL)/v2/stocks/quotes/latest?\(query)", headers: config.authHeaders))
        return try http.decode(LatestQuotes.self, from: reply).quotes.mapValues { try $0.quote() }
    }

    /// News articles about `symbols` (all pages, oldest first), capped at `maxArticles`.
    public func news(symbols: [String], start: Date? = nil, end: Date? = nil,
                     maxArticles: Int = 10_000) async throws -> [AlpacaNewsArticle] {
        var articles: [AlpacaNewsArticle] = []
        var token: String?
        var pages = 0
        repeat {
            let query = queryString([
                ("symbols", symbols.joined(separator: ",")), ("start", start.map(RFC3339.format)),
                ("end", end.map(RFC3339.format)), ("sort", "asc"),
                ("limit", String(min(50, max(1, maxArticles - articles.count)))), ("page_token", token),
            ])
            let reply = try await http.send(HTTPRequestSpec(url: "\(config.dataURL)/v1beta1/news?\(query)", headers: config.authHeaders))
            let page = try http.decode(NewsPage.self, from: reply)
            articles.append(contentsOf: page.news)
            token = page.next_page_token.flatMap { $0.isEmpty ? nil : $0 }
            pages += 1
        } while token != nil && articles.count < maxArticles && pages < maxPages
        return Array(articles.prefix(maxArticles))
    }

    /// News as posts, for the sentiment pipeline.
    public func newsPosts(symbols: [String], start: Date? = nil, end: Date? = nil,
                          maxArticles: Int = 10_000) async throws -> [Post] {
        try await news(symbols: symbols, start: start, end: end, maxArticles: maxArticles).compactMap { $0.post() }
    }
}
