import Foundation

/// The four-way sentiment of one text, in the shape Amazon Comprehend returns, so local and remote
/// analyzers are interchangeable. Probabilities are non-negative and sum to 1.
public struct SentimentScore: Sendable, Hashable, Codable {
    public var positive: Double
    public var negative: Double
    public var neutral: Double
    public var mixed: Double

    /// Builds a score from raw non-negative weights, normalising them to sum to 1.
    /// Non-finite or all-zero weights give the fully neutral score.
    public init(positive: Double, negative: Double, neutral: Double, mixed: Double = 0) {
        let parts = [positive, negative, neutral, mixed].map { $0.isFinite ? max($0, 0) : 0 }
        let sum = parts.reduce(0, +)
        if sum > 0 {
            self.positive = parts[0] / sum
            self.negative = parts[1] / sum
            self.neutral = parts[2] / sum
            self.mixed = parts[3] / sum
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
