import Foundation
import TradingCore

/// Maps lexicon evidence to Comprehend's four probabilities with a softmax over
/// `slope·(net − threshold)` for positive/negative, 0 for neutral and
/// `slope·(min(pos, neg) − mixedThreshold)` for mixed: weak evidence reads as neutral, strong
/// opposing evidence as mixed. Parameters are round numbers, not fitted to any test set.
public struct LexiconCalibration: Sendable, Hashable, Codable {
    public var threshold: Double
    public var slope: Double
    public var mixedThreshold: Double

    public init(threshold: Double = 0.9, slope: Double = 1.6, mixedThreshold: Double = 1.5) {
        self.threshold = threshold
        self.slope = slope
        self.mixedThreshold = mixedThreshold
    }

    public func score(_ e: LexiconAnalyzer.Evidence) -> SentimentScore {
        let net = e.positive - e.negative
        let zp = slope * (net - threshold)
        let zn = slope * (-net - threshold)
        let zm = slope * (min(e.positive, e.negative) - mixedThreshold)
        let m = max(zp, zn, zm, 0)
        return SentimentScore(positive: exp(zp - m), negative: exp(zn - m), neutral: exp(-m), mixed: exp(zm - m))
    }
}
