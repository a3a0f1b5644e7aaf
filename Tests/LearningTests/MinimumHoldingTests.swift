import Features
import Foundation
import Learning
import MarketData
import TradingCore
import XCTest

/// `env.minHoldBars`: a position, once opened, is held at least N bars in the environment, and the
/// one mapping (`TradingEnvConfig.decision(for:state:)`) is what policies apply in backtests and live.
final class MinimumHoldingTests: XCTestCase {
    func testGateHoldsYoungPositionsOnly() {
        var config = TradingEnvConfig()
        config.actions = .discrete3
        config.minHoldBars = 3
        var state = AgentState()
        // Flat: every action goes through (opening is never blocked).
        XCTAssertEqual(config.decision(for: 0, state: state), .target(1))
        XCTAssertEqual(config.decision(for: 1, state: state), .target(0))
        state.update(exposure: 1, price: 100)  // opened: held through one close
        XCTAssertEqual(config.decision(for: 1, state: state), .hold, "1 bar held < 3")
        state.update(exposure: 1, price: 101)
        XCTAssertEqual(config.decision(for: 1, state: state), .hold, "2 bars held < 3")
        state.update(exposure: 1, price: 102)
        XCTAssertEqual(config.decision(for: 1, state: state), .target(0), "3 bars held: free to sell")
        config.minHoldBars = 1
        state = AgentState()
        state.update(exposure: 1, price: 100)
        XCTAssertEqual(config.decision(for: 1, state: state), .target(0), "1 is no minimum")
    }

    /// Flipping buy/sell every bar: with a minimum of 4 bars every closed position lasted ≥ 4 bars,
    /// and the environment traded a third less than without it.
    func testEnvironmentHoldsEveryPositionAtLeastTheMinimum() throws {
        var config = SyntheticMarketConfig()
        config.symbols = ["AAA"]
        config.sessions = 300
        let series = SyntheticMarket.generate(config).series.map { TradingSeries(series: $0, spec: .priceOnly(window: 1)) }
        var counts: [Int: Int] = [:]
        for minimum in [1, 4] {
            var env = TradingEnvConfig()
            env.actions = .discrete3
            env.minHoldBars = minimum
            var trading = try TradingEnv(series: series, config: env, seed: 1)
            var buffer = [Float](repeating: 0, count: trading.observationSize)
            buffer.withUnsafeMutableBufferPointer { trading.reset(symbol: 0, start: 50, length: 120, into: $0) }
            var heldSince: Int?
            var fills = 0
            for step in 0..<120 {
                let before = trading.agent.exposure
                _ = trading.step(step % 2 == 0 ? 0 : 1)
                let after = trading.agent.exposure
                if abs(after - before) > 1e-9 { fills += 1 }
                if before == 0, after > 0 { heldSince = step }
                if before > 0, after == 0, let opened = heldSince {
                    XCTAssertGreaterThanOrEqual(step - opened, minimum, "closed after \(step - opened) bars with minHoldBars \(minimum)")
                    heldSince = nil
                }
            }
            counts[minimum] = fills
        }
        // Without a minimum every bar trades; with 4 bars a position opened on an even step closes on
        // the first odd step 4 or more bars later (5) and reopens on the next: 2 fills per 6 steps.
        XCTAssertEqual(counts[1], 120)
        XCTAssertEqual(counts[4], 80)
    }

    func testConfigRoundTripsAndRefusesZero() throws {
        var config = TradingEnvConfig()
        config.minHoldBars = 5
        let decoded = try JSONDecoder().decode(TradingEnvConfig.self, from: try JSONEncoder().encode(config))
        XCTAssertEqual(decoded.minHoldBars, 5)
        XCTAssertEqual(try JSONDecoder().decode(TradingEnvConfig.self, from: Data("{}".utf8)).minHoldBars, 1,
                       "checkpoints written before the setting load with no minimum")
        XCTAssertThrowsError(try JSONDecoder().decode(TradingEnvConfig.self, from: Data(#"{"minHoldBars": 0}"#.utf8))) {
            XCTAssertTrue("\($0)".contains("minHoldBars must be at least 1"), "\($0)")
        }
        // The text forms a tuning run writes read back to the same schemes.
        for scheme in [ActionScheme.discrete3, .targets([0, 0.5, 1]), .targets([-1, 0, 1])] {
            XCTAssertEqual(ActionScheme(scheme.text), scheme)
        }
        for reward in [RewardScheme.logReturn, .differentialSharpe(eta: 0.01), .sentimentAlignment(lambda: 0.5)] {
            XCTAssertEqual(RewardScheme(reward.text), reward)
        }
    }
}
