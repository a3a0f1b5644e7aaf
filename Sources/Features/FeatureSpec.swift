import Foundation
import TradingCore

/// One per-bar feature the pipeline can compute. Raw values are documented here; the pipeline
/// then normalises each with `normalisation` using only data known at the bar's close.
public enum FeatureID: String, Sendable, Hashable, Codable, CaseIterable {
    /// log(close_t / close_{t-1})
    case ret1 = "ret_1"
    /// log(close_t / close_{t-5})
    case ret5 = "ret_5"
    /// log(close_t / close_{t-20})
    case ret20 = "ret_20"
    /// Standard deviation of `ret_1` over the last 20 bars (realised volatility).
    case vol20 = "vol_20"
    /// Wilder's 14-bar RSI, mapped to (RSI − 50) / 50 ∈ [−1, 1].
    case rsi14 = "rsi_14"
    /// MACD(12, 26) histogram (MACD − 9-bar signal), divided by close (scale-free).
    case macdHist = "macd_hist"
    /// z-score of log volume against the last 20 bars.
    case volumeZ = "volume_z"
    /// log(high / low): the bar's range.
    case range = "range"
    /// log(open_t / close_{t-1}): the overnight gap.
    case gap = "gap"
    // Sentiment slots (DESIGN.md §4), filled from `SentimentFeatures`.
    case sentPostCount = "sent_post_count"
    case sentFilteredShare = "sent_filtered_share"
    case sentMeanPolarity = "sent_mean_polarity"
    case sentWeightedPolarity = "sent_weighted_polarity"
    case sentBullishShare = "sent_bullish_share"
    case sentDispersion = "sent_dispersion"
    case sentDecayedPolarity = "sent_decayed_polarity"
    case sentSurprise = "sent_polarity_surprise"

    public static let market: [FeatureID] = [.ret1, .ret5, .ret20, .vol20, .rsi14, .macdHist, .volumeZ, .range, .gap]
    public static let sentiment: [FeatureID] = [
        .sentPostCount, .sentFilteredShare, .sentMeanPolarity, .sentWeightedPolarity,
        .sentBullishShare, .sentDispersion, .sentDecayedPolarity, .sentSurprise,
    ]

    public var isSentiment: Bool { FeatureID.sentiment.contains(self) }

    /// How the raw value is put on a common scale.
    public var normalisation: Normalisation {
        switch self {
        case .ret1, .ret5, .ret20, .vol20, .macdHist, .range, .gap, .sentPostCount: return .rollingZScore
        case .rsi14, .volumeZ, .sentSurprise: return .clipOnly
        case .sentFilteredShare, .sentMeanPolarity, .sentWeightedPolarity, .sentBullishShare,
             .sentDispersion, .sentDecayedPolarity: return .none
        }
    }

    public enum Normalisation: String, Sendable, Codable {
        /// (x − rolling mean) / rolling std over the spec's normalisation window, bars ≤ t only.
        case rollingZScore
        /// Already on a unit scale; clipped to ±clip.
        case clipOnly
        /// Bounded by construction (shares, polarities); used as is.
        case none
    }
}

/// Names, order and window of the features a policy sees. Stored in every checkpoint; loading a
/// checkpoint whose spec differs from the running pipeline's is an error listing the differences.
public struct FeatureSpec: Sendable, Hashable, Codable {
    public static let currentVersion = 1

    public var version: Int
    /// Features per bar, in observation order.
    public var features: [FeatureID]
    /// Bars per observation (rows t−window+1 … t).
    public var window: Int
    /// Bars in the rolling normalisation window.
    public var normalisationWindow: Int
    /// Rolling z-scores are 0 until this many bars have been seen.
    public var minNormalisationBars: Int
    /// Normalised values are clipped to ±clip.
    public var clip: Double

    public init(features: [FeatureID], window: Int = 10, normalisationWindow: Int = 252,
                minNormalisationBars: Int = 20, clip: Double = 5) {
        self.version = FeatureSpec.currentVersion
        self.features = features
        self.window = max(window, 1)
        self.normalisationWindow = max(normalisationWindow, 2)
        self.minNormalisationBars = max(min(minNormalisationBars, normalisationWindow), 2)
        self.clip = clip
    }

    /// Market features only (the price-only agent).
    public static func priceOnly(window: Int = 10) -> FeatureSpec { FeatureSpec(features: FeatureID.market, window: window) }
    /// Market and sentiment features (the sentiment-fused agent).
    public static func fused(window: Int = 10) -> FeatureSpec {
        FeatureSpec(features: FeatureID.market + FeatureID.sentiment, window: window)
    }

    public var names: [String] { features.map(\.rawValue) }
    public var usesSentiment: Bool { features.contains { $0.isSentiment } }

    /// Bars needed before every feature is defined (indicator look-backs and normalisation).
    public var warmupBars: Int { max(35, minNormalisationBars + 20) }

    /// Human-readable differences from `other` (empty when the specs match).
    public func differences(from other: FeatureSpec) -> [String] {
        var out: [String] = []
        if version != other.version { out.append("version \(version) vs \(other.version)") }
        if features != other.features {
            let mine = Set(features), theirs = Set(other.features)
            let missing = other.features.filter { !mine.contains($0) }.map(\.rawValue)
            let extra = features.filter { !theirs.contains($0) }.map(\.rawValue)
            if !missing.isEmpty { out.append("missing features: \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { out.append("unexpected features: \(extra.joined(separator: ", "))") }
            if missing.isEmpty && extra.isEmpty { out.append("feature order differs: [\(names.joined(separator: ","))] vs [\(other.names.joined(separator: ","))]") }
        }
        if window != other.window { out.append("window \(window) vs \(other.window)") }
        if normalisationWindow != other.normalisationWindow {
            out.append("normalisation window \(normalisationWindow) vs \(other.normalisationWindow)")
        }
        if minNormalisationBars != other.minNormalisationBars {
            out.append("min normalisation bars \(minNormalisationBars) vs \(other.minNormalisationBars)")
        }
        if clip != other.clip { out.append("clip \(clip) vs \(other.clip)") }
        return out
    }
}
