import Backtest
import Connectors
import Foundation
import Live
import MarketData
import Strategy
import TradingCore
import XCTest

/// The runner in process against the simulated Alpaca: REST bars, clock, orders; `/health` and
/// `/metrics` after a cycle; dry-run journals without sending.
final class LiveRunnerTests: XCTestCase {
    func makeServer(faults: SimulatedAlpaca.Faults = .init()) async throws -> SimulatedAlpaca {
        var config = SyntheticMarketConfig()
        config.symbols = ["SYNA"]
        config.sessions = 160
        let bars = SyntheticMarket.generate(config).series[0].bars
        return try await SimulatedAlpaca(history: ["SYNA": bars], config: BacktestConfig(initialCash: 10_000),
                                         cashPerSymbol: 10_000, published: 100, faults: faults)
    }

    func runner(_ server: SimulatedAlpaca, dryRun: Bool, status: RunnerStatus, stream: Bool = false,
                pollSeconds: Double = 60) throws -> LiveRunner {
        let alpaca = try AlpacaConfig(keyID: "PKRUNNERTEST", secretKey: "runner-secret", dataURL: server.baseURL, tradingURL: server.baseURL)
        let trading = AlpacaTradingClient(config: alpaca, retry: RetryPolicy(timeScale: 0.001))
        let data = AlpacaMarketDataClient(config: alpaca, retry: RetryPolicy(timeScale: 0.001))
        let journal = try Journal(path: FileManager.default.temporaryDirectory
            .appendingPathComponent("sentrade-runner-\(UUID().uuidString)/j.sqlite").path, durable: false)
        let run = try journal.beginRun(mode: dryRun ? "dry-run" : "paper", strategy: "t", config: "{}", version: "test")
        let engine = try LiveEngine(config: SessionConfig(strategy: "t", mode: dryRun ? .dryRun : .paper, symbols: ["SYNA"],
                                                          execution: BacktestConfig(initialCash: 10_000)),
                                    journal: journal, broker: dryRun ? nil : AlpacaBroker(client: trading), run: run,
                                    policy: { _ in BuyAndHoldPolicy() })
        status.configure(mode: "paper", strategy: "t", pollSeconds: 60)
        let updates = stream ? AlpacaTradeUpdates(config: alpaca, retry: RetryPolicy(maxAttempts: 100, baseDelay: 1, maxDelay: 5, timeScale: 0.01))
            : nil
        return LiveRunner(engine: engine, options: .init(once: !stream, pollSeconds: pollSeconds), bars: AlpacaBarSource(client: data),
                          posts: NoPosts(), clock: AlpacaClock(client: trading), tradeUpdates: updates, status: status)
    }

    func testPaperCycleBuysAndHealthReportsIt() async throws {
        let server = try await makeServer()
        let status = RunnerStatus()
        let health = try await HealthEndpoints.start(status: status, port: 0)
        let http = HTTPCore(service: "test", retry: .none)
        let before = try? await http.send(HTTPRequestSpec(url: health.baseURL + "/health"))
        XCTAssertNil(before, "not ready before the first cycle (503)")
        let r = try runner(server, dryRun: false, status: status)
        _ = try await r.run()
        XCTAssertEqual(server.orders.count, 1, "buy-and-hold buys once on the latest bar")
        XCTAssertEqual(try r.engine.journal.bars(symbol: "SYNA").filter(\.warmup).count, 99, "the other published bars warmed up")
        server.advance()
        _ = try await r.run()
        XCTAssertEqual(server.positions.first?.quantity ?? 0, r.engine.engines["SYNA"]?.sleeve.account.shares ?? -1, accuracy: 1e-9)
        let reply = try await http.send(HTTPRequestSpec(url: health.baseURL + "/health"))
        let object = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
        XCTAssertEqual(object?["ready"] as? Bool, true)
        let metrics = String(decoding: try await http.send(HTTPRequestSpec(url: health.baseURL + "/metrics")).body, as: UTF8.self)
        XCTAssertTrue(metrics.contains("sentrade_cycles_total{mode=\"paper\",strategy=\"t\"} 2.0"), metrics)
        await health.stop()
        await server.stop()
    }

    func testDryRunJournalsButSendsNothing() async throws {
        let server = try await makeServer()
        let r = try runner(server, dryRun: true, status: RunnerStatus())
        _ = try await r.run()
        XCTAssertEqual(server.orders.count, 0)
        let orders = try r.engine.journal.orders()
        XCTAssertEqual(orders.count, 1)
        XCTAssertEqual(orders.first?.brokerStatus, "dry-run")
        await server.stop()
    }

    func waitUntil(_ seconds: Double = 10, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return try condition()
    }

    /// Fills arrive on `trade_updates` while the runner waits between cycles; duplicated and
    /// replayed events are booked once; after a dropped stream the reconnect triggers a REST sync.
    func testTradeUpdatesStreamBooksFillsOnce() async throws {
        let server = try await makeServer(faults: .init(duplicateEvents: true, replayEvents: true, dropStreamEvery: 1))
        let r = try runner(server, dryRun: false, status: RunnerStatus(), stream: true, pollSeconds: 3_600)
        let journal = r.engine.journal, control = r.control
        // The runner is used by this one task only; the test reads the journal and the server.
        final class Owned: @unchecked Sendable { let runner: LiveRunner; init(_ r: LiveRunner) { runner = r } }
        let owned = Owned(r)
        let task = Task { try await owned.runner.run() }
        let ready = try await waitUntil { try journal.orders().count == 1 && server.streamListeners == 1 }
        XCTAssertTrue(ready, "one order sent and the stream listening")
        server.advance()
        let filled = try await waitUntil { try journal.fills().count >= 1 }
        XCTAssertTrue(filled, "the fill arrived on the stream")
        try await Task.sleep(nanoseconds: 300_000_000)
        let fills = try journal.fills()
        XCTAssertEqual(fills.count, 1, "duplicates and replays booked once")
        XCTAssertEqual(fills.first?.source, "stream")
        XCTAssertEqual(fills.first?.quantity ?? 0, server.positions.first?.quantity ?? -1, accuracy: 1e-9)
        let reconnected = try await waitUntil { server.streamListeners == 1 }
        XCTAssertTrue(reconnected, "the runner reconnected after the drop")
        control.requestStop("test")
        _ = try await task.value
        await server.stop()
    }
}
