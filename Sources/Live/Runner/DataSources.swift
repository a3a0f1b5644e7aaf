import Connectors
import Foundation
import Sentiment
import TradingCore

/// Where bars come from in a live run: Alpaca's market-data REST (the stream's fallback and gap
/// backfill), or anything else that can list bars in a time range.
public protocol BarSource: Sendable {
    func bars(symbols: [String], timeframe: Timeframe, start: Date, end: Date) async throws -> [String: [Bar]]
    /// The latest traded price per symbol, for the risk manager's price band (empty: unknown).
    func latestPrices(symbols: [String]) async throws -> [String: Double]
}

extension BarSource {
    public func latestPrices(symbols: [String]) async throws -> [String: Double] { [:] }
}

/// Where posts come from in a live run: X recent search, Alpaca News, or nothing.
public protocol PostSource: Sendable {
    var name: String { get }
    func posts(symbols: [String], start: Date, end: Date) async throws -> [Post]
}

/// What time it is at the venue and whether it is open (Alpaca's `/v2/clock`).
public protocol MarketClock: Sendable {
    func now() async throws -> (now: Date, isOpen: Bool?)
}

public struct AlpacaBarSource: BarSource {
    public let client: AlpacaMarketDataClient
    public init(client: AlpacaMarketDataClient) { self.client = client }
    public func bars(symbols: [String], timeframe: Timeframe, start: Date, end: Date) async throws -> [String: [Bar]] {
        try await client.bars(symbols: symbols, timeframe: timeframe, start: start, end: end)
    }

    /// The close of each symbol's latest minute bar (`/v2/stocks/bars/latest`).
    public func latestPrices(symbols: [String]) async throws -> [String: Double] {
        try await client.latestBars(symbols: symbols).mapValues(\.close)
    }
}

public struct AlpacaClock: MarketClock {
    public let client: AlpacaTradingClient
    public init(client: AlpacaTradingClient) { self.client = client }
    public func now() async throws -> (now: Date, isOpen: Bool?) {
        let c = try await client.clock()
        guard let t = RFC3339.parse(c.timestamp) else {
            throw ConnectorError.decoding(service: "alpaca-trading", message: "clock timestamp '\(c.timestamp)' is not RFC 3339")
        }
        return (t, c.is_open)
    }
}

public struct NoPosts: PostSource {
    public let name = "none"
    public init() {}
    public func posts(symbols: [String], start: Date, end: Date) async throws -> [Post] { [] }
}

public struct AlpacaNewsPosts: PostSource {
    public let name = "alpaca-news"
    public let client: AlpacaMarketDataClient
    public init(client: AlpacaMarketDataClient) { self.client = client }
    public func posts(symbols: [String], start: Date, end: Date) async throws -> [Post] {
        try await client.news(symbols: symbols, start: start, end: end).compactMap { $0.post() }
    }
}

public struct XRecentPosts: PostSource {
    public let name = "x"
    public let client: XClient
    public init(client: XClient) { self.client = client }
    /// Recent search covers the last 7 days only; older warm-up bars see no X posts.
    public func posts(symbols: [String], start: Date, end: Date) async throws -> [Post] {
        let since = max(start, end.addingTimeInterval(-7 * 86_400 + 60))
        var all: [Post] = []
        for symbol in symbols {
            all += try await client.searchRecent(XQuery(symbols: [symbol]), startTime: since).posts
        }
        return all
    }
}
