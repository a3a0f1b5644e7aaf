import Foundation
import TradingCore

/// The simulated venue behind `SimulatedBroker` and the simulated Alpaca server: it keeps orders,
/// fills them with the backtest's rules (`Account.execute`: CostModel slippage and commission, no
/// margin, long-only caps) at the next bar's open or at the decision close, and books each symbol
/// in its own sleeve of cash — exactly as a per-symbol backtest does, so `live --sim` and
/// `backtest` produce the same fills and equity.
public struct SimulatedExchange: Sendable {
    /// A fill as the venue reports it (one per execution; `trade_updates` carries these).
    public struct Execution: Sendable, Hashable {
        public var executionID: String
        public var order: BrokerOrder
        public var quantity: Double
        public var price: Double
        public var time: Date
    }

    public let config: BacktestConfig
    public private(set) var sleeves: [String: Account]
    public private(set) var orders: [BrokerOrder] = []
    public private(set) var executions: [Execution] = []
    private var byClientID: [String: Int] = [:]
    private var requests: [Int: OrderRequest] = [:]
    private var pending: [Int] = []
    private var lastClose: [String: (price: Double, time: Date)] = [:]

    /// - Parameter cashPerSymbol: each symbol's sleeve starts with this much cash.
    public init(config: BacktestConfig, symbols: [String], cashPerSymbol: Double) {
        self.config = config
        sleeves = Dictionary(uniqueKeysWithValues: symbols.map { ($0, Account(cash: cashPerSymbol)) })
    }

    public enum SubmitError: Error, Sendable, Equatable {
        case duplicateClientOrderID(String)
        case unknownSymbol(String)
        case invalidQuantity(Double)
    }

    /// The order with this client id.
    public func order(clientOrderID: String) -> BrokerOrder? { byClientID[clientOrderID].map { orders[$0] } }

    /// Accepts an order. A reused client id is refused (as Alpaca's 422); with `FillRule.close` it
    /// fills at once at the symbol's latest close, otherwise at the symbol's next `open`.
    public mutating func submit(_ order: Order, at time: Date) throws(SubmitError) -> BrokerOrder {
        guard byClientID[order.clientOrderID] == nil else { throw .duplicateClientOrderID(order.clientOrderID) }
        guard sleeves[order.symbol] != nil else { throw .unknownSymbol(order.symbol) }
        guard order.quantity > 0, order.quantity.isFinite else { throw .invalidQuantity(order.quantity) }
        let index = orders.count
        orders.append(BrokerOrder(id: "sim-\(index + 1)", clientOrderID: order.clientOrderID, symbol: order.symbol,
                                  side: order.side, quantity: order.quantity, status: "accepted",
                                  submittedAt: time, updatedAt: time, commission: 0, slippageCost: 0))
        byClientID[order.clientOrderID] = index
        requests[index] = OrderRequest(side: order.side, quantity: order.quantity,
                                       decisionPrice: order.decisionPrice ?? 0, closesPosition: order.closesPosition)
        if config.fill == .close, let last = lastClose[order.symbol] {
            execute(index, price: last.price, time: last.time)
        } else {
            pending.append(index)
        }
        return orders[index]
    }

    /// Cancels an order that has not filled yet; false when it is not open.
    @discardableResult
    public mutating func cancel(orderID: String) -> Bool {
        guard let index = orders.firstIndex(where: { $0.id == orderID }), !orders[index].isFinal else { return false }
        pending.removeAll { $0 == index }
        orders[index].status = "canceled"
        return true
    }

    /// A new bar opens for `symbol`: pending orders for it fill at the open.
    @discardableResult
    public mutating func open(_ bar: Bar, symbol: String) -> [Execution] {
        let due = pending.filter { orders[$0].symbol == symbol }
        pending.removeAll { orders[$0].symbol == symbol }
        let before = executions.count
        for index in due { execute(index, price: bar.open, time: bar.time) }
        return Array(executions[before...])
    }

    /// `symbol`'s bar closed at `bar.close`: the mark price for equity and for same-bar fills.
    public mutating func close(_ bar: Bar, symbol: String) { lastClose[symbol] = (bar.close, bar.time) }

    private mutating func execute(_ index: Int, price: Double, time: Date) {
        let symbol = orders[index].symbol
        guard var sleeve = sleeves[symbol], let request = requests[index] else { return }
        defer { sleeves[symbol] = sleeve }
        orders[index].updatedAt = time
        guard let fill = sleeve.execute(request, price: price, costs: config.costs, rules: config.rules,
                                        time: time, symbol: symbol) else {
            orders[index].status = "canceled"  // nothing could fill (no cash, nothing held)
            return
        }
        orders[index].filledQuantity = fill.quantity
        orders[index].filledAveragePrice = fill.price
        orders[index].commission = fill.commission
        orders[index].slippageCost = fill.slippageCost
        let complete = request.closesPosition || abs(fill.quantity - request.quantity) <= 1e-9 * max(request.quantity, 1)
        orders[index].status = complete ? "filled" : "canceled"  // the rest of a capped buy is canceled
        executions.append(Execution(executionID: "\(orders[index].id)-x1", order: orders[index],
                                    quantity: fill.quantity, price: fill.price, time: time))
    }

    public var openOrders: [BrokerOrder] { orders.filter { !$0.isFinal } }

    public var positions: [BrokerPosition] {
        sleeves.keys.sorted().compactMap { symbol in
            guard let s = sleeves[symbol], s.shares != 0 else { return nil }
            return BrokerPosition(symbol: symbol, quantity: s.shares)
        }
    }

    public var account: BrokerAccount {
        let cash = sleeves.values.reduce(0) { $0 + $1.cash }
        let equity = sleeves.reduce(0) { $0 + $1.value.equity(at: lastClose[$1.key]?.price ?? 0) }
        return BrokerAccount(cash: cash, equity: equity)
    }
}

/// `SimulatedExchange` behind the `Broker` protocol, in process: what `live --sim` trades on.
/// The driver advances the market with `open` / `close` as it replays history.
public actor SimulatedBroker: Broker {
    public nonisolated let name = "simulated"
    public private(set) var exchange: SimulatedExchange
    private let clock: @Sendable () -> Date

    public init(exchange: SimulatedExchange, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.exchange = exchange
        self.clock = clock
    }

    @discardableResult
    public func open(_ bar: Bar, symbol: String) -> [SimulatedExchange.Execution] { exchange.open(bar, symbol: symbol) }
    public func close(_ bar: Bar, symbol: String) { exchange.close(bar, symbol: symbol) }

    public func account() async throws -> BrokerAccount { exchange.account }
    public func positions() async throws -> [BrokerPosition] { exchange.positions }
    public func openOrders() async throws -> [BrokerOrder] { exchange.openOrders }
    public func recentOrders(limit: Int) async throws -> [BrokerOrder] { Array(exchange.orders.suffix(limit).reversed()) }
    public func order(clientOrderID: String) async throws -> BrokerOrder? { exchange.order(clientOrderID: clientOrderID) }

    public func submit(_ order: Order) async throws -> BrokerOrder {
        if let existing = exchange.order(clientOrderID: order.clientOrderID) { return existing }
        do {
            return try exchange.submit(order, at: clock())
        } catch {
            throw BrokerError.rejected(clientOrderID: order.clientOrderID, reason: "\(error)")
        }
    }

    public func cancel(orderID: String) async throws { exchange.cancel(orderID: orderID) }
}
