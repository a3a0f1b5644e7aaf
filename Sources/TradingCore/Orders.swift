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
    /// Closes the whole position (the simulated broker sells exactly what is held).
    public var closesPosition: Bool
    /// The close the order was sized at (slippage of real fills is measured against it).
    public var decisionPrice: Double?

    public init(clientOrderID: String, symbol: String, side: Side, quantity: Double,
                kind: Kind = .market, limitPrice: Double? = nil, timeInForce: TimeInForce = .day,
                closesPosition: Bool = false, decisionPrice: Double? = nil) {
        self.closesPosition = closesPosition
        self.decisionPrice = decisionPrice
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.kind = kind
        self.limitPrice = limitPrice
        self.timeInForce = timeInForce
    }

    /// A deterministic client order id from (strategy, symbol, decision time, sequence), so that a
    /// retried or recovered decision can never produce a second order. At most 64 characters of
    /// `[A-Za-z0-9.-]` (Alpaca allows 128).
    public static func clientOrderID(strategy: String, symbol: String, decisionTime: Date, sequence: Int = 0) -> String {
        let seconds = Int64(decisionTime.timeIntervalSince1970.rounded(.down))
        func safe(_ text: String) -> String {
            String(text.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "." ? Character($0) : "-" })
        }
        // A long name is shortened to a prefix plus a hash of the whole, so two strategies whose
        // names share their first characters never share ids.
        var name = safe(strategy)
        if name.count > 24 { name = "\(name.prefix(15))-\(fnv1a(strategy))" }
        let base = "\(name)-\(safe(symbol).prefix(16))-\(seconds)"
        return sequence == 0 ? base : "\(base)-\(sequence)"
    }

    /// 64-bit FNV-1a of the UTF-8 bytes, as 8 hex digits of its low half (stable across runs and machines).
    static func fnv1a(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h & 0xffff_ffff, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The quantity as a fixed-precision decimal string (9 decimals at most, no exponent, trailing
    /// zeros trimmed): what brokers expect, never `String(Double)` (`0.30000000000000004`, `1e-05`).
    public var quantityText: String { Order.decimalText(quantity, decimals: 9) }

    /// `value` rounded to `decimals` places, written without exponent or trailing zeros.
    public static func decimalText(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
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
