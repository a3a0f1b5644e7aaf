import Foundation

/// The engine step for one account holding several symbols and one pool of cash: what a portfolio
/// agent trades through.
///
/// The per-symbol `TradingStep` gives each symbol its own sleeve of cash; a portfolio decides
/// *weights*, so selling one symbol funds buying another. Everything else is `TradingStep`'s: orders
/// are sized at bar t's close from the equity known then, filled by `Account.execute` (the same
/// slippage, commission, no-margin cap and long-only rule, applied to the shared cash), then marked at
/// bar t+1's close. Sales are filled before purchases, so a rebalance's buys spend what its sells
/// raised. Invariant: `equity = cash + Σ shares[i] × price[i]`, cash never negative (long-only).
public struct PortfolioStep: Sendable, Hashable {
    public var cash: Double
    public var shares: [Double]
    /// Each symbol's holding state (its exposure is its weight in the portfolio), as observations need.
    public var agents: [AgentState]
    public let costs: CostModel
    public let rules: PositionRules
    public let fill: FillRule
    public private(set) var costsPaid = 0.0
    public private(set) var tradedNotional = 0.0
    public private(set) var tradeCount = 0

    public init(symbols: Int, cash: Double, costs: CostModel, rules: PositionRules, fill: FillRule) {
        self.cash = cash
        shares = Array(repeating: 0, count: symbols)
        agents = Array(repeating: AgentState(), count: symbols)
        self.costs = costs
        self.rules = rules
        self.fill = fill
    }

    /// Cash plus every position at `prices`.
    public func equity(at prices: [Double]) -> Double {
        var e = cash
        for i in shares.indices { e += shares[i] * prices[i] }
        return e
    }

    /// Each position's value over equity (zeros when equity is not positive).
    public func weights(at prices: [Double]) -> [Double] {
        let e = equity(at: prices)
        return shares.indices.map { e > 0 ? shares[$0] * prices[$0] / e : 0 }
    }

    /// The orders that move the portfolio toward `targets` (one weight per symbol, each clamped to
    /// the rules' exposure range, their sum to at most 1: no margin), sized at the decision `prices`.
    /// A symbol whose weight is within the rebalance band of its target is left alone; a zero
    /// target sells the whole position. Purchases are capped, in symbol order, to what the cash
    /// plus the planned sales' proceeds buy at `prices` after costs — `Account.order`'s cap, so one
    /// symbol trades exactly as `TradingStep` does.
    public func orders(toWeights targets: [Double], prices: [Double]) -> [OrderRequest?] {
        precondition(targets.count == shares.count && prices.count == shares.count, "one target and one price per symbol")
        var orders = [OrderRequest?](repeating: nil, count: shares.count)
        let equityNow = equity(at: prices)
        guard equityNow > 0, equityNow.isFinite else { return orders }
        let range = rules.exposureRange
        var clamped = targets.map { $0.isFinite ? min(max($0, range.lowerBound), range.upperBound) : 0 }
        let gross = clamped.reduce(0) { $0 + abs($1) }
        if gross > 1 { clamped = clamped.map { $0 / gross } }
        var buys: [(symbol: Int, quantity: Double)] = []
        var available = cash
        for i in shares.indices {
            let price = prices[i]
            guard price > 0, price.isFinite else { continue }
            let current = shares[i] * price / equityNow
            let target = clamped[i]
            if target != 0, abs(target - current) < rules.rebalanceBand { continue }
            let closes = target == 0
            let delta = closes ? -shares[i] : target * equityNow / price - shares[i]
            if delta > 0 {
                buys.append((i, delta))
            } else if delta < 0 {
                var quantity = -delta
                if !rules.allowShort { quantity = min(quantity, max(shares[i], 0)) }
                if !rules.fractionalShares, !closes { quantity = quantity.rounded(.down) }
                guard quantity > 0 else { continue }
                let proceeds = quantity * costs.fillPrice(reference: price, side: .sell)
                available += proceeds - costs.commission(notional: proceeds)
                orders[i] = OrderRequest(side: .sell, quantity: quantity, decisionPrice: price, closesPosition: closes)
            }
        }
        for (i, wanted) in buys {
            let price = prices[i]
            let spend = Account(cash: available, shares: 0)
            var quantity = min(wanted, max(spend.affordable(at: price, costs: costs), 0))
            if !rules.fractionalShares { quantity = quantity.rounded(.down) }
            guard quantity > 0 else { continue }
            let notional = quantity * costs.fillPrice(reference: price, side: .buy)
            available -= notional + costs.commission(notional: notional)
            orders[i] = OrderRequest(side: .buy, quantity: quantity, decisionPrice: price, closesPosition: false)
        }
        return orders
    }

    /// Fills `orders` at reference `prices` (sales first, then purchases in symbol order), each
    /// through `Account.execute` on the shared cash. Returns the fill per symbol, nil where none.
    @discardableResult
    public mutating func execute(_ orders: [OrderRequest?], prices: [Double], time: Date, symbols: [String]) -> [Fill?] {
        var fills = [Fill?](repeating: nil, count: shares.count)
        for side in [Side.sell, .buy] {
            for i in orders.indices {
                guard let order = orders[i], order.side == side else { continue }
                var account = Account(cash: cash, shares: shares[i])
                guard let done = account.execute(order, price: prices[i], costs: costs, rules: rules, time: time,
                                                 symbol: i < symbols.count ? symbols[i] : "") else { continue }
                cash = account.cash
                shares[i] = account.shares
                costsPaid += done.commission + done.slippageCost
                tradedNotional += done.notional
                tradeCount += 1
                fills[i] = done
            }
        }
        return fills
    }

    /// Marks to `closes`: equity, gross exposure, and each symbol's holding state.
    @discardableResult
    public mutating func mark(closes: [Double]) -> (equity: Double, exposure: Double) {
        let equity = equity(at: closes)
        var gross = 0.0
        for i in shares.indices {
            let weight = shares[i] != 0 && equity > 0 ? shares[i] * closes[i] / equity : 0
            agents[i].update(exposure: weight, price: closes[i])
            gross += abs(weight)
        }
        return (equity, gross)
    }

    /// Decide at bar t's closes, fill per the fill rule, mark at bar t+1's closes.
    public mutating func advance(toWeights targets: [Double], decisionCloses: [Double], decisionTime: Date,
                                 nextOpens: [Double], nextTime: Date, nextCloses: [Double], symbols: [String])
        -> (fills: [Fill?], equity: Double, exposure: Double) {
        let requests = orders(toWeights: targets, prices: decisionCloses)
        let fills: [Fill?]
        switch fill {
        case .close: fills = execute(requests, prices: decisionCloses, time: decisionTime, symbols: symbols)
        case .nextOpen: fills = execute(requests, prices: nextOpens, time: nextTime, symbols: symbols)
        }
        let (equity, exposure) = mark(closes: nextCloses)
        return (fills, equity, exposure)
    }
}
