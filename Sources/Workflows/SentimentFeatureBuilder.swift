import Foundation
import Learning
import MarketData
import Sentiment
import TradingCore

/// Posts of one symbol → per-bar `SentimentFeatures` aligned to its bars, with no look-ahead:
/// `PostAligner` assigns each post to the first decision at or after it, then the symbol's
/// `SymbolSentimentPipeline` filters, scores and aggregates bar by bar, as the live runner will.
public struct SentimentFeatureBuilder: Sendable {
    public struct Output: Sendable {
        public var perBar: [SentimentFeatures]
        public var stats: FilterStats
        public var notes: [String]
    }

    public var analyzer: any LocalSentimentAnalyzer
    public var filter: PostFilterConfig
    public var aggregator: SentimentAggregatorConfig

    public init(analyzer: any LocalSentimentAnalyzer = LexiconAnalyzer(), filter: PostFilterConfig = .init(),
                aggregator: SentimentAggregatorConfig = .init()) {
        self.analyzer = analyzer
        self.filter = filter
        self.aggregator = aggregator
    }

    public var isAvailable: Bool { true }

    /// What a checkpoint records about how its sentiment features were built; `analyzerID` names
    /// the analyzer (`lexicon`, `model:<hash>`, `comprehend`, `sagemaker:ENDPOINT`).
    public func settings(analyzerID: String) -> JSONValue? {
        try? JSONValue(encoding: SentimentSettings(analyzer: analyzerID, filter: filter, aggregator: aggregator))
    }

    public static let `default` = SentimentFeatureBuilder()

    /// The texts the filters keep, in the order the pipeline scores them: what a remote analyzer
    /// must score (filtered spam is never sent, so never billed).
    public func keptTexts(posts: [Post], bars: BarSeries, calendar: any TradingCalendar = NYSECalendar()) -> [String] {
        let aligned = PostAligner(calendar: calendar).align(posts, to: bars)
        var filter = PostFilter(config: self.filter)
        return aligned.byBar.flatMap { filter.filter($0).kept.map(\.text) }
    }

    public func build(posts: [Post], bars: BarSeries, calendar: any TradingCalendar = NYSECalendar()) throws -> Output {
        let aligned = PostAligner(calendar: calendar).align(posts, to: bars)
        let (features, stats) = SymbolSentimentPipeline.series(postsByBar: aligned.byBar, analyzer: analyzer,
                                                               filter: filter, aggregator: aggregator)
        let removed = stats.removed.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
        var notes = ["\(aligned.assignedCount) posts aligned, \(stats.kept) kept; removed: \(removed.joined(separator: ", "))"]
        if aligned.beforeRange + aligned.afterRange > 0 {
            notes.append("\(aligned.beforeRange) posts before and \(aligned.afterRange) after the price range were not used")
        }
        return Output(perBar: features, stats: stats, notes: notes)
    }
}

/// The sentiment half of a fused agent's inputs, as recorded in its checkpoint.
public struct SentimentSettings: Codable, Sendable, Hashable {
    public var analyzer: String
    public var filter: PostFilterConfig
    public var aggregator: SentimentAggregatorConfig

    /// A stable id for an `--analyzer` spelling: `model:DIR` becomes `model:` + the SHA-256 prefix
    /// of the model's files (the same model in another folder is the same analyzer).
    public static func analyzerID(_ spec: String) -> String {
        guard spec.hasPrefix("model:") else { return spec }
        let dir = String(spec.dropFirst(6))
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        var bytes = Data()
        for name in names { bytes += FileManager.default.contents(atPath: dir + "/" + name) ?? Data() }
        return "model:" + FileHash.hex(bytes).prefix(16)
    }
}
