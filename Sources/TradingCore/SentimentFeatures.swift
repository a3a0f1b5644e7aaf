import Foundation

/// Per-bar sentiment features of one symbol (DESIGN.md §4): the contract between the sentiment
/// aggregator (which produces them) and the FeaturePipeline (which has a slot for each).
///
/// A bar with no posts is a valid state: count 0 and polarities 0, never NaN. The decayed polarity
/// carries information across empty bars by design.
public struct SentimentFeatures: Sendable, Hashable, Codable {
    /// `log1p(number of posts kept after filtering)`.
    public var logPostCount: Double
    /// Share of collected posts removed by filters, in [0, 1] (0 when nothing was collected).
    public var filteredShare: Double
    /// Mean polarity (`positive - negative`) of the kept posts, in [-1, 1].
    public var meanPolarity: Double
    /// Polarity weighted by `log1p(followers) + log1p(engagement)`, in [-1, 1].
    public var weightedPolarity: Double
    /// Share of kept posts whose label is positive, in [0, 1].
    public var bullishShare: Double
    /// Standard deviation of the kept posts' polarity (0 for fewer than two posts).
    public var dispersion: Double
    /// Exponentially decayed polarity across bars (configurable half-life).
    public var decayedPolarity: Double
    /// Mean polarity's z-score against the trailing window of this symbol's bars (0 until warm).
    public var polaritySurprise: Double

    public init(
        logPostCount: Double = 0, filteredShare: Double = 0, meanPolarity: Double = 0,
        weightedPolarity: Double = 0, bullishShare: Double = 0, dispersion: Double = 0,
        decayedPolarity: Double = 0, polaritySurprise: Double = 0
    ) {
        self.logPostCount = logPostCount
        self.filteredShare = filteredShare
        self.meanPolarity = meanPolarity
        self.weightedPolarity = weightedPolarity
        self.bullishShare = bullishShare
        self.dispersion = dispersion
        self.decayedPolarity = decayedPolarity
        self.polaritySurprise = polaritySurprise
    }

    /// The "no posts, no history" state.
    public static let none = SentimentFeatures()

    /// Feature names in slot order; FeatureSpec uses these names with a `sent_` prefix.
    public static let names = [
        "post_count", "filtered_share", "mean_polarity", "weighted_polarity",
        "bullish_share", "dispersion", "decayed_polarity", "polarity_surprise",
    ]

    /// Values in `names` order.
    public var values: [Double] {
        [logPostCount, filteredShare, meanPolarity, weightedPolarity,
         bullishShare, dispersion, decayedPolarity, polaritySurprise]
    }

    /// Builds features from values in `names` order (missing values read as 0, non-finite as 0).
    public init(values: [Double]) {
        func at(_ i: Int) -> Double { i < values.count && values[i].isFinite ? values[i] : 0 }
        self.init(
            logPostCount: at(0), filteredShare: at(1), meanPolarity: at(2), weightedPolarity: at(3),
            bullishShare: at(4), dispersion: at(5), decayedPolarity: at(6), polaritySurprise: at(7))
    }
}
