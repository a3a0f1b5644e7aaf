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

    /// Trades toward `target` exposure at reference price `price`, paying `costs`.
    ///
    /// The target is clamped to the rules' range. Buys never spend more cash than the account
    /// holds (no margin), so a target of 1 ends slightly below 1 after costs. Returns the fill, or
    /// nil when no trade was needed or possible.
    @discardableResult
    public mutating func rebalance(
        toExposure target: Double, price: Double, costs: CostModel, rules: PositionRules,
        time: Date = Date(timeIntervalSince1970: 0), symbol: String = ""
    ) -> Fill? {
        guard price > 0, price.isFinite, target.isFinite else { return nil }
        let range = rules.exposureRange
        let clamped = min(max(target, range.lowerBound), range.upperBound)
        let equityNow = equity(at: price)
        guard equityNow > 0 else { return nil }
        let current = shares * price / equityNow
        if clamped != 0, abs(clamped - current) < rules.rebalanceBand { return nil }
        var delta = clamped * equityNow / price - shares
        if clamped == 0 { delta = -shares }  // closing is exact, never a residue
        if delta > 0 {
            let fillPrice = costs.fillPrice(reference: price, side: .buy)
            let perShare = fillPrice * (1 + costs.commissionBps * 1e-4)
            let affordable = (cash - costs.fixedFee) / perShare
            delta = min(delta, max(affordable, 0))
            if !rules.fractionalShares { delta = delta.rounded(.down) }
            guard delta > 0 else { return nil }
            return execute(quantity: delta, side: .buy, reference: price, fillPrice: fillPrice, costs: costs, time: time, symbol: symbol)
        } else if delta < 0 {
            var quantity = -delta
            if !rules.allowShort { quantity = min(quantity, max(shares, 0)) }
            if !rules.fractionalShares, clamped != 0 { quantity = quantity.rounded(.down) }
            guard quantity > 0 else { return nil }
            let fillPrice = costs.fillPrice(reference: price, side: .sell)
            // A sale whose fee exceeds its proceeds would push a long-only account below zero cash.
            if !rules.allowShort, cash + quantity * fillPrice - costs.commission(notional: quantity * fillPrice) < 0 { return nil }
            return execute(quantity: quantity, side: .sell, reference: price, fillPrice: fillPrice, costs: costs, time: time, symbol: symbol)
        }
        return nil
    }

    private mutating func execute(
        quantity: Double, side: Side, reference: Double, fillPrice: Double, costs: CostModel, time: Date, symbol: String
    ) -> Fill {
        let notional = quantity * fillPrice
        let commission = costs.commission(notional: notional)
        switch side {
        case .buy:
            cash -= notional + commission
            shares += quantity
        case .sell:
            cash += notional - commission
            shares -= quantity
        }
        if abs(shares) < 1e-12 { shares = 0 }
        let slippage = quantity * abs(fillPrice - reference)
        costsPaid += commission + slippage
        tradedNotional += notional
        tradeCount += 1
        return Fill(time: time, symbol: symbol, side: side, quantity: quantity, price: fillPrice,
                    commission: commission, slippageCost: slippage)
    }
}
