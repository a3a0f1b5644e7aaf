import Features
import Foundation
import TradingCore

/// Anything that decides positions from what is known at a bar's close: the baselines, the trained
/// PPO agent, and any user strategy. The backtester, the trading engine's live runner and `live --sim`
/// call the same protocol with the same `DecisionContext`, so a policy runs unchanged in all of them.
public protocol Policy {
    /// A short name for reports (`buy-and-hold`, `sma:10,30`, `ppo:DIR`).
    var name: String { get }
    /// Bars of history the policy reads (e.g. SMA(10,30): 31). The history keeps at least this many.
    var lookback: Int { get }
    /// The features the policy's observations need (nil: prices and sentiment only).
    var featureSpec: FeatureSpec? { get }
    /// Clears per-run state before a new backtest or symbol.
    mutating func reset()
    /// The decision at the latest bar's close.
    mutating func decide(_ context: DecisionContext) -> Decision
}

extension Policy {
    public var lookback: Int { 1 }
    public var featureSpec: FeatureSpec? { nil }
}

/// What a policy may see at bar t's close: the symbol's history (bars, feature rows, sentiment up to
/// and including t — nothing later exists in it) and its own position. Accessors count "bars ago".
public struct DecisionContext {
    @usableFromInline let history: SymbolHistory
    /// The agent state after the latest fill (exposure, entry, holding time).
    public let state: AgentState

    public init(history: SymbolHistory, state: AgentState) {
        self.history = history
        self.state = state
    }

    public var symbol: String { history.symbol }
    /// The bar's index in its source (series index in a backtest, bar number live): increases by one per bar.
    public var index: Int { history.latestSequence }
    public var time: Date { history.latestTime ?? Date(timeIntervalSince1970: 0) }

    /// Close `ago` bars before t (0 = this bar's close); nil before the first bar held.
    @inlinable
    public func close(ago: Int = 0) -> Double? { history.close(ago: ago) }

    /// The whole bar `ago` bars before t.
    public func bar(ago: Int = 0) -> Bar? { history.bar(ago: ago) }

    /// Sentiment features of bar t (posts up to t's close).
    public var sentiment: SentimentFeatures { history.latestSentiment }

    /// Bars available up to and including t (capped by the history's capacity).
    public var available: Int { history.available }

    /// The feature row of bar t − ago.
    public func featureRow(ago: Int = 0) -> UnsafeBufferPointer<Float>? { history.row(ago: ago) }

    /// Writes the observation a trained agent sees (feature window + agent state) into `out`.
    public func writeObservation(into out: UnsafeMutableBufferPointer<Float>) {
        history.writeObservation(state: state, into: out)
    }
}
