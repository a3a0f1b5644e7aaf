import Foundation
import Logging
import TradingCore

/// Alpaca's real-time market-data websocket (bars, quotes, news) as an async sequence of events,
/// with auth, subscription, heartbeats, reconnect with backoff and resubscription, and gap
/// backfill: when a bar arrives more than one interval after the last one seen for its symbol
/// (typically across a reconnect), the missing bars are fetched over REST and delivered first.
public struct AlpacaMarketStream: Sendable {
    /// Channels and symbols to subscribe to (`*` = all).
    public struct Subscription: Sendable {
        public var bars: [String]
        public var quotes: [String]
        public var news: [String]

        public init(bars: [String] = [], quotes: [String] = [], news: [String] = []) {
            self.bars = bars
            self.quotes = quotes
            self.news = news
        }
    }

    public enum Event: Sendable {
        /// A minute bar; `backfilled` when it came from REST to fill a gap.
        case bar(symbol: String, bar: Bar, backfilled: Bool)
        case quote(symbol: String, quote: AlpacaQuote)
        case news(Post)
        /// Authenticated and subscribed; `session` counts connections (2+ = after a reconnect).
        case subscribed(session: Int)
    }

    public var config: AlpacaConfig
    /// Full stream URL, e.g. `wss://stream.data.alpaca.markets/v2/iex`.
    public var url: String
    public var subscription: Subscription
    public var retry: RetryPolicy
    public var pingInterval: Double
    public var idleTimeout: Double
    /// Seconds from connect to the subscription acknowledgement before reconnecting.
    public var handshakeTimeout: Double
    /// REST client for gap backfill; nil disables backfill.
    public var backfill: AlpacaMarketDataClient?
    public var barInterval: TimeInterval
    public var logger: Logger

    public init(config: AlpacaConfig, feed: String = "iex", url: String? = nil, subscription: Subscription,
                retry: RetryPolicy = RetryPolicy(maxAttempts: 10, baseDelay: 1, maxDelay: 60),
                pingInterval: Double = 10, idleTimeout: Double = 60, handshakeTimeout: Double = 15, backfill: AlpacaMarketDataClient? = nil,
                barInterval: TimeInterval = 60, logger: Logger? = nil) {
        self.config = config
        self.url = url ?? "\(config.dataStreamURL)/v2/\(feed)"
        self.subscription = subscription
        self.retry = retry
        self.pingInterval = pingInterval
        self.idleTimeout = idleTimeout
        self.handshakeTimeout = handshakeTimeout
        self.backfill = backfill
        self.barInterval = barInterval
        self.logger = logger ?? Logger(label: "sentrade.connectors.alpaca-stream")
    }

    /// Error codes after which reconnecting cannot help (auth failed, symbol/connection limit,
    /// insufficient subscription).
    static let fatalCodes: Set<Int> = [402, 405, 406, 409]

    /// The event stream; cancelling the consuming task closes the connection.
    public func events() -> AsyncThrowingStream<Event, Error> {
        eventStream { try await run($0) }
    }

    private func run(_ out: AsyncThrowingStream<Event, Error>.Continuation) async throws {
        let lastBar = LastBarTimes()
        let reconnector = Reconnector(service: "alpaca-stream", retry: retry, logger: logger)
        try await reconnector.run(isFatal: { error in
            if case let ConnectorError.stream(_, code, _) = error { return Self.fatalCodes.contains(code ?? 0) }
            return false
        }) { session, health in
            try await WebSocketSession.run(url: url, service: "alpaca-stream", pingInterval: pingInterval,
                                           idleTimeout: idleTimeout, handshakeTimeout: handshakeTimeout) { messages, writer, ready in
                for try await text in messages {
                    for message in streamMessages(text) {
                        try await handle(message, session: session, health: health, writer: writer, lastBar: lastBar,
                                         ready: ready, out: out)
                    }
                }
            }
        }
    }

    private func handle(_ m: [String: Any], session: Int, health: Reconnector.Health, writer: WebSocketWriter,
                        lastBar: LastBarTimes, ready: @Sendable () -> Void,
                        out: AsyncThrowingStream<Event, Error>.Continuation) async throws {
        switch m["T"] as? String {
        case "success" where m["msg"] as? String == "connected":
            try await writer.send(streamJSON(["action": "auth", "key": config.keyID, "secret": config.secretKey.value]))
        case "success" where m["msg"] as? String == "authenticated":
            health.markHealthy()
            try await writer.send(streamJSON(["action": "subscribe", "bars": subscription.bars,
                                              "quotes": subscription.quotes, "news": subscription.news]))
        case "subscription":
            ready()
            out.yield(.subscribed(session: session))
        case "error":
            let code = (m["code"] as? NSNumber)?.intValue
            let message = config.redactor((m["msg"] as? String) ?? "stream error")
            throw ConnectorError.stream(service: "alpaca-stream", code: code, message: message)
        case "b":
            guard let symbol = m["S"] as? String, let bar = Self.bar(m) else { return }
            if let last = lastBar.get(symbol) {
                if bar.time <= last { return }  // re-sent after a reconnect
                if bar.time.timeIntervalSince(last) > barInterval * 1.5, let backfill {
                    let missing = try await backfill.bars(symbols: [symbol], timeframe: .minutes(max(1, Int(barInterval / 60))),
                                                          start: last.addingTimeInterval(1),
                                                          end: bar.time.addingTimeInterval(-1))[symbol] ?? []
                    for filled in missing where filled.time > last && filled.time < bar.time {
                        out.yield(.bar(symbol: symbol, bar: filled, backfilled: true))
                    }
                }
            }
            lastBar.set(symbol, bar.time)
            out.yield(.bar(symbol: symbol, bar: bar, backfilled: false))
        case "q":
            guard let symbol = m["S"] as? String, let t = m["t"] as? String, let time = RFC3339.parse(t) else { return }
            func n(_ key: String) -> Double { (m[key] as? NSNumber)?.doubleValue ?? 0 }
            out.yield(.quote(symbol: symbol, quote: AlpacaQuote(time: time, bidPrice: n("bp"), bidSize: n("bs"),
                                                               askPrice: n("ap"), askSize: n("as"))))
        case "n":
            guard let data = try? JSONSerialization.data(withJSONObject: m),
                  let article = try? JSONDecoder().decode(AlpacaNewsArticle.self, from: data),
                  let post = article.post() else { return }
            out.yield(.news(post))
        default:
            break
        }
    }

    static func bar(_ m: [String: Any]) -> Bar? {
        func n(_ key: String) -> Double? { (m[key] as? NSNumber)?.doubleValue }
        guard let t = m["t"] as? String, let time = RFC3339.parse(t), let o = n("o"), let h = n("h"),
              let l = n("l"), let c = n("c") else { return nil }
        return Bar(time: time, open: o, high: h, low: l, close: c, volume: n("v") ?? 0)
    }
}

/// The last bar time seen per symbol, kept across reconnects.
final class LastBarTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [String: Date] = [:]

    func get(_ symbol: String) -> Date? { lock.lock(); defer { lock.unlock() }; return times[symbol] }
    func set(_ symbol: String, _ time: Date) { lock.lock(); times[symbol] = time; lock.unlock() }
}
