import Backtest
import Foundation
import Learning
import MarketData
import TradingCore
import Workflows
import XCTest

/// `sentrade tune`: the search space, the trials it runs, and what it records for `eval --tuned`.
final class TuneTests: XCTestCase {
    func testSpaceParsingNamesWhatIsWrong() throws {
        let space = try TuneSpace(parsing: ["turnoverPenalty=0,0.001", "ppo.gamma=0.7,0.9,0.99", "actions=discrete3;targets:0,0.5,1"])
        XCTAssertEqual(space.dimensions.map(\.name), ["env.turnoverPenalty", "ppo.gamma", "env.actions"])
        XCTAssertEqual(space.gridSize, 12)
        XCTAssertEqual(space.dimensions[2].values, [.string("discrete3"), .string("targets:0,0.5,1")])
        let cases: [(String, String)] = [
            ("gama=0.9", "'gama' is not a searchable setting"),
            ("gamma", "expected KEY=V1,V2"),
            ("gamma=", "expected KEY=V1,V2"),
            ("gamma=0.9,0.9", "a value is repeated"),
        ]
        for (argument, message) in cases {
            XCTAssertThrowsError(try TuneSpace(parsing: [argument])) { XCTAssertTrue("\($0)".contains(message), "\(argument): \($0)") }
        }
        XCTAssertThrowsError(try TuneSpace(parsing: ["gamma=0.9", "ppo.gamma=0.7"])) { XCTAssertTrue("\($0)".contains("given twice"), "\($0)") }
        XCTAssertThrowsError(try TuneSpace(parsing: [])) { XCTAssertTrue("\($0)".contains("at least one --space"), "\($0)") }
    }

    func testTrialsAreTheGridOrADistinctSeededSample() throws {
        let space = try TuneSpace(parsing: ["turnoverPenalty=0,0.001,0.002", "gamma=0.7,0.99", "minHoldBars=1,2,3"])
        let all = try space.trials(limit: 100, seed: 0)
        XCTAssertEqual(all.count, 18)
        XCTAssertEqual(Set(all.map { "\($0)" }).count, 18)
        XCTAssertEqual(all.first, [.number(0), .number(0.7), .number(1)])
        let sample = try space.trials(limit: 5, seed: 4)
        XCTAssertEqual(sample.count, 5)
        XCTAssertEqual(Set(sample.map { "\($0)" }).count, 5)
        XCTAssertTrue(sample.allSatisfy { s in all.contains(s) })
        XCTAssertEqual(try space.trials(limit: 5, seed: 4), sample, "the same seed draws the same trials")
        XCTAssertNotEqual(try space.trials(limit: 5, seed: 5), sample)
        XCTAssertThrowsError(try space.trials(limit: 0, seed: 0))
    }

    func testApplyingATrialGoesThroughTheConfigDecoders() throws {
        let space = try TuneSpace(parsing: ["turnoverPenalty=0.002", "learningRate=0.0003", "normalizeObservations=true",
                                            "actions=targets:0,1", "minHoldBars=3", "window=5"])
        let trial = try XCTUnwrap(try space.trials(limit: 1, seed: 0).first)
        let s = try space.apply(trial, to: PPOContenderSettings(timesteps: 1_000))
        XCTAssertEqual(s.env.turnoverPenalty, 0.002)
        XCTAssertEqual(s.env.minHoldBars, 3)
        XCTAssertEqual(s.env.actions, .targets([0, 1]))
        XCTAssertEqual(s.ppo.learningRate, .constant(0.0003))
        XCTAssertTrue(s.ppo.normalizeObservations)
        XCTAssertEqual(s.ppo.totalTimesteps, 1_000, "untouched settings keep the base's values")
        XCTAssertEqual(s.window, 5)
        // A value a config would refuse is refused, naming the trial.
        let bad = try TuneSpace(parsing: ["minHoldBars=0"])
        XCTAssertThrowsError(try bad.apply([.number(0)], to: PPOContenderSettings())) {
            XCTAssertTrue("\($0)".contains("env.minHoldBars=0") && "\($0)".contains("at least 1"), "\($0)")
        }
        let badAction = try TuneSpace(parsing: ["actions=hold-forever"])
        XCTAssertThrowsError(try badAction.apply([.string("hold-forever")], to: PPOContenderSettings())) {
            XCTAssertTrue("\($0)".contains("hold-forever"), "\($0)")
        }
    }

    /// A small run: every trial is recorded, the best is the top Sharpe, the deflated Sharpe counts
    /// every trial, and best.yaml trains the best trial's agent.
    func testTuningRecordsEveryTrialAndWritesALoadableBestConfig() throws {
        var market = SyntheticMarketConfig()
        market.symbols = ["AAA", "BBB"]
        market.sessions = 500
        market.start = LocalDate(year: 2015, month: 1, day: 2) ?? market.start
        let generated = SyntheticMarket.generate(market)
        let data = EvalDataset(bars: generated.series, posts: generated.posts, skippedLines: [], source: "synthetic")
        var base = PPOContenderSettings(timesteps: 4_096)
        base.ppo.nSteps = 128
        base.ppo.numEnvs = 4
        base.ppo.batchSize = 128
        base.ppo.nEpochs = 2
        base.options.validateEvery = 4
        base.env.episodeLength = 64
        let space = try TuneSpace(parsing: ["turnoverPenalty=0,0.002", "minHoldBars=1,3"])
        let trials = try space.trials(limit: 3, seed: 1)
        var config = EvalConfig(from: LocalDate(year: 2015, month: 1, day: 2)!, to: LocalDate(year: 2016, month: 12, day: 30)!)
        config.folds = 2
        config.seeds = [0]
        config.bootstrapSamples = 200
        let summary = try TuneWorkflow.run(data: data, space: space, trials: trials, fused: true, base: base, config: config)
        XCTAssertEqual(summary.trials.map(\.values), trials)
        XCTAssertEqual(summary.trials.map(\.index), [1, 2, 3])
        XCTAssertEqual(summary.best, summary.trials.max { $0.sharpe < $1.sharpe }?.index)
        let deflated = try XCTUnwrap(summary.deflatedSharpe)
        XCTAssertEqual(deflated.trials, 3, "every trial counts")
        XCTAssertEqual(deflated.sharpe, try XCTUnwrap(summary.bestTrial).sharpe, accuracy: 1e-9, "the pick's own Sharpe")
        XCTAssertEqual(summary.folds.count, 2)
        XCTAssertNotNil(summary.buyAndHoldSharpe)
        XCTAssertEqual(TuneWorkflow.csv(summary).split(separator: "\n").count, 4)
        // With a turnover cap the pick is the best Sharpe among the trials within it; all still count.
        let cap = try XCTUnwrap(summary.trials.map(\.turnover).min())
        let capped = try TuneWorkflow.run(data: data, space: space, trials: trials, fused: true, base: base, config: config, maxTurnover: cap)
        XCTAssertEqual(capped.best, summary.trials.filter { $0.turnover <= cap }.max { $0.sharpe < $1.sharpe }?.index)
        XCTAssertEqual(capped.deflatedSharpe?.trials, 3)
        XCTAssertEqual(capped.maxTurnover, cap)
        if cap > 0 {
            XCTAssertThrowsError(try TuneWorkflow.run(data: data, space: space, trials: trials, fused: true, base: base, config: config,
                                                      maxTurnover: cap / 2)) {
                XCTAssertTrue("\($0)".contains("no trial's turnover is within --max-turnover"), "\($0)")
            }
        }
        // tune.json round-trips and re-applies the best settings.
        let reloaded = try JSONDecoder().decode(TuneSummary.self, from: try JSONEncoder().encode(summary))
        let best = try reloaded.settings(of: reloaded.best, base: base)
        XCTAssertEqual(best.env, try summary.settings(of: summary.best, base: base).env)
        // best.yaml is a training config whose agent settings are the best trial's.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = folder.appendingPathComponent("best.yaml")
        try TuneWorkflow.bestConfigYAML(summary, settings: best).write(to: yaml, atomically: true, encoding: .utf8)
        let loaded = try TrainingConfig.load(path: yaml.path)
        XCTAssertEqual(loaded.env?.turnoverPenalty, best.env.turnoverPenalty)
        XCTAssertEqual(loaded.env?.minHoldBars, best.env.minHoldBars)
        XCTAssertEqual(loaded.env?.actions, best.env.actions)
        XCTAssertEqual(loaded.window, best.window)
        XCTAssertEqual(loaded.ppo?.nSteps, 128)
        XCTAssertEqual(loaded.ppo?.totalTimesteps, 4_096)
    }

    /// Trials tried elsewhere count in the deflated Sharpe ratio: more trials, a higher luck benchmark.
    func testOtherTrialsRaiseTheLuckBenchmark() throws {
        var rng = SeededGenerator(seed: 9)
        let returns = (0..<3).map { k in (0..<500).map { _ in 0.0004 * Double(k) + 0.01 * rng.nextGaussian() } }
        let alone = try XCTUnwrap(SharpeSignificance.deflatedBest(of: returns, periodsPerYear: 252))
        let tuned = try XCTUnwrap(SharpeSignificance.deflatedBest(of: returns, periodsPerYear: 252, otherTrials: [0.05, -0.04, 0.02, -0.01, 0.06]))
        XCTAssertEqual(alone.trials, 3)
        XCTAssertEqual(tuned.trials, 8)
        XCTAssertEqual(tuned.best, alone.best, "other trials are never the pick")
        XCTAssertGreaterThan(tuned.benchmark, alone.benchmark)
        XCTAssertLessThan(tuned.probability, alone.probability)
        let picked = try XCTUnwrap(SharpeSignificance.deflatedBest(of: returns, periodsPerYear: 252, pick: 0))
        XCTAssertEqual(picked.best, 0)
        XCTAssertLessThan(picked.sharpe, alone.sharpe)
    }
}
