import Features
import Foundation
import Learning
import MarketData
import TradingCore
import XCTest

final class TradingEnvTests: XCTestCase {
    static let data: [TradingSeries] = {
        var config = SyntheticMarketConfig()
        config.sessions = 500
        return SyntheticMarket.generate(config).series.map { TradingSeries(series: $0, spec: .priceOnly(window: 5)) }
    }()

    /// Property: under random actions and random costs, accounting invariants hold at every step.
    func testAccountingInvariantsUnderRandomActions() throws {
        var rng = SeededGenerator(seed: 5)
        for trial in 0..<40 {
            var config = TradingEnvConfig()
            config.actions = rng.nextUnit() < 0.5 ? .discrete3 : .targets([0, 0.25, 0.5, 0.75, 1])
            config.fill = rng.nextUnit() < 0.5 ? .close : .nextOpen
            config.costs = CostModel(commissionBps: rng.nextUnit() * 30, slippageBps: rng.nextUnit() * 20, fixedFee: rng.nextUnit() * 3)
            config.rules = PositionRules(fractionalShares: rng.nextUnit() < 0.7, rebalanceBand: rng.nextUnit() * 0.05)
            config.episodeLength = 50 + rng.nextInt(below: 200)
            var env = try TradingEnv(series: Self.data, config: config, seed: UInt64(trial))
            var obs = env.reset(seed: UInt64(trial))
            var lastCosts = 0.0
            var steps = 0
            while true {
                let result = env.step(rng.nextInt(below: env.actionCount))
                obs = result.observation
                steps += 1
                let s = env.series[env.symbolIndex]
                let account = env.execution.account
                let price = s.close[env.t]
                XCTAssertEqual(env.equity, account.cash + account.shares * price, accuracy: 1e-9 * env.equity)
                XCTAssertGreaterThanOrEqual(account.cash, -1e-9, "trial \(trial): long-only cash went negative")
                XCTAssertGreaterThanOrEqual(account.shares, 0, "trial \(trial): long-only shares went negative")
                XCTAssertGreaterThanOrEqual(account.costsPaid, lastCosts, "costs must never be negative")
                lastCosts = account.costsPaid
                XCTAssertTrue(obs.allSatisfy(\.isFinite))
                XCTAssertTrue(result.reward.isFinite)
                if result.terminated || result.truncated { break }
            }
            XCTAssertLessThanOrEqual(steps, config.episodeLength ?? .max)
        }
    }

    func testEpisodesStayInsideAllowedRanges() throws {
        var config = TradingEnvConfig()
        config.episodeLength = 30
        let ranges = Self.data.map { _ in 100..<200 }
        var env = try TradingEnv(series: Self.data, config: config, ranges: ranges, seed: 1)
        for episode in 0..<50 {
            _ = env.reset(seed: episode == 0 ? 9 : nil)
            XCTAssertGreaterThanOrEqual(env.t, 100)
            while !env.step(2).done {}
            XCTAssertLessThan(env.t, 200)
        }
    }

    func testRewardIsScaledLogEquityChangeAndCostsHurt() throws {
        var config = TradingEnvConfig()
        config.costs = CostModel(commissionBps: 50)
        config.actions = .targets([0, 1])
        config.episodeLength = 20
        var env = try TradingEnv(series: Self.data, config: config, seed: 2)
        var buf = [Float](repeating: 0, count: env.observationSize)
        buf.withUnsafeMutableBufferPointer { env.reset(symbol: 0, start: 100, length: 20, into: $0) }
        var before = env.equity
        var total = 0.0
        for a in [1, 0, 1, 1, 0] {
            let r = env.step(a)
            XCTAssertEqual(Double(r.reward), 100 * log(env.equity / before), accuracy: 1e-3)
            total += Double(r.reward)
            before = env.equity
        }
        XCTAssertEqual(total / 100, log(env.equity / config.initialCash), accuracy: 1e-5)
        XCTAssertGreaterThan(env.execution.account.costsPaid, 0)
    }

    /// The turnover penalty takes exactly λ · traded notional / equity (× the reward scale) from a
    /// step that trades, nothing from one that does not, and changes no accounting.
    func testTurnoverPenaltyChargesTradedNotionalOnly() throws {
        var plain = TradingEnvConfig()
        plain.actions = .targets([0, 1])
        var penalised = plain
        penalised.turnoverPenalty = 0.002
        var a = try TradingEnv(series: Self.data, config: plain, seed: 2)
        var b = try TradingEnv(series: Self.data, config: penalised, seed: 2)
        var buf = [Float](repeating: 0, count: a.observationSize)
        buf.withUnsafeMutableBufferPointer { a.reset(symbol: 0, start: 100, length: 20, into: $0) }
        buf.withUnsafeMutableBufferPointer { b.reset(symbol: 0, start: 100, length: 20, into: $0) }
        var charged = 0
        for action in [1, 1, 0, 0, 1, 0] {
            let equityBefore = b.equity, costsBefore = b.execution.account.tradedNotional
            let ra = a.step(action), rb = b.step(action)
            let traded = b.execution.account.tradedNotional - costsBefore
            XCTAssertEqual(a.equity, b.equity, "the penalty is a reward term, not a cost")
            XCTAssertEqual(Double(ra.reward) - Double(rb.reward), 0.002 * traded / equityBefore * 100, accuracy: 1e-4)
            if traded > 0 { charged += 1 } else { XCTAssertEqual(ra.reward, rb.reward) }
        }
        XCTAssertEqual(charged, 4, "four of the six actions change the position")
        // A checkpoint written before the setting existed still loads (the key defaults to 0).
        let old = try JSONDecoder().decode(TradingEnvConfig.self, from: Data(#"{"rewardScale": 50}"#.utf8))
        XCTAssertEqual(old.turnoverPenalty, 0)
        XCTAssertEqual(old.rewardScale, 50)
        XCTAssertEqual(old.episodeLength, 252)
    }

    func testSpecMismatchIsAnError() {
        var config = SyntheticMarketConfig()
        config.sessions = 100
        let bars = SyntheticMarket.generate(config).series
        let a = TradingSeries(series: bars[0], spec: .priceOnly()), b = TradingSeries(series: bars[1], spec: .fused())
        XCTAssertThrowsError(try TradingEnv(series: [a, b])) { error in
            XCTAssertTrue(String(describing: error).contains("SYNB: feature spec differs"), "\(error)")
        }
    }

    func testVectorEnvAutoResetsAndLogsEpisodes() throws {
        var config = TradingEnvConfig()
        config.episodeLength = 10
        let envs = try (0..<4).map { try TradingEnv(series: Self.data, config: config, seed: UInt64($0)) }
        var vec = VectorEnv(envs)
        vec.reset(seed: 3)
        for _ in 0..<25 { vec.step([0, 1, 2, 1]) }
        let episodes = vec.drainFinishedEpisodes()
        XCTAssertEqual(episodes.count, 8)
        XCTAssertTrue(episodes.allSatisfy { $0.length == 10 })
        XCTAssertEqual(vec.observations.count, 4 * vec.observationSize)
    }
}
