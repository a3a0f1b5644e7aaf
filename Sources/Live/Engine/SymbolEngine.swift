import Crypto
import Features
import Foundation
import Strategy
import TradingCore

/// One symbol's share of the trading engine in the live runner and `live --sim`: its history (the
/// incremental `FeaturePipeline` feeding `SymbolHistory`), its policy, and its sleeve of the
/// account (`TradingStep`: the same sizing and accounting as the backtester's).
///
/// A bar's cycle is `apply` (fills that arrived since the last bar) → `onBar` (append, mark at the
/// close, decide, size). Replaying the journal through the same two calls rebuilds the exact state
/// after a restart, policy internals included.
public struct SymbolEngine {
    public let symbol: String
    public let history: SymbolHistory
    public private(set) var policy: any Policy
    public private(set) var sleeve: TradingStep
    /// Sequence number the next bar gets.
    public private(set) var nextSeq = 0

    /// What the engine decided at one bar's close.
    public struct BarDecision: Sendable {
        public var seq: Int
        public var time: Date
        public var decision: Decision
        /// The order sized at the close (nil: hold, within the band, or nothing to trade).
        public var request: OrderRequest?
        /// SHA-256 prefix of the feature row (replay checks it).
        public var featureHash: String
        public var equity: Double
        public var exposure: Double
        public var close: Double
        /// Why the agent decided this (explainable policies only, and only when asked for).
        public var explanation: DecisionExplanation?
    }

    public init(symbol: String, policy: any Policy, cash: Double, costs: CostModel, rules: PositionRules, fill: FillRule) {
        self.symbol = symbol
        var policy = policy
        policy.reset()
        self.policy = policy
        history = SymbolHistory(symbol: symbol, spec: policy.featureSpec, lookback: policy.lookback, incremental: true)
        sleeve = TradingStep(cash: cash, costs: costs, rules: rules, fill: fill)
    }

    /// A bar before trading starts: features warm up, nothing is decided.
    @discardableResult
    public mutating func warm(_ bar: Bar, sentiment: SentimentFeatures) -> String {
        let row = history.append(bar, sentiment: sentiment, sequence: nextSeq)
        nextSeq += 1
        return Self.hash(row)
    }

    /// The broker is authoritative: a reconciled position replaces the sleeve's share count.
    public mutating func overrideShares(_ shares: Double) { sleeve.account.shares = shares }

    /// Books a fill reported by the broker into the sleeve.
    public mutating func apply(_ fill: Fill) { sleeve.apply(fill) }

    /// The bar closed: append it, mark the sleeve at its close, decide, and size the order.
    /// `explain`: also compute the decision's explanation (live cycles; replay skips it).
    public mutating func onBar(_ bar: Bar, sentiment: SentimentFeatures, explain: Bool = false) -> BarDecision {
        let seq = nextSeq
        let row = history.append(bar, sentiment: sentiment, sequence: seq)
        nextSeq += 1
        let (equity, exposure) = sleeve.mark(close: bar.close)
        let context = DecisionContext(history: history, state: sleeve.agent)
        let explanation = explain ? (policy as? any ExplainablePolicy)?.explain(context) : nil
        let decision = policy.decide(context)
        let request = sleeve.order(for: decision, price: bar.close)
        return BarDecision(seq: seq, time: bar.time, decision: decision, request: request, featureHash: Self.hash(row),
                           equity: equity, exposure: exposure, close: bar.close, explanation: explanation)
    }

    /// Hex SHA-256 prefix (16 chars) of a feature row's bytes; "-" for price-only policies.
    public static func hash(_ row: UnsafeBufferPointer<Float>) -> String {
        guard !row.isEmpty else { return "-" }
        let digest = SHA256.hash(data: UnsafeRawBufferPointer(row))
        return digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
