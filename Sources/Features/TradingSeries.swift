import Foundation
import TradingCore

/// Everything a backtest or a training environment reads about one symbol, precomputed into
/// contiguous arrays: times, OHLCV, the feature matrix and the per-bar sentiment.
///
/// Immutable and shared by reference, so environments and policies pass it around without
/// copying. Index t means "bar t"; a decision at t may read only indices ≤ t (the `DecisionContext`
/// API enforces this for policies).
public final class TradingSeries: Sendable {
    public let symbol: String
    public let timeframe: Timeframe
    public let times: [Date]
    public let open: [Double]
    public let high: [Double]
    public let low: [Double]
    public let close: [Double]
    public let volume: [Double]
    public let features: FeatureMatrix
    /// Per-bar sentiment (`.none` where there were no posts or no sentiment source).
    public let sentiment: [SentimentFeatures]
    /// Mean polarity per bar as Float, for reward shaping in the hot loop.
    public let polarity: [Float]

    public var count: Int { close.count }

    /// Builds the arrays; with a nil `spec` no features are computed (price-only rules).
    public init(series: BarSeries, sentiment: [SentimentFeatures]? = nil, spec: FeatureSpec?) {
        symbol = series.symbol
        timeframe = series.timeframe
        let bars = series.bars
        times = bars.map(\.time)
        open = bars.map(\.open)
        high = bars.map(\.high)
        low = bars.map(\.low)
        close = bars.map(\.close)
        volume = bars.map(\.volume)
        let s: [SentimentFeatures] = (0..<bars.count).map { t in
            guard let sentiment, t < sentiment.count else { return .none }
            return sentiment[t]
        }
        self.sentiment = s
        polarity = s.map { Float($0.meanPolarity) }
        if let spec {
            features = FeatureMatrix(spec: spec, bars: bars, sentiment: s)
        } else {
            features = FeatureMatrix(emptyFor: bars.count)
        }
    }

    /// First index at which an observation of the spec's window is fully warm.
    public var firstObservableIndex: Int {
        features.columns == 0 ? 0 : min(features.firstWarmRow + features.spec.window - 1, count)
    }

    /// Index of the first bar at or after `date` (count when none).
    public func index(atOrAfter date: Date) -> Int { times.firstIndex(atOrAfter: date) }
}
