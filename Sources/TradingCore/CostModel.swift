import Foundation

/// What trading costs: commission in basis points of notional, half-spread/slippage in basis points
/// of price (paid on both sides), and a fixed fee per trade. The environment, the simulated broker
/// and the live runner's estimates all use this one model.
public struct CostModel: Sendable, Hashable, Codable {
    public var commissionBps: Double
    public var slippageBps: Double
    public var fixedFee: Double

    public init(commissionBps: Double = 0, slippageBps: Double = 0, fixedFee: Double = 0) {
        self.commissionBps = commissionBps
        self.slippageBps = slippageBps
        self.fixedFee = fixedFee
    }

    /// No costs at all (for comparisons with tools that ignore them; never the default).
    public static let free = CostModel()
    /// A retail US-equity default: 1 bp commission-equivalent fees and 5 bps half-spread.
    public static let retailEquity = CostModel(commissionBps: 1, slippageBps: 5)

    /// The price actually paid (buy) or received (sell) for a reference price.
    @inlinable
    public func fillPrice(reference: Double, side: Side) -> Double {
        let s = slippageBps * 1e-4
        return side == .buy ? reference * (1 + s) : reference * (1 - s)
    }

    /// Commission plus fixed fee for a trade of `notional` (at fill price).
    @inlinable
    public func commission(notional: Double) -> Double {
        abs(notional) * commissionBps * 1e-4 + fixedFee
    }

    /// Validates the model: every part finite and non-negative.
    public func validated() throws -> CostModel {
        for (name, v) in [("commission-bps", commissionBps), ("slippage-bps", slippageBps), ("fixed-fee", fixedFee)]
        where !(v.isFinite && v >= 0) {
            throw TradingCoreError.invalidParameter(name: name, value: "\(v)", reason: "must be a finite number ≥ 0")
        }
        // 10,000 bps is the whole price: a fee or half-spread that large is a typo, not a market.
        for (name, v) in [("commission-bps", commissionBps), ("slippage-bps", slippageBps)] where v >= 10_000 {
            throw TradingCoreError.invalidParameter(name: name, value: "\(v)", reason: "must be below 10000 bps (100% of the price)")
        }
        return self
    }
}

/// Buy or sell.
public enum Side: String, Sendable, Hashable, Codable {
    case buy
    case sell
}

/// Errors raised by domain values when given impossible parameters.
public enum TradingCoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidParameter(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, reason): return "invalid \(name) '\(value)': \(reason)"
        }
    }
}
