import Backtest
import Features
import Foundation
import Learning
import MarketData
import Strategy
import TradingCore
import XCTest

/// The trade list reconciles with the equity curve: Σ round-trip PnL (fees included, the open trip
/// marked to market) = final equity − initial equity, for baselines and a PPO checkpoint.
final class RoundTripTests: XCTestCase {
    func series(spec: FeatureSpec?) -> [TradingSeries] {
        var config = SyntheticMarketConfig()
        config.sessions = 500
        return SyntheticMarket.generate(config).series.map { TradingSeries(series: $0, spec: spec) }
    }

    func check(_ policy: inout any Policy, on s: TradingSeries, config: BacktestConfig, file: StaticString = #filePath, line: UInt = #line) {
        let r = Backtester.run(any: &policy, on: s, range: 60..<s.count, config: config)
        let total = r.trades.map(\.pnl).reduce(0, +)
        let change = (r.equity.last ?? 0) - config.initialCash
        XCTAssertEqual(total, change, accuracy: 1e-9 * config.initialCash, "\(policy.name) on \(s.symbol)", file: file, line: line)
        XCTAssertEqual(r.trades.count, r.roundTrips.count, file: file, line: line)
        XCTAssertEqual(r.trades.map(\.fees).reduce(0, +), r.metrics.costsPaid, accuracy: 1e-6, "fees add up", file: file, line: line)
        for t in r.trades {
            XCTAssertGreaterThan(t.entryPrice, 0, file: file, line: line)
            XCTAssertGreaterThanOrEqual(t.barsHeld, 0, file: file, line: line)
            if let exit = t.exitTime { XCTAssertGreaterThanOrEqual(exit, t.entryTime, file: file, line: line) }
        }
    }

    func testBaselinesReconcile() {
        for fill in FillRule.allCases {
            for allowShort in [false, true] {
                let config = BacktestConfig(initialCash: 10_000, costs: CostModel(commissionBps: 10, slippageBps: 5, fixedFee: 1), fill: fill,
                                            rules: PositionRules(allowShort: allowShort))
                for s in series(spec: nil) {
                    var policies: [any Policy] = [SMACrossoverPolicy(fast: 5, slow: 20, allowShort: allowShort), RandomPolicy(seed: 4), BuyAndHoldPolicy()]
                    for i in policies.indices { check(&policies[i], on: s, config: config) }
                }
            }
        }
    }

    func testPPOCheckpointReconciles() throws {
        let spec = FeatureSpec.priceOnly(window: 4)
        let model = ActorCritic(observationSize: ObservationBuilder.size(for: spec), actionCount: 3, seed: 8)
        var manifest = CheckpointManifest(observationSize: model.observationSize, actionCount: 3, network: model.config)
        manifest.featureSpec = spec
        manifest.envConfig = TradingEnvConfig()
        var policy: any Policy = try PPOPolicy(model: model, manifest: manifest)
        for s in series(spec: spec) { check(&policy, on: s, config: BacktestConfig()) }
    }

    func testStatisticsDefinitions() {
        func trip(_ pnl: Double, bars: Int) -> RoundTrip {
            RoundTrip(symbol: "A", side: "long", entryTime: Date(timeIntervalSince1970: 0), exitTime: nil, entryPrice: 1, exitPrice: 1,
                      quantity: 1, fees: 0, pnl: pnl, returnFraction: pnl, barsHeld: bars)
        }
        let s = TradeStatistics([trip(10, bars: 2), trip(-5, bars: 4), trip(20, bars: 6), trip(0, bars: 0)])
        XCTAssertEqual(s.winRate, 0.5)
        XCTAssertEqual(s.profitFactor, 30.0 / 5.0)
        XCTAssertEqual(s.averageWin, 15)
        XCTAssertEqual(s.averageLoss, -2.5)
        XCTAssertEqual(s.expectancy, 6.25)
        XCTAssertEqual(s.best, 20)
        XCTAssertEqual(s.worst, -5)
        XCTAssertEqual(s.averageBarsHeld, 3)
    }
}
