import Connectors
import Features
import Foundation
import Learning
import MarketData
import Sentiment
import Strategy
import TradingCore
import Workflows
import XCTest

/// A fused checkpoint records how its sentiment was built; remote analyzers can feed features.
final class SentimentSettingsTests: XCTestCase {
    func fusedCheckpoint(settings: JSONValue?) throws -> URL {
        let spec = FeatureSpec.fused(window: 2)
        let model = ActorCritic(observationSize: ObservationBuilder.size(for: spec), actionCount: 3, seed: 1)
        var manifest = CheckpointManifest(observationSize: model.observationSize, actionCount: 3, network: model.config)
        manifest.featureSpec = spec
        manifest.envConfig = TradingEnvConfig()
        manifest.sentiment = settings
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-ckpt-\(UUID().uuidString)")
        try Checkpoint.save(model: model, manifest: manifest, to: dir)
        return dir
    }

    func testDifferentSentimentSettingsAreRefusedByName() throws {
        let trained = SentimentFeatureBuilder().settings(analyzerID: "lexicon")
        let dir = try fusedCheckpoint(settings: trained)
        XCTAssertNoThrow(try PPOPolicy(checkpoint: dir, featureSpec: .fused(window: 2), sentiment: trained))
        let other = SentimentFeatureBuilder(aggregator: SentimentAggregatorConfig(halfLifeBars: 5)).settings(analyzerID: "model:abc")
        XCTAssertThrowsError(try PPOPolicy(checkpoint: dir, featureSpec: .fused(window: 2), sentiment: other)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("aggregator.halfLifeBars 3 vs 5"), text)
            XCTAssertTrue(text.contains("analyzer lexicon vs model:abc"), text)
        }
    }

    func testTrainingRecordsTheSettings() throws {
        var market = SyntheticMarketConfig()
        market.sessions = 260
        market.symbols = ["SYNA"]
        var config = TrainingConfig()
        config.data.synthetic = market
        var ppo = TrainingConfig.defaultPPO()
        ppo.totalTimesteps = 2_048
        config.ppo = ppo
        let outcome = try TrainingWorkflow.run(config)
        XCTAssertEqual(outcome.manifest.sentiment, SentimentFeatureBuilder().settings(analyzerID: "lexicon"))
    }

    struct AlwaysBullish: SentimentAnalyzer {
        let name = "fake-remote"
        func score(_ texts: [String]) async throws -> [SentimentScore] {
            texts.map { _ in SentimentScore(positive: 0.9, negative: 0.05, neutral: 0.05, mixed: 0) }
        }
    }

    func testRemoteAnalyzerFeedsFeatures() async throws {
        var market = SyntheticMarketConfig()
        market.sessions = 60
        market.symbols = ["SYNA"]
        let data = SyntheticMarket.generate(market)
        let bars = data.series[0], posts = data.posts["SYNA"] ?? []
        let builder = SentimentFeatureBuilder()
        let texts = builder.keptTexts(posts: posts, bars: bars)
        XCTAssertLessThan(texts.count, posts.count, "filtered posts are not sent to the remote analyzer")
        let prescored = try await RemoteAnalyzers.prescore(texts, with: AlwaysBullish())
        let features = try SentimentFeatureBuilder(analyzer: prescored).build(posts: posts, bars: bars).perBar
        XCTAssertEqual(prescored.misses, 0)
        let withPosts = features.filter { $0.logPostCount > 0 }
        XCTAssertFalse(withPosts.isEmpty)
        XCTAssertTrue(withPosts.allSatisfy { abs($0.meanPolarity - 0.85) < 1e-9 }, "every kept post scored by the remote analyzer")
    }
}
