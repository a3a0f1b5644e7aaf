import Foundation
import MarketData
import TradingCore

/// Posts of one symbol → per-bar `SentimentFeatures` aligned to its bars (no look-ahead).
/// The sentiment engine plugs in here; until it is present the builder reports that sentiment is
/// unavailable and every bar reads "no posts".
public struct SentimentFeatureBuilder: Sendable {
    public struct Output: Sendable {
        public var perBar: [SentimentFeatures]
        public var notes: [String]
    }

    public var isAvailable: Bool { false }

    public static let `default` = SentimentFeatureBuilder()

    public func build(posts: [Post], bars: BarSeries) throws -> Output {
        let aligned = PostAligner().align(posts, to: bars)
        return Output(perBar: [SentimentFeatures](repeating: .none, count: bars.count),
                      notes: ["\(aligned.assignedCount) posts aligned; no sentiment analyzer linked, sentiment features are empty"])
    }
}
