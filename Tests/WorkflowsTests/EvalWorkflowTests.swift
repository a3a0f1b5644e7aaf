import Backtest
import Strategy
import Features
import Foundation
import Learning
import MarketData
import TestSupport
import TradingCore
import Workflows
import XCTest

final class EvalWorkflowTests: XCTestCase {
    func day(_ s: String) -> LocalDate { LocalDate(s) ?? LocalDate(daysSinceEpoch: 0) }

    func synthetic(sessions: Int = 400) -> EvalDataset {
        var c = SyntheticMarketConfig()
        c.symbols = ["AAA", "BBB"]
        c.sessions = sessions
        c.start = day("2015-01-02")
        let d = SyntheticMarket.generate(c)
        return EvalDataset(bars: d.series, posts: d.posts, skippedLines: [], source: "synthetic")
    }

    /// Corrupting every bar and post after the training window leaves what was fitted unchanged.
    func testFittedArtefactsNeverSeeTestData() throws {
        let data = synthetic()
        let trainEnd = day("2015-12-31")
        var corrupted = data
        corrupted.bars = data.bars.map { s in
            BarSeries(symbol: s.symbol, bars: s.bars.map { b in
                LocalDate(b.time, in: .newYork) > trainEnd
                    ? Bar(time: b.time, open: b.open * 3, high: b.high * 3.3, low: b.low * 0.5, close: b.close * 0.4, volume: b.volume * 9)
                    : b
            })
        }
        for (symbol, posts) in data.posts {
            corrupted.posts[symbol] = posts.map { p in
                var q = p
                if LocalDate(p.time, in: .newYork) > trainEnd { q.text = "terrible crash, lawsuit, bankrupt, sell everything" }
                return q
            }
        }
        var fitted: [[String]] = []
        for dataset in [data, corrupted] {
            var thresholds: [String] = []
            let recorder = Contender(name: "probe", spec: .fused(), isLearned: false) { request in
                let fit = SentimentThresholdFit.fit(request)
                thresholds.append("\(fit.policy.name) \(fit.trainSharpe)")
                return fit.policy
            }
            // A PPO agent (small budget): its trained weights are the fitted artefact.
            var settings = PPOContenderSettings(timesteps: 4_096, window: 5)
            settings.ppo.nSteps = 128
            settings.ppo.numEnvs = 4
            settings.ppo.batchSize = 128
            settings.ppo.nEpochs = 2
            settings.options.validateEvery = 2
            let ppoProbe = Contender(name: "ppo probe", spec: FeatureSpec.fused(window: 5), isLearned: true) { request in
                var env = settings.env
                env.episodeLength = 64
                var ppo = settings.ppo
                ppo.seed = request.seed
                let outcome = try TradingTraining.train(series: request.series, trainRanges: request.trainRanges,
                                                        validationRanges: request.validationRanges, env: env, ppo: ppo,
                                                        options: settings.options)
                thresholds.append("ppo \(outcome.model.parameters.array.map(\.bitPattern)) \(outcome.bestValidationSharpe)")
                return try PPOPolicy(model: outcome.model, manifest: outcome.manifest)
            }
            // An ensemble of two agents (the demo's default kind of agent), with the turnover penalty, a
            // minimum holding period and VecNormalize on: every member's weights and normalisation statistics are fitted artefacts too.
            let ensembleProbe = Contender(name: "ppo ensemble probe", spec: FeatureSpec.fused(window: 1), isLearned: true) { request in
                var env = settings.env
                env.episodeLength = 64
                env.actions = .discrete3
                env.turnoverPenalty = 0.001
                env.minHoldBars = 2
                let members = try (0..<2).map { k -> PPOPolicy in
                    var ppo = settings.ppo
                    ppo.seed = request.seed &+ 1000 &* UInt64(k)
                    ppo.normalizeObservations = true
                    ppo.normalizeRewards = true
                    let outcome = try TradingTraining.train(series: request.series, trainRanges: request.trainRanges,
                                                            validationRanges: request.validationRanges, env: env, ppo: ppo,
                                                            options: settings.options)
                    let stats = try XCTUnwrap(outcome.manifest.observationStatistics, "normalisation statistics are in the checkpoint")
                    thresholds.append("member \(k) \(outcome.model.parameters.array.map(\.bitPattern)) \(stats.mean) \(stats.variance)")
                    return try PPOPolicy(model: outcome.model, manifest: outcome.manifest)
                }
                return try EnsemblePolicy(members: members)
            }
            var config = EvalConfig(from: day("2015-01-02"), to: day("2016-07-29"))
            config.explicitTrain = day("2015-01-02")...trainEnd
            config.explicitTest = day("2016-01-04")...day("2016-07-29")
            config.movementTest = nil
            config.seeds = [3]
            _ = try EvalWorkflow.run(data: dataset, contenders: [recorder, ppoProbe, ensembleProbe], config: config)
            fitted.append(thresholds)
        }
        XCTAssertEqual(fitted[0].count, 4)
        XCTAssertEqual(fitted[0], fitted[1], "a fitted artefact changed when only test-window data changed")
    }

    func testReportHasEveryContenderAndRefusesBadData() throws {
        let data = synthetic()
        var config = EvalConfig(from: day("2015-01-02"), to: day("2016-07-29"))
        config.folds = 2
        config.bootstrapSamples = 200
        let summary = try EvalWorkflow.run(data: data, contenders: Contender.baselines, config: config)
        XCTAssertEqual(summary.rows.map(\.contender), Contender.baselines.map(\.name))
        XCTAssertTrue(summary.rows.allSatisfy { $0.sharpeLow.isFinite && $0.sharpeHigh.isFinite && $0.sharpeLow < $0.sharpeHigh })
        XCTAssertNotNil(summary.deflatedSharpe)
        XCTAssertTrue(summary.foldCSV().split(separator: "\n").count == 1 + 2 * Contender.baselines.count)
        // A period with no prices for a symbol is refused, naming the symbol.
        var bad = EvalConfig(from: day("2019-01-02"), to: day("2019-12-31"))
        bad.folds = 1
        XCTAssertThrowsError(try EvalWorkflow.run(data: data, contenders: Contender.baselines, config: bad)) {
            XCTAssertTrue(String(describing: $0).contains("AAA: no prices between 2019-01-02 and 2019-12-31"), "\($0)")
        }
    }
}

final class StockNetEvalTests: XCTestCase {
    /// The whole evaluation on all 8 StockNet symbols with a reduced PPO budget (CI's check that
    /// the real-data path runs end to end; the full budget is `sentrade eval` without --quick).
    func testQuickWalkForwardOnAllSymbols() throws {
        let root = try SharedData.path("stocknet")
        let data = try EvalDataset.stocknet(root: root, symbols: nil)
        XCTAssertEqual(data.bars.count, 8)
        guard let from = LocalDate("2014-01-01"), let to = LocalDate("2015-12-31") else { return }
        var config = EvalConfig(from: from, to: to)
        config.folds = 3
        config.seeds = [0, 1]
        config.bootstrapSamples = 300
        let contenders = Contender.baselines + Contender.ppoPair(PPOContenderSettings(timesteps: 12_288))
        let summary = try EvalWorkflow.run(data: data, contenders: contenders, config: config)
        XCTAssertEqual(summary.rows.count, contenders.count)
        XCTAssertEqual(summary.outcomes.filter { $0.contender == "ppo fused" }.count, 3 * 2)
        for row in summary.rows {
            XCTAssertTrue(row.metrics.sharpe.isFinite && row.sharpeLow <= row.sharpeHigh, row.contender)
            XCTAssertEqual(row.metrics.periods, summary.rows[0].metrics.periods, "every contender is tested on the same days")
        }
        XCTAssertNotNil(summary.probability("ppo fused", beats: "ppo price-only"))
        // The movement view covers the paper's test window for both classifiers and both agents.
        XCTAssertEqual(Set(summary.movement.map(\.predictor)), [
            "logistic (fused features)", "logistic (price features)", "always up",
            "ppo price-only (direction)", "ppo fused (direction)"])
        XCTAssertTrue(summary.movement.allSatisfy { $0.days > 250 })
    }
}
