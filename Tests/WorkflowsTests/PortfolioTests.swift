import Backtest
import Features
import Foundation
import Learning
import MarketData
import Strategy
import TradingCore
import Workflows
import XCTest

/// The portfolio engine (`PortfolioStep`), environment and evaluation path: accounting on shared
/// cash, agreement with the single-symbol engine, no look-ahead, and the equal-weight baselines.
final class PortfolioTests: XCTestCase {
    func day(_ s: String) -> LocalDate { LocalDate(s) ?? LocalDate(daysSinceEpoch: 0) }

    func market(_ symbols: [String], sessions: Int = 400, seed: UInt64 = 7) -> SyntheticDataset {
        var c = SyntheticMarketConfig()
        c.symbols = symbols
        c.sessions = sessions
        c.seed = seed
        c.start = day("2015-01-02")
        return SyntheticMarket.generate(c)
    }

    /// With one symbol the portfolio engine is the single-symbol engine: same orders, fills and
    /// equity for random targets, under fractional and whole shares, fees and both fill rules.
    func testOneSymbolTradesExactlyLikeTradingStep() throws {
        let bars = market(["AAA"], sessions: 300).series[0].bars
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<12 {
            let costs = CostModel(commissionBps: Double(trial % 3) * 5, slippageBps: Double(trial % 4) * 3, fixedFee: trial % 5 == 0 ? 1 : 0)
            let rules = PositionRules(fractionalShares: trial % 2 == 0, rebalanceBand: trial % 3 == 0 ? 0 : 0.05)
            let fill: FillRule = trial % 2 == 0 ? .nextOpen : .close
            var single = TradingStep(cash: 10_000, costs: costs, rules: rules, fill: fill)
            var portfolio = PortfolioStep(symbols: 1, cash: 10_000, costs: costs, rules: rules, fill: fill)
            for t in 0..<(bars.count - 1) {
                let target = [0, 0.25, 0.5, 1, 1.2][rng.nextInt(below: 5)]
                let a = single.advance(.target(target), decisionClose: bars[t].close, decisionTime: bars[t].time,
                                       nextOpen: bars[t + 1].open, nextTime: bars[t + 1].time, nextClose: bars[t + 1].close, symbol: "AAA")
                let b = portfolio.advance(toWeights: [target], decisionCloses: [bars[t].close], decisionTime: bars[t].time,
                                          nextOpens: [bars[t + 1].open], nextTime: bars[t + 1].time, nextCloses: [bars[t + 1].close],
                                          symbols: ["AAA"])
                XCTAssertEqual(a.fill, b.fills[0], "trial \(trial) bar \(t)")
                XCTAssertEqual(a.equity, b.equity, accuracy: 1e-9 * a.equity, "trial \(trial) bar \(t)")
                XCTAssertEqual(single.account.cash, portfolio.cash, accuracy: 1e-9 * 10_000)
                XCTAssertEqual(single.agent, portfolio.agents[0])
            }
            XCTAssertEqual(single.account.tradeCount, portfolio.tradeCount)
            XCTAssertEqual(single.account.costsPaid, portfolio.costsPaid, accuracy: 1e-9)
        }
    }

    /// Random reallocations across three symbols: equity is cash plus positions, cash and shares
    /// never go negative (no margin, long only), weights never sum above 1, sales fund purchases.
    func testSharedCashAccountingHoldsForRandomReallocations() throws {
        let series = market(["AAA", "BBB", "CCC"], sessions: 300).series
        var rng = SeededGenerator(seed: 5)
        var step = PortfolioStep(symbols: 3, cash: 10_000, costs: CostModel(commissionBps: 2, slippageBps: 5, fixedFee: 0.5),
                                 rules: PositionRules(fractionalShares: false), fill: .nextOpen)
        var notional = 0.0
        for t in 0..<(series[0].bars.count - 1) {
            let raw = (0..<3).map { _ in rng.nextInt(below: 4) == 0 ? 0 : Double(rng.nextInt(below: 100)) }
            let total = raw.reduce(0, +)
            let targets = raw.map { total > 0 ? $0 / total * [0.5, 1, 1.3][t % 3] : 0 }
            let closes = series.map { $0.bars[t].close }, opens = series.map { $0.bars[t + 1].open }
            let nextCloses = series.map { $0.bars[t + 1].close }
            let out = step.advance(toWeights: targets, decisionCloses: closes, decisionTime: series[0].bars[t].time,
                                   nextOpens: opens, nextTime: series[0].bars[t + 1].time, nextCloses: nextCloses, symbols: ["AAA", "BBB", "CCC"])
            notional += out.fills.compactMap { $0 }.reduce(0) { $0 + $1.notional }
            let positions = zip(step.shares, nextCloses).reduce(0) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(out.equity, step.cash + positions, accuracy: 1e-9 * out.equity)
            XCTAssertGreaterThanOrEqual(step.cash, -1e-9, "bar \(t): bought on margin")
            XCTAssertTrue(step.shares.allSatisfy { $0 >= 0 && $0 == $0.rounded() }, "bar \(t): short or fractional")
            XCTAssertLessThanOrEqual(out.exposure, 1 + 1e-9)
        }
        XCTAssertEqual(step.tradedNotional, notional, accuracy: 1e-6)
        XCTAssertGreaterThan(step.tradeCount, 100)
        // All in AAA, then all out of AAA into BBB and CCC on one bar: the sale pays for the purchases.
        let bars = series.map(\.bars)
        var swap = PortfolioStep(symbols: 3, cash: 10_000, costs: .retailEquity, rules: PositionRules(), fill: .close)
        swap.advance(toWeights: [1, 0, 0], decisionCloses: bars.map { $0[0].close }, decisionTime: bars[0][0].time,
                     nextOpens: bars.map { $0[1].open }, nextTime: bars[0][1].time, nextCloses: bars.map { $0[1].close }, symbols: [])
        XCTAssertLessThan(swap.cash, 1)
        let out = swap.advance(toWeights: [0, 0.5, 0.5], decisionCloses: bars.map { $0[1].close }, decisionTime: bars[0][1].time,
                               nextOpens: bars.map { $0[2].open }, nextTime: bars[0][2].time, nextCloses: bars.map { $0[2].close }, symbols: [])
        XCTAssertEqual(swap.shares[0], 0)
        XCTAssertNotNil(out.fills[1])
        XCTAssertNotNil(out.fills[2])
        XCTAssertEqual(swap.weights(at: bars.map { $0[1].close })[1], 0.5, accuracy: 0.01)
    }

    func testActionsAreValidAllocations() {
        let actions = PortfolioActions(symbols: 8)
        XCTAssertEqual(actions.count, 20)
        XCTAssertNil(actions.weights(for: 0), "hold trades nothing")
        for a in 1..<actions.count {
            let w = try? XCTUnwrap(actions.weights(for: a))
            XCTAssertEqual(w?.count, 8)
            XCTAssertTrue(w?.allSatisfy { $0 >= 0 } ?? false)
            XCTAssertLessThanOrEqual(w?.reduce(0, +) ?? 2, 1 + 1e-12)
        }
        XCTAssertEqual(actions.weights(for: 4)?[0] ?? 0, 0.25, accuracy: 1e-12)
        XCTAssertEqual(actions.weights(for: 12)?[0], 0)
        XCTAssertEqual(actions.name(of: 13, symbols: ["A", "B"]), "avoid B")
        XCTAssertNil(actions.weights(for: 20))
    }

    /// `minHoldBars` holds the whole allocation: after a session that traded, no trade for that many sessions.
    func testMinimumHoldingAppliesToTheAllocation() throws {
        let series = market(["AAA", "BBB"], sessions: 200).series.map { TradingSeries(series: $0, spec: .priceOnly(window: 1)) }
        for minHold in [1, 5] {
            var config = TradingEnvConfig()
            config.minHoldBars = minHold
            config.episodeLength = nil
            var env = try PortfolioEnv(series: series, config: config)
            var obs = [Float](repeating: 0, count: env.observationSize)
            obs.withUnsafeMutableBufferPointer { env.reset(start: env.range.lowerBound, length: nil, into: $0) }
            var tradeSessions: [Int] = []
            for s in 0..<100 {
                let before = env.execution.tradeCount
                // Alternate between two allocations: every session wants to trade.
                _ = obs.withUnsafeMutableBufferPointer { env.step(s % 2 == 0 ? 4 : 5, into: $0) }
                if env.execution.tradeCount > before { tradeSessions.append(s) }
                XCTAssertEqual(obs[obs.count - 1], env.sessionsSinceTrade == 0 ? 0 : Float(Double(env.sessionsSinceTrade) / Double(env.sessionsSinceTrade + 20)))
            }
            let gaps = zip(tradeSessions.dropFirst(), tradeSessions).map { $0 - $1 }
            XCTAssertEqual(tradeSessions.first, 0)
            XCTAssertEqual(Set(gaps), [minHold], "min hold \(minHold): trades at \(tradeSessions.prefix(8))")
        }
    }

    /// Corrupting every bar after session K changes neither the observations up to K nor the
    /// rewards of the steps that end by K, and not the trained portfolio agent when K ends training.
    func testPortfolioEnvAndTrainingNeverSeeLaterBars() throws {
        let data = market(["AAA", "BBB", "CCC"], sessions: 320)
        let cut = data.series[0].bars[250].time
        let corrupted = data.series.map { s in
            BarSeries(symbol: s.symbol, bars: s.bars.map { b in
                b.time > cut ? Bar(time: b.time, open: b.open * 3, high: b.high * 3.3, low: b.low * 0.5, close: b.close * 0.4, volume: b.volume * 9) : b
            })
        }
        let spec = FeatureSpec.priceOnly(window: 3)
        var config = TradingEnvConfig()
        config.episodeLength = 60
        config.turnoverPenalty = 0.002
        var traces: [[Float]] = []
        var agents: [String] = []
        for bars in [data.series, corrupted] {
            let series = bars.map { TradingSeries(series: $0, spec: spec) }
            var env = try PortfolioEnv(series: series, config: config)
            XCTAssertEqual(env.observationSize, 3 * ObservationBuilder.size(for: spec) + 2)
            let k = env.session(atOrAfter: cut)
            var obs = [Float](repeating: 0, count: env.observationSize)
            var trace: [Float] = []
            obs.withUnsafeMutableBufferPointer { env.reset(start: env.range.lowerBound, length: nil, into: $0) }
            trace += obs
            var a = 0
            while env.k < k {
                let out = obs.withUnsafeMutableBufferPointer { env.step(a % env.actionCount, into: $0) }
                trace += obs + [out.reward]
                a += 7
            }
            traces.append(trace)
            var ppo = AgentDefaults.ppo(seed: 3)
            ppo.totalTimesteps = 2_048
            ppo.nSteps = 128
            ppo.numEnvs = 2
            ppo.batchSize = 64
            ppo.nEpochs = 2
            var options = TrainingOptions()
            options.validateEvery = 2
            let outcome = try PortfolioTraining.train(series: series, trainSessions: 0..<(k - 30), validationSessions: (k - 30)..<k,
                                                      env: config, ppo: ppo, options: options)
            XCTAssertGreaterThan(outcome.validations, 0)
            let statistics = try XCTUnwrap(outcome.agent.observationStatistics, "normalisation statistics belong to the agent")
            agents.append("\(outcome.model.parameters.array.map(\.bitPattern)) \(statistics.mean) \(statistics.variance)")
        }
        XCTAssertEqual(traces[0].count, traces[1].count)
        XCTAssertEqual(traces[0].map(\.bitPattern), traces[1].map(\.bitPattern), "the environment read a bar after its session")
        XCTAssertEqual(agents[0], agents[1], "the trained agent or its normalisation saw bars after training")
    }

    /// The evaluation runs portfolio contenders on the same folds: equal-weight buy-and-hold through
    /// the portfolio engine matches the per-symbol buy-and-hold (equal capital, no rebalancing), and
    /// a PPO portfolio agent trains per fold and seed.
    func testEvaluationRunsPortfolioContendersOnTheSameFolds() throws {
        let d = market(["AAA", "BBB", "CCC"], sessions: 400)
        let data = EvalDataset(bars: d.series, posts: d.posts, skippedLines: [], source: "synthetic")
        var config = EvalConfig(from: day("2015-01-02"), to: day("2016-07-29"))
        config.folds = 2
        config.seeds = [0, 1]
        config.bootstrapSamples = 200
        var settings = PPOContenderSettings(timesteps: 2_048)
        settings.ppo.nSteps = 256
        settings.ppo.numEnvs = 2
        settings.ppo.nEpochs = 2
        let summary = try EvalWorkflow.run(data: data, contenders: [.fixed(BuyAndHoldPolicy())],
                                           portfolio: [.equalWeightBuyAndHold, .equalWeightRebalanced, .ppo(settings: settings)],
                                           config: config)
        XCTAssertEqual(summary.rows.map(\.contender), ["buy-and-hold", "equal-weight (buy-and-hold)", "equal-weight (rebalanced)", "ppo portfolio"])
        XCTAssertEqual(summary.outcomes.filter { $0.contender == "ppo portfolio" }.count, 2 * 2)
        let rows = Dictionary(uniqueKeysWithValues: summary.rows.map { ($0.contender, $0) })
        let perSymbol = try XCTUnwrap(rows["buy-and-hold"]), pooled = try XCTUnwrap(rows["equal-weight (buy-and-hold)"])
        XCTAssertEqual(perSymbol.metrics.periods, pooled.metrics.periods, "both are tested on the same sessions")
        XCTAssertEqual(perSymbol.metrics.totalReturn, pooled.metrics.totalReturn, accuracy: 1e-3)
        XCTAssertEqual(perSymbol.metrics.sharpe, pooled.metrics.sharpe, accuracy: 0.01)
        let rebalanced = try XCTUnwrap(rows["equal-weight (rebalanced)"])
        XCTAssertGreaterThan(rebalanced.metrics.trades, pooled.metrics.trades, "rebalancing trades drift back")
        XCTAssertNotNil(summary.probability("ppo portfolio", beats: "equal-weight (buy-and-hold)"))
    }
}
