import Foundation
import TradingCore

/// Anything that turns texts into `SentimentScore`s: the local lexicon and linear analyzers, and the
/// remote Amazon Comprehend and SageMaker analyzers from `Connectors`, are interchangeable behind it.
///
/// Batch in, one score per text out, in order. Local analyzers never throw in practice; remote
/// ones throw typed errors (network, throttling, per-item failures).
public protocol SentimentAnalyzer: Sendable {
    /// A short name for reports and caches (`lexicon`, `model:DIR`, `comprehend`).
    var name: String { get }
    func score(_ texts: [String]) async throws -> [SentimentScore]
}
