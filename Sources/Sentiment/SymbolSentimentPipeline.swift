import Foundation
import TradingCore

/// One bar's sentiment outcome: the features, the filter counts and the scored posts kept.
public struct SentimentBar: Sendable {
    public var features: SentimentFeatures
    public var stats: FilterStats
    public var scored: [ScoredPost]
}

/// The sentiment path of DESIGN.md §1 for one symbol: `Post → PostFilter → analyzer →
/// SentimentAggregator → SentimentFeatures`. Fed one bar's posts at a time, in time order (the
/// posts `PostAligner` assigns to that bar's decision), by history replay and live alike.
///
/// ```swift
/// let aligned = PostAligner().align(posts, to: series)            // MarketData
/// let rows = SymbolSentimentPipeline.series(postsByBar: aligned.byBar)
/// // rows.features[i] goes into FeaturePipeline.append(bar[i], sentiment: rows.features[i])
/// ```
public struct SymbolSentimentPipeline: Sendable {
    public var filter: PostFilter
    public var aggregator: SentimentAggregator
    public let analyzer: any LocalSentimentAnalyzer

    public init(analyzer: any LocalSentimentAnalyzer = LexiconAnalyzer(), filter: PostFilterConfig = .init(),
                aggregator: SentimentAggregatorConfig = .init()) {
        self.analyzer = analyzer
        self.filter = PostFilter(config: filter)
        self.aggregator = SentimentAggregator(config: aggregator)
    }

    /// Filters, scores and aggregates the posts of the next bar (empty for a bar without posts).
    public mutating func next(posts: [Post]) -> SentimentBar {
        let (kept, stats) = filter.filter(posts)
        let scores = kept.isEmpty ? [] : analyzer.scoreBatch(kept.map(\.text))
        let scored = zip(kept, scores).map { ScoredPost(post: $0, score: $1) }
        let features = aggregator.update(kept: scored, collected: posts.count)
        return SentimentBar(features: features, stats: stats, scored: scored)
    }

    /// Features for every bar of a history, plus the total filter counts.
    public static func series(postsByBar: [[Post]], analyzer: any LocalSentimentAnalyzer = LexiconAnalyzer(),
                              filter: PostFilterConfig = .init(), aggregator: SentimentAggregatorConfig = .init())
        -> (features: [SentimentFeatures], stats: FilterStats) {
        var pipeline = SymbolSentimentPipeline(analyzer: analyzer, filter: filter, aggregator: aggregator)
        var features: [SentimentFeatures] = []
        features.reserveCapacity(postsByBar.count)
        for posts in postsByBar { features.append(pipeline.next(posts: posts).features) }
        return (features, pipeline.filter.totals)
    }
}
