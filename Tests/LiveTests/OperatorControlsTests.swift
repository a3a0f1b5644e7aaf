import Backtest
import Foundation
import Live
import MarketData
import Strategy
import TradingCore
import XCTest

/// Pause / resume / kill queued in the journal (as the dashboard does) are applied by the engine
/// at the next bar, recorded with who asked, and a pause survives a restart.
final class OperatorControlsTests: XCTestCase {
    func makeSession(_ dir: URL, symbols: [String]) throws -> (Journal, LiveEngine, SimulatedBroker) {
        let journal = try Journal(path: dir.appendingPathComponent("j.sqlite").path, durable: false)
        let run = try journal.beginRun(mode: "sim", strategy: "ops", config: "{}", version: "test")
        let config = SessionConfig(strategy: "ops", mode: .sim, symbols: symbols, execution: BacktestConfig(initialCash: 20_000))
        let broker = SimulatedBroker(exchange: SimulatedExchange(config: BacktestConfig(initialCash: 10_000), symbols: symbols,
                                                                 cashPerSymbol: 10_000))
        let engine = try LiveEngine(config: config, journal: journal, broker: broker, run: run,
                                    policy: { _ in SMACrossoverPolicy(fast: 3, slow: 8) })
        return (journal, engine, broker)
    }

    func testPauseResumeAndKillFromTheJournal() async throws {
        var market = SyntheticMarketConfig()
        market.symbols = ["SYNA", "SYNB"]
        market.sessions = 260
        let inputs = SyntheticMarket.generate(market).series.map { SimulationInput(symbol: $0.symbol, bars: $0.bars) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-controls-\(UUID().uuidString)")
        let (journal, engine, broker) = try makeSession(dir, symbols: market.symbols)
        let times = inputs[0].bars.map(\.time)
        let pauseAt = times[100], resumeAt = times[160], killAt = times[220]
        _ = try await SimulationDriver.run(session: engine, broker: broker, inputs: inputs, tradeFrom: times[40]) { time in
            if time == pauseAt { try journal.requestControl(.pause, by: "ops", origin: "test", reason: "news pending") }
            if time == resumeAt { try journal.requestControl(.resume, by: "ops", origin: "test") }
            if time == killAt { try journal.requestControl(.kill, by: "ops", origin: "test", reason: "end of test") }
        }
        let orders = try journal.orders()
        XCTAssertTrue(orders.contains { $0.decisionTime < pauseAt }, "the policy traded before the pause")
        XCTAssertTrue(orders.contains { $0.decisionTime > resumeAt && $0.decisionTime < killAt }, "and again after the resume")
        XCTAssertEqual(orders.filter { $0.decisionTime > pauseAt && $0.decisionTime <= resumeAt }.count, 0, "no orders while paused")
        XCTAssertTrue(try journal.events(kind: "risk-reject").contains { $0.message.contains("paused by ops (test)") })
        XCTAssertEqual(engine.risk.state, .halted, "the kill switch halts")
        XCTAssertEqual(orders.filter { $0.decisionTime > killAt && $0.reason != "kill switch" }.count, 0, "nothing but the flattening after the kill")
        let controls = try journal.controls()
        XCTAssertEqual(controls.map(\.action), [.pause, .resume, .kill])
        XCTAssertTrue(controls.allSatisfy { $0.state == "applied" && $0.appliedAt != nil && $0.note != nil }, "\(controls)")
        XCTAssertTrue(try journal.pendingControls().isEmpty)
        let positions = try await broker.positions()
        XCTAssertTrue(positions.allSatisfy { $0.quantity == 0 }, "flat after the kill: \(positions)")
    }

    func testAPauseSurvivesARestart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-controls-\(UUID().uuidString)")
        let (journal, engine, _) = try makeSession(dir, symbols: ["SYNA"])
        try journal.requestControl(.pause, by: "ops", origin: "test")
        try await engine.applyControls()
        XCTAssertEqual(engine.paused, "ops (test)")
        let (_, restarted, _) = try makeSession(dir, symbols: ["SYNA"])
        _ = try await restarted.recover()
        XCTAssertEqual(restarted.paused, "ops (test)", "the pause is journaled state, not memory")
        try journal.requestControl(.resume, by: "ops", origin: "test")
        try await restarted.applyControls()
        XCTAssertNil(restarted.paused)
    }
}
