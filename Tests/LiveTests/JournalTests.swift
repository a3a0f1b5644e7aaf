import Backtest
import Foundation
import Live
import TradingCore
import XCTest

final class JournalTests: XCTestCase {
    func temporaryPath(_ name: String = "journal.sqlite") -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-journal-\(UUID().uuidString)")
        return dir.appendingPathComponent(name).path
    }

    /// Cumulative reports book each slice once: duplicated and replayed reports add nothing, and the
    /// slice price comes from the change in cumulative notional.
    func testBrokerReportsBookFillsOnce() throws {
        let journal = try Journal(path: temporaryPath(), durable: false)
        let run = try journal.beginRun(mode: "test", strategy: "s", config: "{}", version: "test")
        let t = Date(timeIntervalSince1970: 1_700_000_000)
        let bar = JournalBar(symbol: "AAA", seq: 0, bar: Bar(time: t, open: 10, high: 11, low: 9, close: 10, volume: 100),
                             sentiment: .none, featureHash: "-", warmup: false)
        let intent = JournalOrder(clientOrderID: "s-AAA-1", symbol: "AAA", seq: 0, side: .buy, quantity: 10, decisionTime: t,
                                  decisionPrice: 10, closesPosition: false, state: .intent, filledQuantity: 0,
                                  commission: 0, slippage: 0)
        try journal.recordCycle(bar: bar, decision: JournalDecision(symbol: "AAA", seq: 0, time: t, decision: "target:1",
                                                                   exposure: 0, equity: 100),
                                intent: intent, run: run)
        XCTAssertEqual(try journal.order(clientOrderID: "s-AAA-1")?.state, .intent)
        func report(_ qty: Double, _ avg: Double, _ status: String) -> BrokerReport {
            BrokerReport(clientOrderID: "s-AAA-1", brokerOrderID: "b1", status: status, filledQuantity: qty,
                         filledAveragePrice: avg, time: t, source: "poll")
        }
        let first = try journal.applyBrokerReport(report(4, 10, "partially_filled"), appliedSeq: 1, run: run)
        XCTAssertEqual(first?.quantity ?? 0, 4, accuracy: 1e-12)
        XCTAssertNil(try journal.applyBrokerReport(report(4, 10, "partially_filled"), appliedSeq: 1, run: run), "duplicate")
        let second = try journal.applyBrokerReport(report(10, 10.6, "filled"), appliedSeq: 1, run: run)
        XCTAssertEqual(second?.quantity ?? 0, 6, accuracy: 1e-12)
        XCTAssertEqual(second?.price ?? 0, (10.6 * 10 - 40) / 6, accuracy: 1e-9)
        XCTAssertNil(try journal.applyBrokerReport(report(4, 10, "partially_filled"), appliedSeq: 2, run: run), "replayed old event")
        XCTAssertEqual(try journal.fills().map(\.quantity).reduce(0, +), 10, accuracy: 1e-12)
        XCTAssertEqual(try journal.order(clientOrderID: "s-AAA-1")?.state, .done)
    }
}
