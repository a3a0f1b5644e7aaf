import Features
import Foundation
import TradingCore

/// Anything that decides positions from what is known at a bar's close: the baselines here, the
/// trained PPO agent (Learning), and any user strategy. The backtester and the live runner call
/// the same protocol, so a policy runs unchanged in both.
public protocol Policy {
    /// A short name for reports (`buy-and-hold`, `sma:10,30`, `ppo:DIR`).
    var name: String { get }
    /// Clears per-run state before a new backtest or symbol.
    mutating func reset()
    /// The decision at `context.index`'s close.
    mutating func decide(_ context: DecisionContext) -> Decision
}

/// What a policy may see at bar t's close: bars, features and sentiment at indices ≤ t, and its
/// own position. Accessors take "bars ago" so looking into the future is not expressible.
///
/// A context is valid only during the `decide` call it is passed to (it borrows the series'
/// storage without retaining it, which keeps the per-bar cost of a backtest to a few ns).
public struct DecisionContext {
    public unowned(unsafe) let series: TradingSeries
    /// The bar being decided on (t).
    public let index: Int
    /// The agent state after the latest fill (exposure, entry, holding time).
    public let state: AgentState
    @usableFromInline let closes: UnsafeBufferPointer<Double>

    /// `closes` must be `series.close`'s storage, alive for the duration of the `decide` call.
    public init(series: TradingSeries, index: Int, state: AgentState, closes: UnsafeBufferPointer<Double>) {
        precondition(index < closes.count, "context index beyond its series")
        self.series = series
        self.index = index
        self.state = state
        self.closes = closes
    }

    public var symbol: String { series.symbol }
    public var time: Date { series.times[index] }

    /// Close `ago` bars before t (0 = this bar's close); nil before the first bar.
    @inlinable
    public func close(ago: Int = 0) -> Double? {
        precondition(ago >= 0, "policies may not look ahead")
        let i = index - ago
        return i >= 0 ? closes[i] : nil
    }

    /// The whole bar `ago` bars before t.
    public func bar(ago: Int = 0) -> Bar? {
        precondition(ago >= 0, "policies may not look ahead")
        let i = index - ago
        guard i >= 0 else { return nil }
        return Bar(time: series.times[i], open: series.open[i], high: series.high[i], low: series.low[i],
                   close: series.close[i], volume: series.volume[i])
    }

    /// Sentiment features of bar t (posts up to t's close).
    public var sentiment: SentimentFeatures { series.sentiment[index] }

    /// Number of bars available up to and including t.
    public var history: Int { index + 1 }

    /// Writes the observation a trained agent sees (feature window + agent state) into `out`.
    public func writeObservation(into out: UnsafeMutableBufferPointer<Float>) {
        ObservationBuilder.write(series, at: index, state: state, into: out)
    }
}
