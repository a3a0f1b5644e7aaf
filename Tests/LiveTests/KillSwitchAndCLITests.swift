import Backtest
import Foundation
import Live
import MarketData
import Strategy
import TestSupport
import TradingCore
import XCTest

final class KillSwitchAndCLITests: XCTestCase {
    func tempDir() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-live-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The kill file trips within one cycle: open orders canceled, every position closed by a
    /// journaled order, HALTED afterwards (no new orders).
    func testKillFileFlattensWithinOneCycle() async throws {
        var market = SyntheticMarketConfig()
        market.symbols = ["SYNA", "SYNB"]
        market.sessions = 200
        let data = SyntheticMarket.generate(market)
        let inputs = data.series.map { SimulationInput(symbol: $0.symbol, bars: $0.bars) }
        let dir = tempDir()
        let killFile = dir.appendingPathComponent("kill").path
        let journal = try Journal(path: dir.appendingPathComponent("j.sqlite").path, durable: false)
        let run = try journal.beginRun(mode: "sim", strategy: "k", config: "{}", version: "test")
        let config = SessionConfig(strategy: "k", mode: .sim, symbols: market.symbols, execution: BacktestConfig(initialCash: 20_000),
                                   killFile: killFile)
        let broker = SimulatedBroker(exchange: SimulatedExchange(config: BacktestConfig(initialCash: 10_000), symbols: market.symbols,
                                                                 cashPerSymbol: 10_000))
        let engine = try LiveEngine(config: config, journal: journal, broker: broker, run: run, policy: { _ in BuyAndHoldPolicy() })
        let killAt = inputs[0].bars[120].time
        _ = try await SimulationDriver.run(session: engine, broker: broker, inputs: inputs, tradeFrom: inputs[0].bars[60].time) { time in
            if time == killAt { FileManager.default.createFile(atPath: killFile, contents: Data("kill".utf8)) }
        }
        XCTAssertEqual(engine.risk.state, .halted)
        let kills = try journal.orders().filter { $0.reason == "kill switch" }
        XCTAssertEqual(kills.count, 2, "one closing order per held symbol")
        XCTAssertTrue(kills.allSatisfy { $0.decisionTime.timeIntervalSince(killAt) > 0 && $0.decisionTime.timeIntervalSince(killAt) < 86_400 * 5 },
                      "sent in the cycle after the file appeared")
        let positions = try await broker.positions()
        XCTAssertEqual(positions.count, 0, "flat after the kill: \(positions)")
        let later = try journal.orders().filter { $0.decisionTime > (kills.first?.decisionTime ?? killAt) }
        XCTAssertEqual(later.count, 0, "no orders after HALTED")
        XCTAssertFalse(try journal.events(kind: "risk-state").isEmpty)
    }

    func testPaperWithoutKeysNamesTheVariables() throws {
        let r = try CommandRunner.run(["live", "--paper", "--symbols", "AAPL", "--journal", tempDir().appendingPathComponent("j.sqlite").path],
                                      environment: ["APCA_API_KEY_ID": "", "APCA_API_SECRET_KEY": ""])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("APCA_API_KEY_ID") && r.stderr.contains("APCA_API_SECRET_KEY"), r.stderr)
    }

    func testLiveNeedsBothOptInsAndLiveKeys() throws {
        let dir = tempDir()
        let keys = ["APCA_API_KEY_ID": "PKPAPERKEY000001", "APCA_API_SECRET_KEY": "secret-secret-secret"]
        let base = ["live", "--live", "--symbols", "AAPL", "--journal", dir.appendingPathComponent("j.sqlite").path]
        var r = try CommandRunner.run(base + ["--confirm-live"], environment: keys)
        XCTAssertTrue(r.stderr.contains("live: true"), r.stderr)
        let config = dir.appendingPathComponent("live.yaml")
        try "live: true\n".write(to: config, atomically: true, encoding: .utf8)
        r = try CommandRunner.run(base + ["--config", config.path], environment: keys)
        XCTAssertTrue(r.stderr.contains("--confirm-live"), r.stderr)
        r = try CommandRunner.run(base + ["--config", config.path, "--confirm-live"], environment: keys)
        XCTAssertTrue(r.stderr.contains("paper key"), r.stderr)
        XCTAssertFalse(r.stderr.contains("secret-secret-secret"), "the secret must never be printed")
        for result in [r] { XCTAssertNotEqual(result.status, 0) }
    }

    func testConfigTypoIsRefusedWithTheNearestKey() throws {
        let config = tempDir().appendingPathComponent("s.yaml")
        try "symbls: [AAPL]\n".write(to: config, atomically: true, encoding: .utf8)
        let r = try CommandRunner.run(["live", "--sim", "--config", config.path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("unknown key 'symbls'") && r.stderr.contains("did you mean 'symbols'"), r.stderr)
    }

    /// `live --sim` from a fresh clone: the example prices, no keys, and it trades.
    func testSimFromTheExamples() throws {
        let prices = SharedData.packageRoot.appendingPathComponent("Examples/eval/prices").path
        let journal = tempDir().appendingPathComponent("sim.sqlite").path
        let r = try CommandRunner.run(["live", "--sim", "--prices", prices, "--policy", "sma:10,30", "--journal", journal],
                                      environment: ["APCA_API_KEY_ID": "", "APCA_API_SECRET_KEY": ""])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("orders"), r.stdout)
        let status = try CommandRunner.run(["live", "status", "--journal", journal, "--json"])
        XCTAssertEqual(status.status, 0, status.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let counts = object?["counts"] as? [String: Int]
        XCTAssertGreaterThan(counts?["orders"] ?? 0, 0)
    }
}

/// `sentrade backtest` and `sentrade live --sim`, run as a user runs them, on the same file.
final class CommandParityTests: XCTestCase {
    func testBacktestAndLiveSimGiveTheSameEquityCurve() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-cmd-parity-\(UUID().uuidString)")
        let prices = SharedData.packageRoot.appendingPathComponent("Examples/eval/prices/AAA.csv").path
        let csv = dir.appendingPathComponent("bt.csv").path
        let common = ["--policy", "sma:5,20", "--cash", "10000", "--fee-bps", "10", "--slippage-bps", "3", "--from", "2015-03-02"]
        let bt = try CommandRunner.run(["backtest", "--prices", prices, "--equity-csv", csv] + common)
        XCTAssertEqual(bt.status, 0, bt.stderr)
        let journal = dir.appendingPathComponent("sim.sqlite").path
        let sim = try CommandRunner.run(["live", "--sim", "--prices", prices, "--journal", journal] + common)
        XCTAssertEqual(sim.status, 0, sim.stderr)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        let backtest = lines.compactMap { Double($0.split(separator: ",")[1]) }
        let live = try Journal(path: journal, durable: false).equity(symbol: "AAA").map(\.equity)
        XCTAssertEqual(backtest.count, live.count)
        XCTAssertGreaterThan(backtest.count, 100)
        var worst = 0.0
        for (a, b) in zip(backtest, live) { worst = max(worst, abs(a - b) / a) }
        XCTAssertLessThanOrEqual(worst, 1e-9)
        XCTAssertNotEqual(backtest.first, backtest.last, "the policy traded")
    }
}
