import Foundation

/// The four-way sentiment of one text, in the shape Amazon Comprehend returns, so local and remote
/// analyzers are interchangeable. Probabilities are non-negative and sum to 1.
public struct SentimentScore: Sendable, Hashable, Codable {
    public var positive: Double
    public var negative: Double
    public var neutral: Double
    public var mixed: Double

    /// Builds a score from raw non-negative weights, normalising them to sum to 1. Non-finite or
    /// negative weights count as 0; all-zero weights give the fully neutral score. No temporary
    /// storage: analyzers build one score per text, and this initializer is on their hot path.
    @inlinable
    public init(positive: Double, negative: Double, neutral: Double, mixed: Double = 0) {
        // `x.isFinite ? max(x, 0) : 0` in two compares: x for finite x > 0, +0 otherwise (−0,
        // negatives, infinities, NaN).
        @inline(__always) func clean(_ x: Double) -> Double { x > 0 && x < .infinity ? x : 0 }
        let p = clean(positive), n = clean(negative), u = clean(neutral), m = clean(mixed)
        let sum = 0 + p + n + u + m
        if sum > 0 {
            self.positive = p / sum
            self.negative = n / sum
            self.neutral = u / sum
            self.mixed = m / sum
        } else {
            self.positive = 0
            self.negative = 0
            self.neutral = 1
            self.mixed = 0
        }
    }

    public static let neutralScore = SentimentScore(positive: 0, negative: 0, neutral: 1)

    /// `positive - negative`, in [-1, 1].
    public var polarity: Double { positive - negative }
    /// The largest probability.
    public var confidence: Double { max(positive, negative, neutral, mixed) }

    /// The class with the largest probability (ties resolve in Comprehend's order).
    public var label: SentimentLabel {
        var best = SentimentLabel.positive
        var bestP = positive
        for (label, p) in [(SentimentLabel.negative, negative), (.neutral, neutral), (.mixed, mixed)] where p > bestP {
            best = label
            bestP = p
        }
        return best
    }
}

/// The four sentiment classes, spelled as Comprehend spells them.
public enum SentimentLabel: String, Sendable, Hashable, Codable, CaseIterable {
    case positive = "POSITIVE"
    case negative = "NEGATIVE"
    case neutral = "NEUTRAL"
    case mixed = "MIXED"
}

/// A post with its sentiment: what aggregation into per-bar features consumes.
public struct ScoredPost: Sendable, Hashable {
    public var post: Post
    public var score: SentimentScore

    public init(post: Post, score: SentimentScore) {
        self.post = post
        self.score = score
    }
}
