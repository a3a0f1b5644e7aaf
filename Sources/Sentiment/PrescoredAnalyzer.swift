import Foundation
import TradingCore

/// Scores looked up from a table filled beforehand, so a remote analyzer (Amazon Comprehend, a
/// SageMaker endpoint: async, billed, fallible) can feed the synchronous feature pipeline: the
/// texts the filters keep are scored remotely once, in batches and through the cache, then the
/// pipeline runs as with any local analyzer. A text missing from the table scores neutral and is
/// counted in `misses`, so a gap never passes silently.
public final class PrescoredAnalyzer: LocalSentimentAnalyzer, @unchecked Sendable {
    public let name: String
    private let scores: [String: SentimentScore]
    private let lock = NSLock()
    private var missCount = 0

    public init(name: String, scores: [String: SentimentScore]) {
        self.name = name
        self.scores = scores
    }

    public var misses: Int { lock.lock(); defer { lock.unlock() }; return missCount }

    public func scoreBatch(_ texts: [String]) -> [SentimentScore] {
        texts.map { text in
            if let s = scores[text] { return s }
            lock.lock()
            missCount += 1
            lock.unlock()
            return SentimentScore(positive: 0, negative: 0, neutral: 1, mixed: 0)
        }
    }
}
