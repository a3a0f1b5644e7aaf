import Backtest
import Features
import Foundation
import Learning
import MarketData
import Strategy
import TradingCore
import XCTest

/// Ensembles: one member decides exactly as the agent alone; members' probabilities are averaged;
/// an ensemble folder loads wherever a checkpoint does; members must agree on features and actions.
final class EnsembleTests: XCTestCase {
    static let spec = FeatureSpec.priceOnly(window: 2)

    func checkpoint(seed: UInt64, spec: FeatureSpec = spec, actions: ActionScheme = .discrete3, minHoldBars: Int = 1,
                    in dir: URL) throws -> URL {
        let model = ActorCritic(observationSize: ObservationBuilder.size(for: spec), actionCount: actions.count, seed: seed)
        var manifest = CheckpointManifest(observationSize: model.observationSize, actionCount: actions.count, network: model.config)
        manifest.featureSpec = spec
        var env = TradingEnvConfig()
        env.actions = actions
        env.minHoldBars = minHoldBars
        manifest.envConfig = env
        let url = dir.appendingPathComponent(minHoldBars == 1 ? "member\(seed)" : "member\(seed)-hold\(minHoldBars)")
        try Checkpoint.save(model: model, manifest: manifest, to: url)
        return url
    }

    func series() -> TradingSeries {
        var market = SyntheticMarketConfig()
        market.sessions = 300
        return TradingSeries(series: SyntheticMarket.generate(market).series[0], spec: Self.spec)
    }

    func testOneMemberDecidesLikeTheAgentAndMembersAverage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-ensemble-\(UUID().uuidString)")
        let a = try PPOPolicy(checkpoint: try checkpoint(seed: 1, in: dir), featureSpec: Self.spec)
        let b = try PPOPolicy(checkpoint: try checkpoint(seed: 2, in: dir), featureSpec: Self.spec)
        let s = series()
        var alone = a
        var single = try EnsemblePolicy(members: [a])
        XCTAssertEqual(Backtester.run(&alone, on: s).equity, Backtester.run(&single, on: s).equity)
        let pair = try EnsemblePolicy(members: [a, b])
        let observation = (0..<ObservationBuilder.size(for: Self.spec)).map { Float($0 % 7) * 0.1 - 0.3 }
        let mean = zip(a.probabilities(observation), b.probabilities(observation)).map { (Double($0) + Double($1)) / 2 }
        for (x, y) in zip(pair.probabilities(observation), mean) { XCTAssertEqual(x, y, accuracy: 1e-9) }
        // The explanation of an ensemble is the members' average.
        var recorder = ExplanationRecorder(pair)
        _ = Backtester.run(&recorder, on: s)
        XCTAssertEqual(recorder.log.entries.count, Backtester.run(&alone, on: s).equity.count - 1)
    }

    /// A checkpoint with VecNormalize statistics standardises every observation before the network
    /// (probabilities and decisions alike); without them the raw observation goes in.
    func testFrozenObservationStatisticsAreApplied() throws {
        let size = ObservationBuilder.size(for: Self.spec)
        let model = ActorCritic(observationSize: size, actionCount: 3, seed: 9)
        var manifest = CheckpointManifest(observationSize: size, actionCount: 3, network: model.config)
        manifest.featureSpec = Self.spec
        manifest.envConfig = TradingEnvConfig()
        let plain = try PPOPolicy(model: model, manifest: manifest)
        var stats = RunningStatistics(size: size)
        stats.mean = (0..<size).map { Double($0) * 0.3 - 2 }
        stats.variance = (0..<size).map { 0.5 + Double($0 % 3) }
        manifest.observationStatistics = stats
        let normalised = try PPOPolicy(model: model, manifest: manifest)
        let raw = (0..<size).map { Float($0 % 5) * 0.4 - 0.8 }
        XCTAssertEqual(normalised.probabilities(raw), plain.probabilities(stats.normalized(raw)))
        XCTAssertNotEqual(normalised.probabilities(raw), plain.probabilities(raw))
        // Decisions in a backtest follow the standardised probabilities.
        let s = series()
        var a = normalised
        let result = Backtester.run(&a, on: s)
        var recorder = ExplanationRecorder(normalised)
        XCTAssertEqual(Backtester.run(&recorder, on: s).equity, result.equity)
        for entry in recorder.log.entries.prefix(50) {
            XCTAssertEqual(entry.explanation.chosen, DecisionExplanation.argmax(entry.explanation.probabilities))
        }
    }

    /// A checkpoint's minimum holding period is applied in backtests by the agent and by an
    /// ensemble of such agents (the same gate the environment trained it under); members that
    /// disagree on it are refused.
    func testMinimumHoldingPeriodAppliesInBacktests() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-ensemble-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = series()
        // A seed whose untrained agent closes positions quickly, so the rule has something to stop.
        var chosen: UInt64?
        for seed in UInt64(1)...30 {
            var free = try PPOPolicy(checkpoint: try checkpoint(seed: seed, in: dir), featureSpec: Self.spec)
            if Backtester.run(&free, on: s).trades.contains(where: { $0.barsHeld < 4 }) { chosen = seed; break }
        }
        let seed = try XCTUnwrap(chosen, "no seed trades short positions")
        var held = try PPOPolicy(checkpoint: try checkpoint(seed: seed, minHoldBars: 4, in: dir), featureSpec: Self.spec)
        let trips = Backtester.run(&held, on: s).trades.filter { $0.exitTime != nil }
        XCTAssertFalse(trips.isEmpty)
        XCTAssertTrue(trips.allSatisfy { $0.barsHeld >= 4 }, "\(trips.map(\.barsHeld))")
        let member = try PPOPolicy(checkpoint: try checkpoint(seed: seed, minHoldBars: 4, in: dir), featureSpec: Self.spec)
        var ensemble = try EnsemblePolicy(members: [member, try PPOPolicy(checkpoint: try checkpoint(seed: seed + 100, minHoldBars: 4, in: dir),
                                                                            featureSpec: Self.spec)])
        XCTAssertTrue(Backtester.run(&ensemble, on: s).trades.filter { $0.exitTime != nil }.allSatisfy { $0.barsHeld >= 4 })
        let other = try PPOPolicy(checkpoint: try checkpoint(seed: seed + 200, in: dir), featureSpec: Self.spec)
        XCTAssertThrowsError(try EnsemblePolicy(members: [member, other])) {
            XCTAssertTrue("\($0)".contains("minimum holding periods"), "\($0)")
        }
    }

    func testEnsembleFolderLoadsAndMismatchesAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-ensemble-\(UUID().uuidString)")
        _ = try checkpoint(seed: 1, in: dir)
        _ = try checkpoint(seed: 2, in: dir)
        try TrainedPolicy.saveEnsemble(members: ["member1", "member2"], to: dir)
        let loaded = try TrainedPolicy.load(dir, featureSpec: Self.spec)
        XCTAssertTrue(loaded is EnsemblePolicy)
        XCTAssertEqual((loaded as? EnsemblePolicy)?.members.count, 2)
        XCTAssertEqual(try TrainedPolicy.manifest(at: dir).featureSpec, Self.spec)
        XCTAssertTrue(try TrainedPolicy.load(dir.appendingPathComponent("member1"), featureSpec: Self.spec) is PPOPolicy)
        // A member reading other features, or using other actions, is an error naming why.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-ensemble-\(UUID().uuidString)")
        let p = try PPOPolicy(checkpoint: try checkpoint(seed: 3, in: other), featureSpec: Self.spec)
        let q = try PPOPolicy(checkpoint: try checkpoint(seed: 4, actions: .targets([0, 1]), in: other), featureSpec: Self.spec)
        XCTAssertThrowsError(try EnsemblePolicy(members: [p, q])) { XCTAssertTrue("\($0)".contains("action schemes")) }
        try TrainedPolicy.saveEnsemble(members: ["member3", "missing"], to: other)
        XCTAssertThrowsError(try TrainedPolicy.load(other, featureSpec: Self.spec)) { XCTAssertTrue("\($0)".contains("missing"), "\($0)") }
    }
}
