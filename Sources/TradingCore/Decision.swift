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

/// A trade the engine wants, sized at decision time from the price and equity known then (a live
/// bot cannot know the next open). `Order` adds the identity a broker needs.
public struct OrderRequest: Sendable, Hashable, Codable {
    public var side: Side
    /// Shares, always positive.
    public var quantity: Double
    /// The close the order was sized at (the reference for slippage accounting of real fills).
    public var decisionPrice: Double
    /// True when the order closes the whole position (sell everything held, never a residue).
    public var closesPosition: Bool

    public init(side: Side, quantity: Double, decisionPrice: Double, closesPosition: Bool = false) {
        self.side = side
        self.quantity = quantity
        self.decisionPrice = decisionPrice
        self.closesPosition = closesPosition
    }

    /// Signed share change (+ buy, − sell).
    public var signedQuantity: Double { side == .buy ? quantity : -quantity }
}
