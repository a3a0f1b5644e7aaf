import Backtest
import Features
import Foundation
import Learning
import Live
import MarketData
import Strategy
import TradingCore
import Workflows
import XCTest

/// The engine principle (DESIGN.md §1): the same bars and posts through the backtester and through
/// the live runner's cycle against the simulated broker give the same decisions, orders and equity.
final class EngineParityTests: XCTestCase {
    struct Market {
        var inputs: [SimulationInput]
        var series: [BarSeries]
    }

    func market(symbols: Int = 2, sessions: Int = 360, seed: UInt64 = 11) throws -> Market {
        var config = SyntheticMarketConfig()
        config.sessions = sessions
        config.seed = seed
        config.symbols = Array(config.symbols.prefix(symbols))
        let data = SyntheticMarket.generate(config)
        var inputs: [SimulationInput] = []
        for s in data.series {
            let sentiment = try SentimentFeatureBuilder.default.build(posts: data.posts[s.symbol] ?? [], bars: s).perBar
            inputs.append(SimulationInput(symbol: s.symbol, bars: s.bars, sentiment: sentiment))
        }
        return Market(inputs: inputs, series: data.series)
    }

    func journalPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-parity-\(UUID().uuidString)/journal.sqlite").path
    }

    /// Runs both paths and compares equity point by point and orders one by one.
    func assertParity(policy make: @escaping (String) throws -> any Policy, spec: FeatureSpec?, config: BacktestConfig,
                      start: Int, file: StaticString = #filePath, line: UInt = #line) async throws {
        let m = try market()
        let symbols = m.inputs.map(\.symbol)
        var total = config
        total.initialCash = config.initialCash * Double(symbols.count)
        let journal = try Journal(path: journalPath(), durable: false)
        let run = try journal.beginRun(mode: "sim", strategy: "parity", config: "{}", version: "test")
        let sessionConfig = SessionConfig(strategy: "parity", mode: .sim, symbols: symbols, execution: total)
        let exchange = SimulatedExchange(config: config, symbols: symbols, cashPerSymbol: config.initialCash)
        let broker = SimulatedBroker(exchange: exchange)
        let live = try LiveEngine(config: sessionConfig, journal: journal, broker: broker, run: run, policy: make)
        _ = try await SimulationDriver.run(session: live, broker: broker, inputs: m.inputs, tradeFrom: m.inputs[0].bars[start].time)
        for (input, bars) in zip(m.inputs, m.series) {
            var policy = try make(input.symbol)
            let series = TradingSeries(series: bars, sentiment: input.sentiment, spec: spec)
            let result = Backtester.run(any: &policy, on: series, range: start..<series.count, config: config)
            let liveEquity = try journal.equity(symbol: input.symbol).map(\.equity)
            XCTAssertEqual(liveEquity.count, result.equity.count, "\(input.symbol) equity points", file: file, line: line)
            var worst = 0.0
            for (a, b) in zip(result.equity, liveEquity) { worst = max(worst, abs(a - b) / abs(a)) }
            XCTAssertLessThanOrEqual(worst, 1e-9, "\(input.symbol): worst relative equity difference", file: file, line: line)
            let lastTime = bars.bars[bars.count - 1].time
            let liveOrders = try journal.orders(symbol: input.symbol).filter { $0.decisionTime < lastTime }
                .sorted { $0.decisionTime < $1.decisionTime }
            XCTAssertEqual(liveOrders.count, result.orders.count, "\(input.symbol) orders", file: file, line: line)
            XCTAssertGreaterThan(result.orders.count, 2, "the comparison needs trades to mean anything", file: file, line: line)
            for (a, b) in zip(result.orders, liveOrders) {
                XCTAssertEqual(a.time, b.decisionTime, file: file, line: line)
                XCTAssertEqual(a.request.side, b.side, file: file, line: line)
                XCTAssertEqual(a.request.quantity, b.quantity, accuracy: 1e-9 * max(a.request.quantity, 1), file: file, line: line)
            }
            XCTAssertEqual(try journal.fills(symbol: input.symbol).count, result.fills.count, "\(input.symbol) fills", file: file, line: line)
        }
    }

    func testSMABaselineAgreesForBothFillRules() async throws {
        for fill in FillRule.allCases {
            let config = BacktestConfig(initialCash: 10_000, costs: CostModel(commissionBps: 10, slippageBps: 5), fill: fill,
                                        rules: PositionRules(fractionalShares: fill == .close))
            try await assertParity(policy: { _ in SMACrossoverPolicy(fast: 5, slow: 20) }, spec: nil, config: config, start: 60)
        }
    }

    /// A PPO checkpoint reading the full fused spec: the live path computes features incrementally,
    /// the backtest reads the precomputed matrix; decisions (and so equity) must not differ.
    func testPPOCheckpointAgreesOnFusedFeatures() async throws {
        let spec = FeatureSpec.fused(window: 4)
        var env = TradingEnvConfig()
        env.actions = .targets([0, 0.5, 1])
        let model = ActorCritic(observationSize: ObservationBuilder.size(for: spec), actionCount: 3, seed: 5)
        var manifest = CheckpointManifest(observationSize: model.observationSize, actionCount: 3, network: model.config)
        manifest.featureSpec = spec
        manifest.envConfig = env
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-parity-ckpt-\(UUID().uuidString)")
        try Checkpoint.save(model: model, manifest: manifest, to: dir)
        let config = BacktestConfig(initialCash: 10_000, costs: .retailEquity)
        try await assertParity(policy: { _ in try PPOPolicy(checkpoint: dir, featureSpec: spec) }, spec: spec, config: config, start: 80)
    }

    /// The first live feature row after warm-up equals the batch row for the same bar.
    func testWarmupRowEqualsBatchRow() throws {
        let m = try market(symbols: 1)
        let spec = FeatureSpec.fused()
        let input = m.inputs[0]
        let batch = FeatureMatrix(spec: spec, bars: input.bars, sentiment: input.sentiment)
        var policySpec = spec
        policySpec.window = spec.window
        struct SpecPolicy: Policy {
            let name = "spec"
            let featureSpec: FeatureSpec?
            mutating func reset() {}
            mutating func decide(_ context: DecisionContext) -> Decision { .hold }
        }
        var engine = SymbolEngine(symbol: input.symbol, policy: SpecPolicy(featureSpec: spec), cash: 1, costs: .free,
                                  rules: PositionRules(), fill: .nextOpen)
        let warm = 300
        for i in 0..<warm { engine.warm(input.bars[i], sentiment: input.sentiment[i]) }
        _ = engine.onBar(input.bars[warm], sentiment: input.sentiment[warm])
        let row = try XCTUnwrap(engine.history.row(ago: 0))
        XCTAssertEqual(Array(row), Array(batch.row(warm)))
        XCTAssertTrue(Array(row).contains { $0 != 0 })
    }
}
