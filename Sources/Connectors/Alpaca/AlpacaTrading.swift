import Foundation
import Logging
import TradingCore

/// Alpaca trading REST: account, clock, calendar, assets, positions and orders, on the paper host
/// unless the config says live.
///
/// Order submission is idempotent: a POST is never blindly repeated. When its reply is lost
/// (timeout, dropped connection, 5xx, 429), the order is looked up by `client_order_id` first, and
/// resent with the same id only if it did not land.
public struct AlpacaTradingClient: Sendable {
    public var config: AlpacaConfig
    public var http: HTTPCore

    public init(config: AlpacaConfig, timeout: Double = 30, retry: RetryPolicy = RetryPolicy(), logger: Logger? = nil) {
        self.config = config
        self.http = HTTPCore(service: "alpaca-trading", timeout: timeout, retry: retry, logger: logger,
                             redactor: config.redactor, parseError: AlpacaErrors.parse)
    }

    private func get<T: Decodable>(_ path: String, _ query: [(String, String?)] = [], as: T.Type) async throws -> T {
        let q = queryString(query)
        let url = config.tradingURL + path + (q.isEmpty ? "" : "?" + q)
        return try http.decode(T.self, from: try await http.send(HTTPRequestSpec(url: url, headers: config.authHeaders)))
    }

    public func account() async throws -> AlpacaAccount { try await get("/v2/account", as: AlpacaAccount.self) }
    public func clock() async throws -> AlpacaClock { try await get("/v2/clock", as: AlpacaClock.self) }

    /// Sessions between two dates (`YYYY-MM-DD`).
    public func calendar(start: String, end: String) async throws -> [AlpacaCalendarDay] {
        try await get("/v2/calendar", [("start", start), ("end", end)], as: [AlpacaCalendarDay].self)
    }

    public func assets(status: String? = "active", assetClass: String? = "us_equity") async throws -> [AlpacaAsset] {
        try await get("/v2/assets", [("status", status), ("asset_class", assetClass)], as: [AlpacaAsset].self)
    }

    public func positions() async throws -> [AlpacaPosition] { try await get("/v2/positions", as: [AlpacaPosition].self) }

    /// Orders by status (`open`, `closed`, `all`), newest first.
    public func orders(status: String = "open", limit: Int = 100, symbols: [String]? = nil) async throws -> [AlpacaOrder] {
        try await get("/v2/orders", [("status", status), ("limit", String(limit)),
                                     ("symbols", symbols?.joined(separator: ","))], as: [AlpacaOrder].self)
    }

    public func order(id: String) async throws -> AlpacaOrder {
        try await get("/v2/orders/\(SigV4Signer.uriEncode(id))", as: AlpacaOrder.self)
    }

    /// The order with this client id, or nil when Alpaca has none (404).
    public func order(clientOrderID: String) async throws -> AlpacaOrder? {
        do {
            return try await get("/v2/orders:by_client_order_id", [("client_order_id", clientOrderID)], as: AlpacaOrder.self)
        } catch let error as ConnectorError where error.status == 404 {
            return nil
        }
    }

    /// Requests cancellation (204 on success).
    public func cancelOrder(id: String) async throws {
        _ = try await http.send(HTTPRequestSpec(method: "DELETE", url: config.tradingURL + "/v2/orders/\(SigV4Signer.uriEncode(id))",
                                                headers: config.authHeaders))
    }

    /// The JSON body Alpaca expects for an order.
    public static func orderBody(_ order: Order) throws -> Data {
        guard order.quantity > 0, order.quantity.isFinite else {
            throw ConnectorError.invalidRequest("order quantity must be positive, got \(order.quantity)")
        }
        var body: [String: Any] = [
            "symbol": order.symbol, "qty": order.quantityText, "side": order.side.rawValue,
            "type": order.kind.rawValue, "time_in_force": order.timeInForce.rawValue,
            "client_order_id": order.clientOrderID,
        ]
        if order.kind == .limit {
            guard let limit = order.limitPrice else { throw ConnectorError.invalidRequest("limit order without a limit price") }
            // Alpaca takes penny increments at or above $1 and 4 decimals below.
            body["limit_price"] = Order.decimalText(limit, decimals: limit >= 1 ? 2 : 4)
        }
        return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    }

    /// Submits `order` exactly once, even across lost replies (see the type's documentation).
    public func submitOrder(_ order: Order) async throws -> AlpacaOrder {
        let request = HTTPRequestSpec(method: "POST", url: config.tradingURL + "/v2/orders",
                                      headers: config.authHeaders + [("Content-Type", "application/json")],
                                      body: try Self.orderBody(order), idempotent: false)
        var attempt = 0
        while true {
            var lastError: ConnectorError
            do {
                let reply = try await http.sendOnce(request, attempt: attempt)
                if reply.isSuccess { return try http.decode(AlpacaOrder.self, from: reply) }
                lastError = http.error(for: reply)
                // 422 covers a reused client id (possibly our own first attempt) and invalid orders:
                // a lookup by client id tells which, without trusting the wording of the message.
                let duplicate = reply.status == 422
                let uncertain = reply.status == 429 || reply.status >= 500
                guard duplicate || uncertain else { throw lastError }
            } catch let error as ConnectorError {
                switch error {
                case .timeout, .connection: lastError = error
                default: throw error
                }
            }
            // The first attempt may have landed: look before sending again.
            if let existing = try await self.order(clientOrderID: order.clientOrderID) {
                http.logger.info("order found after uncertain submit", metadata: [
                    "client_order_id": "\(order.clientOrderID)", "attempt": "\(attempt)",
                ])
                return existing
            }
            guard attempt + 1 < http.retry.maxAttempts else { throw lastError }
            try await http.retry.sleep(seconds: http.retry.delay(attempt: attempt, serverAdvice: nil))
            attempt += 1
        }
    }
}
