import Backtest
import Connectors
import Foundation
import TradingCore

/// Alpaca's trading REST behind the `Broker` protocol (paper unless the config says live).
/// Errors are sorted into what the engine acts on: a definite 4xx refusal is `rejected`; a lost
/// reply, timeout, 429 or 5xx is `uncertain` (the engine looks the order up before anything else);
/// anything else is `unavailable`.
public struct AlpacaBroker: Broker {
    public let client: AlpacaTradingClient
    public var name: String { client.config.live ? "alpaca-live" : "alpaca-paper" }

    public init(client: AlpacaTradingClient) { self.client = client }

    public func account() async throws -> BrokerAccount {
        let a = try await wrap { try await client.account() }
        return BrokerAccount(cash: a.cash?.value ?? 0, equity: a.equity?.value ?? a.portfolio_value?.value ?? 0,
                             status: a.status, tradingBlocked: a.trading_blocked ?? false)
    }

    public func positions() async throws -> [BrokerPosition] {
        try await wrap { try await client.positions() }.map { p in
            let qty = p.qty.value ?? 0
            return BrokerPosition(symbol: p.symbol, quantity: p.side == "short" && qty > 0 ? -qty : qty,
                                  averageEntryPrice: p.avg_entry_price?.value)
        }
    }

    public func openOrders() async throws -> [BrokerOrder] {
        try await wrap { try await client.orders(status: "open", limit: 500) }.map(Self.brokerOrder)
    }

    public func recentOrders(limit: Int) async throws -> [BrokerOrder] {
        try await wrap { try await client.orders(status: "all", limit: limit) }.map(Self.brokerOrder)
    }

    public func order(clientOrderID: String) async throws -> BrokerOrder? {
        try await wrap { try await client.order(clientOrderID: clientOrderID) }.map(Self.brokerOrder)
    }

    public func submit(_ order: Order) async throws -> BrokerOrder {
        do {
            return Self.brokerOrder(try await client.submitOrder(order))
        } catch let error as ConnectorError {
            switch error {
            case .http(_, let status, _, let message, _) where (400..<500).contains(status) && status != 429:
                throw BrokerError.rejected(clientOrderID: order.clientOrderID, reason: "HTTP \(status): \(message)")
            case .invalidRequest(let message):
                throw BrokerError.rejected(clientOrderID: order.clientOrderID, reason: message)
            default:
                throw BrokerError.uncertain(error.description)
            }
        }
    }

    public func cancel(orderID: String) async throws { try await wrap { try await client.cancelOrder(id: orderID) } }

    private func wrap<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as ConnectorError { throw BrokerError.unavailable(error.description) }
    }

    static func brokerOrder(_ o: AlpacaOrder) -> BrokerOrder {
        BrokerOrder(id: o.id, clientOrderID: o.client_order_id, symbol: o.symbol, side: Side(rawValue: o.side) ?? .buy,
                    quantity: o.qty?.value ?? 0, filledQuantity: o.filled_qty?.value ?? 0,
                    filledAveragePrice: o.filled_avg_price?.value, status: o.status,
                    submittedAt: o.created_at.flatMap(RFC3339.parse),
                    updatedAt: (o.updated_at ?? o.filled_at ?? o.created_at).flatMap(RFC3339.parse))
    }
}
