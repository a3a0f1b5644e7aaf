import Foundation

/// The one step of simulated trading, shared by `TradingEnv`, the backtester and `live --sim`, so a
/// fixed decision sequence gives the same orders, fills and equity in all three (DESIGN.md §1):
///
/// 1. `order(for:price:)` — at bar t's close the decision becomes an `OrderRequest`, sized from the
///    close and the equity known then;
/// 2. `execute(_:price:time:symbol:)` — the order fills at bar t+1's open (or t's close, `FillRule`)
///    with the `CostModel`; a live broker's fills are booked with `apply(_:)` instead;
/// 3. `mark(close:)` — at bar t+1's close equity and exposure are marked and the agent state moves on.
///
/// `advance` is the three in order, for callers that hold the whole bar sequence in memory.
public struct TradingStep: Sendable, Hashable {
    public var account: Account
    public var agent = AgentState()
    public let costs: CostModel
    public let rules: PositionRules
    public let fill: FillRule

    public init(cash: Double, costs: CostModel, rules: PositionRules, fill: FillRule) {
        account = Account(cash: cash)
        self.costs = costs
        self.rules = rules
        self.fill = fill
    }

    /// What the whole step did.
    public struct Outcome: Sendable, Hashable {
        public var order: OrderRequest?
        public var fill: Fill?
        /// Equity and exposure at the mark price.
        public var equity: Double
        public var exposure: Double

        @inlinable
        public init(order: OrderRequest?, fill: Fill?, equity: Double, exposure: Double) {
            self.order = order
            self.fill = fill
            self.equity = equity
            self.exposure = exposure
        }
    }

    /// Sizes `decision` at the decision price (bar t's close). `.hold` never trades.
    @inlinable
    public func order(for decision: Decision, price: Double) -> OrderRequest? {
        guard case .target(let target) = decision else { return nil }
        return account.order(toExposure: target, price: price, costs: costs, rules: rules)
    }

    /// Fills a sized order at reference `price` with the simulated broker's rules.
    @inlinable @discardableResult
    public mutating func execute(_ order: OrderRequest, price: Double, time: Date, symbol: String) -> Fill? {
        account.execute(order, price: price, costs: costs, rules: rules, time: time, symbol: symbol)
    }

    /// Books a fill reported by a real broker.
    public mutating func apply(_ fill: Fill) { account.apply(fill) }

    /// Marks to `close`: equity, exposure, and the agent state (entry, holding time) after it.
    @inlinable @discardableResult
    public mutating func mark(close: Double) -> (equity: Double, exposure: Double) {
        let shares = account.shares
        let equity = account.cash + shares * close
        let exposure = shares != 0 && equity > 0 ? shares * close / equity : 0
        agent.update(exposure: exposure, price: close)
        return (equity, exposure)
    }

    /// Decide at bar t's close, fill per the fill rule, mark at bar t+1's close.
    @inlinable
    public mutating func advance(_ decision: Decision, decisionClose: Double, decisionTime: Date,
                                 nextOpen: Double, nextTime: Date, nextClose: Double, symbol: String) -> Outcome {
        let request = order(for: decision, price: decisionClose)
        var done: Fill?
        if let request {
            switch fill {
            case .close: done = execute(request, price: decisionClose, time: decisionTime, symbol: symbol)
            case .nextOpen: done = execute(request, price: nextOpen, time: nextTime, symbol: symbol)
            }
        }
        let (equity, exposure) = mark(close: nextClose)
        return Outcome(order: request, fill: done, equity: equity, exposure: exposure)
    }
}
