import Foundation
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

    public static let `default` = SentimentFeatureBuilder()

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
