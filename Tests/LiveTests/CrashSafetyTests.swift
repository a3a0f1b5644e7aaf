import Backtest
import Foundation
import Live
import MarketData
import TestSupport
import TradingCore
import XCTest

/// Crash safety of the real runner (`sentrade live --paper --once` as a subprocess) against the
/// simulated Alpaca with ~10% injected faults: SIGKILL at ≥ 50 random points (named crash points
/// inside the cycle, plus kills at random moments from outside), a restart after each, and then
/// no duplicate orders at the broker, no broker order missing from the journal, and positions
/// equal to a fault-free, crash-free run's.
final class CrashSafetyTests: XCTestCase {
    let symbols = ["SYNA", "SYNB"]
    let warmup = 80
    let sessionBars = 72

    func history() -> [String: [Bar]] {
        var config = SyntheticMarketConfig()
        config.symbols = symbols
        config.sessions = warmup + sessionBars + 5
        config.seed = 21
        return Dictionary(uniqueKeysWithValues: SyntheticMarket.generate(config).series.map { ($0.symbol, $0.bars) })
    }

    struct Outcome {
        var positions: [String: Double]
        var brokerOrders: [BrokerOrder]
        var journalOrders: [String: JournalOrder]
        var kills = 0
        var externalKills = 0
        var secondRunsThatSent = 0
        var faults: [String: Int] = [:]
    }

    func session(faultRate: Double, crashes: Bool, seed: UInt64) async throws -> Outcome {
        let config = BacktestConfig(initialCash: 5_000, costs: CostModel(commissionBps: 1, slippageBps: 5))
        let server = try await SimulatedAlpaca(history: history(), config: config, cashPerSymbol: 5_000, published: warmup,
                                               faults: .init(orderFaultRate: faultRate, readFaultRate: faultRate / 3, seed: seed))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-crash-\(UUID().uuidString)")
        let journal = dir.appendingPathComponent("journal.sqlite").path
        let env = ["APCA_API_KEY_ID": "PKCRASHTEST0001", "APCA_API_SECRET_KEY": "crash-test-secret-0001",
                   "ALPACA_TRADING_URL": server.baseURL, "ALPACA_DATA_URL": server.baseURL, "SENTRADE_EMF": "0"]
        let args = ["live", "--paper", "--once", "--symbols", symbols.joined(separator: ","), "--policy", "random:3",
                    "--cash", "10000", "--journal", journal, "--retry-time-scale", "0.001"]
        var rng = SeededGenerator(seed: seed &+ 1000)
        var outcome = Outcome(positions: [:], brokerOrders: [], journalOrders: [:])
        func runClean(_ context: String) throws {
            let r = try CommandRunner.run(args, environment: env)
            XCTAssertEqual(r.status, 0, "\(context): \(r.stderr.suffix(800))")
            XCTAssertFalse(r.signaled, context)
            XCTAssertFalse((r.stdout + r.stderr).contains("crash-test-secret-0001"), "\(context): the secret key was printed")
        }
        for step in 0..<sessionBars {
            server.advance()
            for attempt in 0..<2 where crashes && rng.nextUnit() < (attempt == 0 ? 0.95 : 0.35) {
                if rng.nextUnit() < 0.2 {
                    // From outside, at a random moment of the cycle.
                    let r = try CommandRunner.run(args, environment: env, killAfter: 0.005 + 0.05 * rng.nextUnit())
                    if r.signaled { outcome.externalKills += 1 }
                } else {
                    let point = CrashPoints.all[rng.nextInt(below: CrashPoints.all.count)]
                    let r = try CommandRunner.run(args, environment: env.merging(["SENTRADE_CRASH_AT": "\(point):1"]) { $1 })
                    if r.signaled { outcome.kills += 1 } else { XCTAssertEqual(r.status, 0, "step \(step) \(point): \(r.stderr.suffix(800))") }
                }
            }
            try runClean("step \(step) restart")
            if step % 9 == 0 {
                let before = server.orders.count
                try runClean("step \(step) second --once")
                if server.orders.count != before { outcome.secondRunsThatSent += 1 }
            }
        }
        outcome.positions = Dictionary(uniqueKeysWithValues: server.positions.map { ($0.symbol, $0.quantity) })
        outcome.brokerOrders = server.orders
        let j = try Journal(path: journal, durable: false)
        outcome.journalOrders = Dictionary(uniqueKeysWithValues: try j.orders().map { ($0.clientOrderID, $0) })
        outcome.faults = server.injected
        // The secret never reaches the journal (nor its WAL).
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: journal + suffix) {
                XCTAssertNil(bytes.range(of: Data("crash-test-secret-0001".utf8)), "secret in journal\(suffix)")
            }
        }
        await server.stop()
        return outcome
    }

    func testSIGKILLAtRandomPointsUnderBrokerFaults() async throws {
        let reference = try await session(faultRate: 0, crashes: false, seed: 5)
        let crashed = try await session(faultRate: 0.1, crashes: true, seed: 5)
        let kills = crashed.kills + crashed.externalKills
        print("crash test: \(crashed.kills) kills at crash points + \(crashed.externalKills) external SIGKILLs; faults injected \(crashed.faults); "
              + "\(crashed.brokerOrders.count) broker orders (reference \(reference.brokerOrders.count))")
        XCTAssertGreaterThanOrEqual(kills, 50, "the test must actually kill the runner often")
        XCTAssertGreaterThan(crashed.faults.values.reduce(0, +), 5, "faults must actually be injected")
        XCTAssertGreaterThan(reference.brokerOrders.count, 20, "the policy must trade for the test to mean anything")
        // 0 duplicate orders: at most one broker order per decision (symbol, bar) — counted by the
        // bar the broker received it on, not by client id (a second order would carry another id).
        let ids = crashed.brokerOrders.map(\.clientOrderID)
        let perDecision = Dictionary(grouping: crashed.brokerOrders) { "\($0.symbol)@\($0.submittedAt?.timeIntervalSince1970 ?? 0)" }
        XCTAssertEqual(perDecision.values.filter { $0.count > 1 }.count, 0, "two orders for one decision at the broker")
        XCTAssertEqual(perDecision.count, crashed.brokerOrders.count)
        XCTAssertEqual(Set(ids), Set(reference.brokerOrders.map(\.clientOrderID)), "orders differ from the fault-free run")
        // 0 orders missing from the journal.
        let missing = ids.filter { crashed.journalOrders[$0] == nil }
        XCTAssertEqual(missing, [], "broker orders the journal does not know")
        for (id, order) in crashed.journalOrders where order.state != .rejected {
            XCTAssertEqual(order.state, .done, "\(id) not resolved")
        }
        // Positions equal the fault-free run's.
        XCTAssertEqual(crashed.positions.keys.sorted(), reference.positions.keys.sorted())
        for (symbol, qty) in reference.positions {
            XCTAssertEqual(crashed.positions[symbol] ?? 0, qty, accuracy: 1e-9 * max(abs(qty), 1), symbol)
        }
        XCTAssertEqual(crashed.secondRunsThatSent, 0, "--once run twice for the same bar sent an order")
        XCTAssertEqual(reference.secondRunsThatSent, 0)
    }

    /// An intent journaled before a crash is sent on restart only while its bar is still the
    /// latest; once the market moved on it is dropped and journaled, never sent late.
    func testStaleIntentIsNotSentLate() async throws {
        let server = try await SimulatedAlpaca(history: history(), config: BacktestConfig(initialCash: 5_000), cashPerSymbol: 5_000,
                                               published: warmup)
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-stale-\(UUID().uuidString)/j.sqlite").path
        let env = ["APCA_API_KEY_ID": "PKSTALETEST0001", "APCA_API_SECRET_KEY": "stale-test-secret-01",
                   "ALPACA_TRADING_URL": server.baseURL, "ALPACA_DATA_URL": server.baseURL, "SENTRADE_EMF": "0"]
        let args = ["live", "--paper", "--once", "--symbols", "SYNA", "--policy", "buy-and-hold", "--journal", journal,
                    "--retry-time-scale", "0.001"]
        let killed = try CommandRunner.run(args, environment: env.merging(["SENTRADE_CRASH_AT": "after-journal:1"]) { $1 })
        XCTAssertTrue(killed.signaled, "killed between journaling the intent and sending it")
        XCTAssertEqual(try Journal(path: journal, durable: false).orders(states: [.intent]).count, 1)
        server.advance()
        let restart = try CommandRunner.run(args, environment: env)
        XCTAssertEqual(restart.status, 0, restart.stderr)
        let orders = try Journal(path: journal, durable: false).orders()
        let stale = try XCTUnwrap(orders.first)
        XCTAssertEqual(stale.state, .rejected)
        XCTAssertTrue(stale.reason?.contains("not sent late") ?? false, stale.reason ?? "")
        XCTAssertFalse(server.orders.contains { $0.clientOrderID == stale.clientOrderID }, "the stale intent reached the broker")
        await server.stop()
    }
}
