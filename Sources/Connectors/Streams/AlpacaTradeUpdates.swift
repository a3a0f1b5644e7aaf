import Foundation
import Logging

/// Alpaca's `trade_updates` websocket (order accepted, fill, partial_fill, canceled, …) with
/// authentication, listen, heartbeats and reconnect. After a reconnect it emits `.resumed`, so
/// the runner reconciles orders over REST for the events missed while disconnected.
public struct AlpacaTradeUpdates: Sendable {
    public struct Update: Sendable {
        public var event: String
        public var executionID: String?
        public var order: AlpacaOrder
        public var price: Double?
        public var qty: Double?
        public var positionQty: Double?
        public var timestamp: Date?
    }

    public enum Event: Sendable {
        case listening(session: Int)
        /// Connected again after a drop: reconcile orders (`AlpacaTradingClient.orders`).
        case resumed(session: Int)
        case update(Update)
    }

    public var config: AlpacaConfig
    public var url: String
    public var retry: RetryPolicy
    public var pingInterval: Double
    public var idleTimeout: Double
    /// Seconds from connect to the `listening` acknowledgement before reconnecting.
    public var handshakeTimeout: Double
    public var logger: Logger

    public init(config: AlpacaConfig, url: String? = nil, retry: RetryPolicy = RetryPolicy(maxAttempts: 10, baseDelay: 1, maxDelay: 60),
                pingInterval: Double = 10, idleTimeout: Double = 60, handshakeTimeout: Double = 15, logger: Logger? = nil) {
        self.config = config
        self.url = url ?? config.tradingURL.replacingOccurrences(of: "https://", with: "wss://")
            .replacingOccurrences(of: "http://", with: "ws://") + "/stream"
        self.retry = retry
        self.pingInterval = pingInterval
        self.idleTimeout = idleTimeout
        self.handshakeTimeout = handshakeTimeout
        self.logger = logger ?? Logger(label: "sentrade.connectors.trade-updates")
    }

    public func events() -> AsyncThrowingStream<Event, Error> {
        eventStream { try await run($0) }
    }

    private func run(_ out: AsyncThrowingStream<Event, Error>.Continuation) async throws {
        let reconnector = Reconnector(service: "trade-updates", retry: retry, logger: logger)
        try await reconnector.run(isFatal: { error in
            if case ConnectorError.stream = error { return true }
            return false
        }) { session, health in
            try await WebSocketSession.run(url: url, service: "trade-updates", pingInterval: pingInterval,
                                           idleTimeout: idleTimeout, handshakeTimeout: handshakeTimeout) { messages, writer, ready in
                try await writer.send(streamJSON(["action": "authenticate",
                                                  "data": ["key_id": config.keyID, "secret_key": config.secretKey.value]]))
                for try await text in messages {
                    for m in streamMessages(text) {
                        let data = m["data"] as? [String: Any] ?? [:]
                        switch m["stream"] as? String {
                        case "authorization":
                            guard data["status"] as? String == "authorized" else {
                                throw ConnectorError.stream(service: "trade-updates", code: nil, message: "not authorized")
                            }
                            health.markHealthy()
                            try await writer.send(streamJSON(["action": "listen", "data": ["streams": ["trade_updates"]]]))
                        case "listening":
                            ready()
                            out.yield(session == 1 ? .listening(session: session) : .resumed(session: session))
                        case "trade_updates":
                            if let update = Self.update(data) { out.yield(.update(update)) }
                        default:
                            break
                        }
                    }
                }
            }
        }
    }

    static func update(_ data: [String: Any]) -> Update? {
        // `data(withJSONObject:)` traps (it does not throw) on anything but an array or object.
        guard let event = data["event"] as? String, let orderObject = data["order"] as? [String: Any],
              JSONSerialization.isValidJSONObject(orderObject),
              let orderData = try? JSONSerialization.data(withJSONObject: orderObject),
              let order = try? JSONDecoder().decode(AlpacaOrder.self, from: orderData) else { return nil }
        func n(_ key: String) -> Double? {
            if let number = data[key] as? NSNumber { return number.doubleValue }
            return (data[key] as? String).flatMap(Double.init)
        }
        return Update(event: event, executionID: data["execution_id"] as? String, order: order, price: n("price"), qty: n("qty"), positionQty: n("position_qty"),
                      timestamp: (data["timestamp"] as? String).flatMap(RFC3339.parse))
    }
}
