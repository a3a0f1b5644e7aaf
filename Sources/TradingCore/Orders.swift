import Foundation

/// An executed trade (simulated or real): what the journal records and metrics count.
public struct Fill: Sendable, Hashable, Codable {
    public var time: Date
    public var symbol: String
    public var side: Side
    /// Shares traded, always positive.
    public var quantity: Double
    /// Price per share actually paid or received (reference price moved by slippage).
    public var price: Double
    /// Commission plus fixed fee.
    public var commission: Double
    /// What slippage cost versus the reference price: `quantity × |price − reference|`.
    public var slippageCost: Double

    public init(time: Date, symbol: String, side: Side, quantity: Double, price: Double, commission: Double, slippageCost: Double) {
        self.time = time
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.commission = commission
        self.slippageCost = slippageCost
    }

    public var notional: Double { quantity * price }
    /// Total cost of the trade versus a frictionless fill (≥ 0).
    public var totalCost: Double { commission + slippageCost }
}

/// An order as a broker receives it. `clientOrderID` makes submission idempotent (DESIGN.md §6).
public struct Order: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case market, limit }
    public enum TimeInForce: String, Sendable, Hashable, Codable { case day, gtc, opg, cls, ioc, fok }

    public var clientOrderID: String
    public var symbol: String
    public var side: Side
    public var quantity: Double
    public var kind: Kind
    public var limitPrice: Double?
    public var timeInForce: TimeInForce

    public init(clientOrderID: String, symbol: String, side: Side, quantity: Double,
                kind: Kind = .market, limitPrice: Double? = nil, timeInForce: TimeInForce = .day) {
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.kind = kind
        self.limitPrice = limitPrice
        self.timeInForce = timeInForce
    }

    /// A deterministic client order id from (strategy, symbol, decision time), so that a retried or
    /// recovered decision can never produce a second order.
    public static func clientOrderID(strategy: String, symbol: String, decisionTime: Date) -> String {
        let seconds = Int64(decisionTime.timeIntervalSince1970.rounded(.down))
        let safe = strategy.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" }
        return "\(String(safe).prefix(24))-\(symbol)-\(seconds)"
    }
}

/// What a strategy may hold: short or long-only, fractional or whole shares, how far exposure may
/// drift before a rebalance trade is worth its cost.
public struct PositionRules: Sendable, Hashable, Codable {
    public var allowShort: Bool
    public var fractionalShares: Bool
    /// No trade is made when the target differs from the current exposure by less than this
    /// fraction of equity (avoids paying fees for drift). 0 trades on any difference.
    public var rebalanceBand: Double

    public init(allowShort: Bool = false, fractionalShares: Bool = true, rebalanceBand: Double = 0.01) {
        self.allowShort = allowShort
        self.fractionalShares = fractionalShares
        self.rebalanceBand = rebalanceBand
    }

    /// The exposure range a target is clamped to.
    public var exposureRange: ClosedRange<Double> { allowShort ? -1...1 : 0...1 }
}
