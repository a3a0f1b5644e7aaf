import Foundation
import TradingCore

/// A broker's view of one order: what it was asked, how much filled at what average price.
/// Quantities filled are cumulative, which is what makes fill import idempotent: a duplicated or
/// replayed report never moves `filledQuantity` past what the journal already booked.
public struct BrokerOrder: Sendable, Hashable, Codable {
    public var id: String
    public var clientOrderID: String
    public var symbol: String
    public var side: Side
    public var quantity: Double
    public var filledQuantity: Double
    public var filledAveragePrice: Double?
    /// Broker status (`new`, `accepted`, `partially_filled`, `filled`, `canceled`, `expired`, `rejected`, …).
    public var status: String
    public var submittedAt: Date?
    public var updatedAt: Date?
    /// Cumulative commission when the broker reports it (the simulator does; Alpaca does not).
    public var commission: Double?
    /// Cumulative slippage versus the fill bar's reference price, when known (the simulator).
    public var slippageCost: Double?

    public init(id: String, clientOrderID: String, symbol: String, side: Side, quantity: Double,
                filledQuantity: Double = 0, filledAveragePrice: Double? = nil, status: String,
                submittedAt: Date? = nil, updatedAt: Date? = nil, commission: Double? = nil, slippageCost: Double? = nil) {
        self.id = id
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.filledQuantity = filledQuantity
        self.filledAveragePrice = filledAveragePrice
        self.status = status
        self.submittedAt = submittedAt
        self.updatedAt = updatedAt
        self.commission = commission
        self.slippageCost = slippageCost
    }

    /// Statuses after which nothing more will fill.
    public static let finalStatuses: Set<String> = ["filled", "canceled", "expired", "rejected", "replaced", "done_for_day", "stopped", "suspended"]
    public var isFinal: Bool { BrokerOrder.finalStatuses.contains(status) }
}

/// A position as the broker reports it (authoritative on restart).
public struct BrokerPosition: Sendable, Hashable, Codable {
    public var symbol: String
    /// Signed shares (negative when short).
    public var quantity: Double
    public var averageEntryPrice: Double?
    public init(symbol: String, quantity: Double, averageEntryPrice: Double? = nil) {
        self.symbol = symbol
        self.quantity = quantity
        self.averageEntryPrice = averageEntryPrice
    }
}

/// Account totals as the broker reports them.
public struct BrokerAccount: Sendable, Hashable, Codable {
    public var cash: Double
    public var equity: Double
    public var status: String
    public var tradingBlocked: Bool
    public init(cash: Double, equity: Double, status: String = "ACTIVE", tradingBlocked: Bool = false) {
        self.cash = cash
        self.equity = equity
        self.status = status
        self.tradingBlocked = tradingBlocked
    }
}

/// Why a broker call failed, in the terms the engine acts on.
public enum BrokerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broker definitely refused the order (bad quantity, insufficient funds, …): it will not fill.
    case rejected(clientOrderID: String, reason: String)
    /// The outcome is unknown (timeout, lost reply, 5xx after retries): the order may or may not
    /// exist. The engine sends no new order for the symbol until a lookup resolves it.
    case uncertain(String)
    /// The broker could not be reached or refused the request for a reason that is not the order's.
    case unavailable(String)

    public var description: String {
        switch self {
        case let .rejected(id, reason): return "order \(id) rejected: \(reason)"
        case .uncertain(let why): return "order state unknown: \(why)"
        case .unavailable(let why): return "broker unavailable: \(why)"
        }
    }
}

/// Where orders go and where fills come from: `SimulatedBroker` (CostModel + fill rule, in
/// process) or `AlpacaBroker` (paper or live REST). The live runner talks only to this protocol.
///
/// `submit` must be idempotent by `clientOrderID`: submitting an id the broker already has returns
/// that order instead of creating a second one.
public protocol Broker: Sendable {
    var name: String { get }
    func account() async throws -> BrokerAccount
    func positions() async throws -> [BrokerPosition]
    func openOrders() async throws -> [BrokerOrder]
    /// The most recent orders of any status, newest first.
    func recentOrders(limit: Int) async throws -> [BrokerOrder]
    func order(clientOrderID: String) async throws -> BrokerOrder?
    func submit(_ order: Order) async throws -> BrokerOrder
    func cancel(orderID: String) async throws
}
