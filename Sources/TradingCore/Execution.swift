import Foundation

/// What a policy decides at a bar's close: keep the position, or move to a target exposure.
public enum Decision: Sendable, Hashable {
    case hold
    /// Target position value / equity (clamped by `PositionRules`).
    case target(Double)
}

/// When a decision taken at bar t's close is filled.
public enum FillRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// At bar t+1's open (the default: the decision uses bar t's close, so it cannot also trade at it
    /// in reality without look-ahead of a few seconds).
    case nextOpen = "next-open"
    /// At bar t's close (for comparison with tools that fill on the signal bar).
    case close
}

/// The one simulation of order execution, shared by `TradingEnv` and `SimulatedBroker` so a fixed
/// decision sequence produces the same fills and equity in training and in backtests.
///
/// Call `decide` at each decision (bar t's close), then `open` at bar t+1's open. A pending
/// next-open target is replaced by a newer decision.
public struct SimulatedExecution: Sendable, Hashable {
    public var account: Account
    public let costs: CostModel
    public let rules: PositionRules
    public let fill: FillRule
    public private(set) var pendingTarget: Double?

    public init(cash: Double, costs: CostModel, rules: PositionRules, fill: FillRule) {
        account = Account(cash: cash)
        self.costs = costs
        self.rules = rules
        self.fill = fill
    }

    /// Records the decision taken at a close; with `.close` fills it executes at `closePrice` now.
    @discardableResult
    public mutating func decide(_ decision: Decision, closePrice: Double, time: Date, symbol: String) -> Fill? {
        guard case .target(let target) = decision else {
            if fill == .nextOpen { pendingTarget = nil }
            return nil
        }
        switch fill {
        case .close:
            return account.rebalance(toExposure: target, price: closePrice, costs: costs, rules: rules, time: time, symbol: symbol)
        case .nextOpen:
            pendingTarget = target
            return nil
        }
    }

    /// The next bar opens at `openPrice`: a pending next-open target executes.
    @discardableResult
    public mutating func open(price openPrice: Double, time: Date, symbol: String) -> Fill? {
        guard let target = pendingTarget else { return nil }
        pendingTarget = nil
        return account.rebalance(toExposure: target, price: openPrice, costs: costs, rules: rules, time: time, symbol: symbol)
    }
}
