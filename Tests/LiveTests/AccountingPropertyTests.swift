import Backtest
import Foundation
import Live
import TradingCore
import XCTest

/// Seeded randomised properties of the accounting and the journal (many generated cases per run).
final class AccountingPropertyTests: XCTestCase {
    /// After any sequence of sized orders, partial executions (gaps, caps) and refusals:
    /// equity = cash + shares × price, costs ≥ 0, and a long-only account never goes short or
    /// below zero cash.
    func testEquityIdentityUnderRandomOrderSequences() {
        var rng = SeededGenerator(seed: 2024)
        for trial in 0..<300 {
            let allowShort = trial % 3 == 0
            let rules = PositionRules(allowShort: allowShort, fractionalShares: trial % 4 != 0, rebalanceBand: rng.nextUnit() * 0.05)
            let costs = CostModel(commissionBps: rng.nextUnit() * 20, slippageBps: rng.nextUnit() * 20, fixedFee: rng.nextUnit() < 0.3 ? 1 : 0)
            var account = Account(cash: 1_000 + rng.nextUnit() * 50_000)
            var price = 10 + rng.nextUnit() * 200
            var fills: [Fill] = []
            for _ in 0..<60 {
                let target = allowShort ? rng.nextUnit() * 2 - 1 : rng.nextUnit()
                guard let request = account.order(toExposure: target, price: price, costs: costs, rules: rules) else { continue }
                price *= exp(rng.nextGaussian() * 0.05)  // the fill bar opens somewhere else
                if let fill = account.execute(request, price: price, costs: costs, rules: rules) { fills.append(fill) }
                XCTAssertEqual(account.equity(at: price), account.cash + account.shares * price, accuracy: 1e-9 * max(account.cash, 1))
                XCTAssertGreaterThanOrEqual(account.costsPaid, 0)
                if !allowShort {
                    XCTAssertGreaterThanOrEqual(account.shares, 0, "trial \(trial)")
                    XCTAssertGreaterThanOrEqual(account.cash, -1e-6, "trial \(trial)")
                }
            }
            // Re-booking the same fills from scratch gives the same account (what journal replay relies on).
            var replay = Account(cash: account.cash + fills.reduce(0) { $0 + ($1.side == .buy ? $1.notional + $1.commission : -$1.notional + $1.commission) })
            for f in fills { replay.apply(f) }
            XCTAssertEqual(replay.shares, account.shares, accuracy: 1e-9)
            XCTAssertEqual(replay.cash, account.cash, accuracy: 1e-6)
        }
    }

    /// Broker reports in any order, duplicated, replayed and partial, book exactly the broker's
    /// cumulative fills: replaying the journal's fills rebuilds the position exactly.
    func testJournalBooksCumulativeReportsExactlyOnce() throws {
        var rng = SeededGenerator(seed: 77)
        for trial in 0..<40 {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-prop-\(UUID().uuidString)/j.sqlite").path
            let journal = try Journal(path: path, durable: false)
            let run = try journal.beginRun(mode: "test", strategy: "p", config: "{}", version: "test")
            let t = Date(timeIntervalSince1970: 1_700_000_000)
            let qty = 1 + rng.nextUnit() * 100
            let bar = JournalBar(symbol: "P", seq: 0, bar: Bar(time: t, open: 1, high: 1, low: 1, close: 1, volume: 1),
                                 sentiment: .none, featureHash: "-", warmup: false)
            try journal.recordCycle(bar: bar, decision: JournalDecision(symbol: "P", seq: 0, time: t, decision: "target:1", exposure: 0, equity: 1),
                                    intent: JournalOrder(clientOrderID: "p-\(trial)", symbol: "P", seq: 0, side: .buy, quantity: qty,
                                                         decisionTime: t, decisionPrice: 10, closesPosition: false), run: run)
            // The broker's true sequence of cumulative states.
            var cumulative: [(Double, Double)] = []
            var filled = 0.0, notional = 0.0
            while filled < qty - 1e-9 {
                let slice = min(qty - filled, rng.nextUnit() * qty * 0.6 + 1e-3)
                let price = 10 + rng.nextGaussian()
                filled += slice
                notional += slice * price
                cumulative.append((filled, notional / filled))
            }
            // Delivered with duplicates and stale replays mixed in, in order of arrival.
            var delivered: [(Double, Double)] = []
            for (i, c) in cumulative.enumerated() {
                delivered.append(c)
                if rng.nextUnit() < 0.5 { delivered.append(c) }
                if i > 0, rng.nextUnit() < 0.5 { delivered.append(cumulative[rng.nextInt(below: i)]) }
            }
            for (k, (q, avg)) in delivered.enumerated() {
                let status = abs(q - qty) < 1e-9 && k == delivered.count - 1 ? "filled" : "partially_filled"
                _ = try journal.applyBrokerReport(BrokerReport(clientOrderID: "p-\(trial)", brokerOrderID: "b", status: status,
                                                               filledQuantity: q, filledAveragePrice: avg, time: t, source: "prop"),
                                                  appliedSeq: 1, run: run)
            }
            let fills = try journal.fills()
            XCTAssertEqual(fills.map(\.quantity).reduce(0, +), qty, accuracy: 1e-9, "trial \(trial)")
            XCTAssertEqual(fills.map { $0.quantity * $0.price }.reduce(0, +), notional, accuracy: 1e-6, "trial \(trial): notional")
            var account = Account(cash: 10_000)
            for f in fills { account.apply(f.fill) }
            XCTAssertEqual(account.shares, qty, accuracy: 1e-9)
        }
    }
}
