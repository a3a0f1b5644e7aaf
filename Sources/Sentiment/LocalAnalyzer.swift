import Foundation
import TradingCore

/// A `SentimentAnalyzer` that runs in-process and cannot fail: adds synchronous scoring so that
/// evaluation, benchmarks and the feature pipeline need no async context.
public protocol LocalSentimentAnalyzer: SentimentAnalyzer {
    func scoreBatch(_ texts: [String]) -> [SentimentScore]
}

extension LocalSentimentAnalyzer {
    public func score(_ texts: [String]) async throws -> [SentimentScore] { scoreBatch(texts) }
}

extension LexiconAnalyzer: LocalSentimentAnalyzer {}

/// Resolves an `--analyzer` spelling: `lexicon`, or `model:DIR` for a trained linear model.
public enum AnalyzerSpec {
    public static func load(_ spec: String) throws(SentimentError) -> any LocalSentimentAnalyzer {
        if spec == "lexicon" { return LexiconAnalyzer() }
        if spec.hasPrefix("model:") {
            return try LinearAnalyzer.load(directory: String(spec.dropFirst("model:".count)))
        }
        throw .invalidArgument(name: "--analyzer", value: spec, reason: "expected `lexicon` or `model:DIR`")
    }
}
