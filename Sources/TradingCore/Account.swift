import Foundation

/// Cash and a position in one symbol, and the one rule for turning a target exposure into a trade.
///
/// This is the accounting shared by `TradingEnv`, `SimulatedBroker` and the live runner's paper
/// simulation, so a fixed action sequence gives the same equity everywhere (DESIGN.md §1).
/// Invariants: `equity = cash + shares × price`; every trade's costs are ≥ 0; with long-only rules
/// neither cash nor shares ever go negative.
public struct Account: Sendable, Hashable, Codable {
    public var cash: Double
    public var shares: Double
    /// Commission, fees and slippage paid so far.
    public private(set) var costsPaid: Double = 0
    /// Absolute notional traded so far.
    public private(set) var tradedNotional: Double = 0
    public private(set) var tradeCount: Int = 0

    public init(cash: Double, shares: Double = 0) {
        self.cash = cash
        self.shares = shares
    }

    @inlinable
    public func equity(at price: Double) -> Double { cash + shares * price }

    /// Position value over equity (0 when equity is not positive).
    @inlinable
    public func exposure(at price: Double) -> Double {
        let e = equity(at: price)
        return e > 0 ? shares * price / e : 0
    }

    /// Sizes the trade toward `target` exposure at the decision price `price` (bar t's close): what a
    /// live bot can know when it decides. Nil when no trade is needed (within the rebalance band) or
    /// possible (no cash, nothing to sell).
    ///
    /// The target is clamped to the rules' range. Buys are capped to what the cash buys at `price`
    /// after costs (no margin), so a target of 1 ends slightly below 1.
    public func order(toExposure target: Double, price: Double, costs: CostModel, rules: PositionRules) -> OrderRequest? {
        guard price > 0, price.isFinite, target.isFinite else { return nil }
        let range = rules.exposureRange
        let clamped = min(max(target, range.lowerBound), range.upperBound)
        let equityNow = equity(at: price)
        guard equityNow > 0 else { return nil }
        let current = shares * price / equityNow
        if clamped != 0, abs(clamped - current) < rules.rebalanceBand { return nil }
        let closes = clamped == 0
        let delta = closes ? -shares : clamped * equityNow / price - shares  // closing is exact, never a residue
        if delta > 0 {
            var quantity = min(delta, max(affordable(at: price, costs: costs), 0))
            if !rules.fractionalShares, !closes { quantity = quantity.rounded(.down) }
            guard quantity > 0 else { return nil }
            return OrderRequest(side: .buy, quantity: quantity, decisionPrice: price, closesPosition: closes)
        } else if delta < 0 {
            var quantity = -delta
            if !rules.allowShort { quantity = min(quantity, max(shares, 0)) }
            if !rules.fractionalShares, !closes { quantity = quantity.rounded(.down) }
            guard quantity > 0 else { return nil }
            return OrderRequest(side: .sell, quantity: quantity, decisionPrice: price, closesPosition: closes)
        }
        return nil
    }

    /// Shares the cash buys at reference `price` after slippage, commission and the fixed fee.
    @inlinable
    public func affordable(at price: Double, costs: CostModel) -> Double {
        let perShare = costs.fillPrice(reference: price, side: .buy) * (1 + costs.commissionBps * 1e-4)
        return (cash - costs.fixedFee) / perShare
    }

    /// Executes a sized order at reference price `price` (the fill bar's open, or the decision close)
    /// the way the simulated broker does: slippage and commission from `costs`; a buy is capped to
    /// what the cash buys then (a gap up fills partially, never on margin); a long-only sale never
    /// sells more than is held; a sale whose fee exceeds its proceeds is not made. Nil when nothing fills.
    @discardableResult
    public mutating func execute(_ order: OrderRequest, price: Double, costs: CostModel, rules: PositionRules,
                                 time: Date = Date(timeIntervalSince1970: 0), symbol: String = "") -> Fill? {
        guard price > 0, price.isFinite else { return nil }
        var quantity = order.closesPosition ? abs(shares) : order.quantity
        let fillPrice = costs.fillPrice(reference: price, side: order.side)
        switch order.side {
        case .buy:
            quantity = min(quantity, max(affordable(at: price, costs: costs), 0))
            if !rules.fractionalShares, !order.closesPosition { quantity = quantity.rounded(.down) }
        case .sell:
            if !rules.allowShort { quantity = min(quantity, max(shares, 0)) }
            if !rules.allowShort, cash + quantity * fillPrice - costs.commission(notional: quantity * fillPrice) < 0 { return nil }
        }
        guard quantity > 0, quantity.isFinite else { return nil }
        let notional = quantity * fillPrice
        let fill = Fill(time: time, symbol: symbol, side: order.side, quantity: quantity, price: fillPrice,
                        commission: costs.commission(notional: notional), slippageCost: quantity * abs(fillPrice - price))
        apply(fill)
        return fill
    }

    /// Books a fill (simulated or reported by a broker): cash, shares and the cost counters.
    public mutating func apply(_ fill: Fill) {
        let notional = fill.quantity * fill.price
        switch fill.side {
        case .buy:
            cash -= notional + fill.commission
            shares += fill.quantity
        case .sell:
            cash += notional - fill.commission
            shares -= fill.quantity
        }
        if abs(shares) < 1e-12 { shares = 0 }
        costsPaid += fill.commission + fill.slippageCost
        tradedNotional += notional
        tradeCount += 1
    }

    /// Sizes and executes at one price (a same-bar fill): `order` then `execute`.
    @discardableResult
    public mutating func rebalance(
        toExposure target: Double, price: Double, costs: CostModel, rules: PositionRules,
        time: Date = Date(timeIntervalSince1970: 0), symbol: String = ""
    ) -> Fill? {
        guard let request = order(toExposure: target, price: price, costs: costs, rules: rules) else { return nil }
        return execute(request, price: price, costs: costs, rules: rules, time: time, symbol: symbol)
    }
}
