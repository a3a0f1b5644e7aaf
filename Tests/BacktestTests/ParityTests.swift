import Backtest
import Strategy
import Features
import Foundation
import Learning
import MarketData
import TradingCore
import XCTest

final class ParityTests: XCTestCase {
    /// For a fixed action sequence the environment's equity curve equals the backtester's to 1e-9
    /// relative, for both fill rules, with costs and whole shares.
    func testEnvAndBacktesterAgree() throws {
        var market = SyntheticMarketConfig()
        market.sessions = 400
        let series = SyntheticMarket.generate(market).series.map { TradingSeries(series: $0, spec: .priceOnly()) }
        var rng = SeededGenerator(seed: 99)
        for trial in 0..<12 {
            var config = TradingEnvConfig()
            config.fill = trial % 2 == 0 ? .nextOpen : .close
            config.actions = trial % 3 == 0 ? .discrete3 : .targets([0, 0.5, 1])
            config.costs = CostModel(commissionBps: 10, slippageBps: 5, fixedFee: trial % 4 == 0 ? 1 : 0)
            config.rules = PositionRules(fractionalShares: trial % 5 != 0, rebalanceBand: 0.01)
            let length = 150
            let start = series[0].firstObservableIndex + rng.nextInt(below: 100)
            let actions = (0..<length).map { _ in rng.nextInt(below: config.actions.count) }
            var env = try TradingEnv(series: series, config: config)
            var obs = [Float](repeating: 0, count: env.observationSize)
            obs.withUnsafeMutableBufferPointer { env.reset(symbol: 1, start: start, length: length, into: $0) }
            var envEquity = [env.equity]
            for a in actions {
                _ = obs.withUnsafeMutableBufferPointer { env.step(a, into: $0) }
                envEquity.append(env.equity)
            }
            var policy = ScriptedPolicy(decisions: actions.map { config.actions.decision(for: $0, allowShort: false) })
            let bt = BacktestConfig(initialCash: config.initialCash, costs: config.costs, fill: config.fill, rules: config.rules)
            let result = Backtester.run(&policy, on: series[1], range: start..<(start + length + 1), config: bt)
            XCTAssertEqual(result.equity.count, envEquity.count)
            for (a, b) in zip(result.equity, envEquity) {
                XCTAssertEqual(a, b, accuracy: 1e-9 * abs(b), "trial \(trial)")
            }
            XCTAssertEqual(result.metrics.trades, env.execution.account.tradeCount)
        }
    }

    /// The policy sees the same observation the environment gives the agent.
    func testObservationsAgree() throws {
        var market = SyntheticMarketConfig()
        market.sessions = 300
        let series = SyntheticMarket.generate(market).series.map { TradingSeries(series: $0, spec: .priceOnly(window: 4)) }
        var env = try TradingEnv(series: series, config: TradingEnvConfig())
        var envObs = [Float](repeating: 0, count: env.observationSize)
        let start = 120
        envObs.withUnsafeMutableBufferPointer { env.reset(symbol: 0, start: start, length: 40, into: $0) }
        var recorded: [[Float]] = [envObs]
        let actions = (0..<40).map { $0 % 3 }
        for a in actions {
            _ = envObs.withUnsafeMutableBufferPointer { env.step(a, into: $0) }
            recorded.append(envObs)
        }
        struct Recorder: Policy {
            let name = "recorder"
            var actions: [Int]
            var seen: [[Float]] = []
            let size: Int
            mutating func reset() { seen = [] }
            mutating func decide(_ context: DecisionContext) -> Decision {
                var buf = [Float](repeating: 0, count: size)
                buf.withUnsafeMutableBufferPointer { context.writeObservation(into: $0) }
                seen.append(buf)
                return ActionScheme.targets([0, 0.5, 1]).decision(for: actions[seen.count - 1], allowShort: false)
            }
        }
        var recorder = Recorder(actions: actions, size: env.observationSize)
        _ = Backtester.run(&recorder, on: series[0], range: start..<(start + 41), config: BacktestConfig())
        XCTAssertEqual(recorder.seen, Array(recorded.prefix(40)))
    }
}
