import Foundation
import TradingCore

/// Where a journaled order stands. `intent` is written in the same transaction as the decision,
/// before the order is sent; `unknown` means a send whose outcome was not confirmed — such an order
/// is looked up by its client id before anything else is sent for its symbol.
public enum JournalOrderState: String, Sendable, Codable, CaseIterable {
    case intent, sent, unknown, rejected, done
}

/// One order as the journal holds it.
public struct JournalOrder: Sendable, Hashable, Codable {
    public var clientOrderID: String
    public var symbol: String
    public var seq: Int
    public var side: Side
    public var quantity: Double
    public var decisionTime: Date
    public var decisionPrice: Double
    public var closesPosition: Bool
    public var state: JournalOrderState
    public var brokerOrderID: String?
    public var brokerStatus: String?
    public var filledQuantity: Double
    public var filledAveragePrice: Double?
    public var commission: Double
    public var slippage: Double
    public var reason: String?

    public init(clientOrderID: String, symbol: String, seq: Int, side: Side, quantity: Double, decisionTime: Date, decisionPrice: Double, closesPosition: Bool, state: JournalOrderState = JournalOrderState.intent, brokerOrderID: String? = nil, brokerStatus: String? = nil, filledQuantity: Double = 0, filledAveragePrice: Double? = nil, commission: Double = 0, slippage: Double = 0, reason: String? = nil) {
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.seq = seq
        self.side = side
        self.quantity = quantity
        self.decisionTime = decisionTime
        self.decisionPrice = decisionPrice
        self.closesPosition = closesPosition
        self.state = state
        self.brokerOrderID = brokerOrderID
        self.brokerStatus = brokerStatus
        self.filledQuantity = filledQuantity
        self.filledAveragePrice = filledAveragePrice
        self.commission = commission
        self.slippage = slippage
        self.reason = reason
    }

    public var order: Order {
        Order(clientOrderID: clientOrderID, symbol: symbol, side: side, quantity: quantity,
              closesPosition: closesPosition, decisionPrice: decisionPrice)
    }
}

/// A journaled bar with the sentiment the engine saw for it.
public struct JournalBar: Sendable, Hashable {
    public var symbol: String
    public var seq: Int
    public var bar: Bar
    public var sentiment: SentimentFeatures
    public var featureHash: String
    public var warmup: Bool

    public init(symbol: String, seq: Int, bar: Bar, sentiment: SentimentFeatures, featureHash: String, warmup: Bool) {
        self.symbol = symbol
        self.seq = seq
        self.bar = bar
        self.sentiment = sentiment
        self.featureHash = featureHash
        self.warmup = warmup
    }
}

/// A journaled decision: `hold` or `target:X`.
public struct JournalDecision: Sendable, Hashable, Codable {
    public var symbol: String
    public var seq: Int
    public var time: Date
    public var decision: String
    public var exposure: Double
    public var equity: Double
    /// Policy-specific detail (e.g. a PPO agent's action probabilities), JSON.
    public var detail: String?

    public init(symbol: String, seq: Int, time: Date, decision: String, exposure: Double, equity: Double, detail: String? = nil) {
        self.symbol = symbol
        self.seq = seq
        self.time = time
        self.decision = decision
        self.exposure = exposure
        self.equity = equity
        self.detail = detail
    }

    public static func encode(_ d: Decision) -> String {
        switch d {
        case .hold: return "hold"
        case .target(let x): return "target:\(x)"
        }
    }

    public static func decode(_ text: String) -> Decision? {
        if text == "hold" { return .hold }
        guard text.hasPrefix("target:"), let x = Double(text.dropFirst(7)) else { return nil }
        return .target(x)
    }
}

/// A fill as the journal booked it (the engine's sleeve accounting replays these).
public struct JournalFill: Sendable, Hashable, Codable {
    public var executionID: String
    public var clientOrderID: String
    public var symbol: String
    public var side: Side
    public var quantity: Double
    public var price: Double
    public var commission: Double
    public var slippage: Double
    public var time: Date
    /// The bar sequence number before whose decision the fill was booked.
    public var appliedSeq: Int
    public var source: String

    public init(executionID: String, clientOrderID: String, symbol: String, side: Side, quantity: Double, price: Double, commission: Double, slippage: Double, time: Date, appliedSeq: Int, source: String) {
        self.executionID = executionID
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.commission = commission
        self.slippage = slippage
        self.time = time
        self.appliedSeq = appliedSeq
        self.source = source
    }

    public var fill: Fill {
        Fill(time: time, symbol: symbol, side: side, quantity: quantity, price: price, commission: commission, slippageCost: slippage)
    }
}

/// A journaled event: a risk rejection or state change, a reconciliation difference, a control action.
public struct JournalEvent: Sendable, Hashable, Codable {
    public var id: Int64
    public var time: Date
    public var kind: String
    public var symbol: String?
    public var message: String
    public var riskState: String?

    public init(id: Int64, time: Date, kind: String, symbol: String?, message: String, riskState: String?) {
        self.id = id
        self.time = time
        self.kind = kind
        self.symbol = symbol
        self.message = message
        self.riskState = riskState
    }
}

/// An equity snapshot of one symbol's sleeve, or of the account (`symbol == "*"`).
public struct JournalEquity: Sendable, Hashable, Codable {
    public var time: Date
    public var symbol: String
    public var equity: Double
    public var cash: Double
    public var shares: Double
    public var price: Double

    public init(time: Date, symbol: String, equity: Double, cash: Double, shares: Double, price: Double) {
        self.time = time
        self.symbol = symbol
        self.equity = equity
        self.cash = cash
        self.shares = shares
        self.price = price
    }
}
