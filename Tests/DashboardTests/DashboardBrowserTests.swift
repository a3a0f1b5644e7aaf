import Features
import Foundation
import Learning
import Live
import Strategy
import TestSupport
import TradingCore
import Workflows
import XCTest

/// The dashboard as a user sees it: a short `live --sim` session, the dashboard on a free
/// loopback port, and headless Chromium reading the rendered page — before and after the journal
/// grows, with the update arriving over server-sent events (no reload).
final class DashboardBrowserTests: XCTestCase {
    static let token = "test-token-0123456789abcdef"

    func testRenderedPageMatchesTheJournalAndUpdatesLive() throws {
        let chromium = try Browser.chromium()
        let dir = try Session.make()
        let dashboard = try DashboardProcess(journal: dir.journal, token: Self.token)
        defer { dashboard.stop() }
        let artifacts = SharedData.packageRoot.appendingPathComponent(".build/test-artifacts/dashboard")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let browser = try Browser(chromium: chromium, profile: dir.root.appendingPathComponent("profile").path)
        defer { browser.quit() }

        try browser.send(["cmd": "open", "url": dashboard.url])
        try browser.wait("document.body.dataset.refreshes >= 1 && !!document.querySelector('#equity-chart')")
        try browser.wait("document.getElementById('live').textContent === 'live'")
        try browser.send(["cmd": "dom", "path": artifacts.appendingPathComponent("snapshot-1.html").path])
        try browser.send(["cmd": "screenshot", "path": artifacts.appendingPathComponent("dashboard-1.png").path])

        let journal = try Journal(path: dir.journal, durable: false)
        let snapshots = try journal.equity()
        let page = try browser.evaluate("""
            JSON.stringify({
              points: +document.querySelector('#equity-chart').dataset.points,
              drawdownPoints: +document.querySelector('#drawdown-chart').dataset.points,
              positions: [...document.querySelectorAll('#positions tbody tr')].map(r => [r.dataset.symbol, +r.dataset.quantity]),
              orders: [...document.querySelectorAll('#orders tbody tr')].map(r => [r.dataset.orderId, r.dataset.state]),
              explained: document.querySelectorAll('#decisions tr[data-explained=true]').length,
              why: document.querySelector('#decisions tr[data-explained=true] .why')?.textContent ?? '',
              loadId: document.body.dataset.loadId, sse: +document.body.dataset.sseEvents
            })
            """)
        struct Page: Decodable {
            var points: Int, drawdownPoints: Int, positions: [[Value]], orders: [[String]], explained: Int, why: String, loadId: String, sse: Int
        }
        let first = try JSONDecoder().decode(Page.self, from: Data(page.utf8))
        XCTAssertGreaterThan(snapshots.count, 100)
        XCTAssertEqual(first.points, snapshots.count, "one equity point per journaled account snapshot")
        XCTAssertEqual(first.drawdownPoints, snapshots.count)
        let marks = try journal.latestMarks()
        XCTAssertEqual(first.positions.map { $0.first?.text ?? "" }, marks.map(\.symbol))
        for (row, mark) in zip(first.positions, marks) {
            XCTAssertEqual(row.last?.number ?? .nan, mark.shares, accuracy: 1e-9, "\(mark.symbol) quantity")
        }
        let orders = try journal.orders(limit: 50)
        XCTAssertEqual(Set(first.orders.map { $0[0] }), Set(orders.map(\.clientOrderID)))
        for row in first.orders {
            XCTAssertEqual(row[1], orders.first { $0.clientOrderID == row[0] }?.state.rawValue, "state of \(row[0])")
        }
        XCTAssertGreaterThan(first.explained, 0, "a PPO decision's explanation is shown")
        XCTAssertTrue(first.why.contains("sentiment shift") && first.why.contains("price shift"), first.why)

        // The journal grows (a new account snapshot, as the runner's next bar writes): nothing but the
        // event stream tells the page, so the new point proves the update arrived by SSE.
        let last = try XCTUnwrap(snapshots.last)
        try journal.recordEquity([JournalEquity(time: last.time.addingTimeInterval(86_400), symbol: "*", equity: last.equity * 1.01,
                                                cash: last.cash, shares: 0, price: 0)], run: 1)
        try browser.wait("document.querySelector('#equity-chart').dataset.points == \(snapshots.count + 1)")
        let after = try browser.evaluate("JSON.stringify({loadId: document.body.dataset.loadId, sse: +document.body.dataset.sseEvents})")
        struct After: Decodable { var loadId: String; var sse: Int }
        let second = try JSONDecoder().decode(After.self, from: Data(after.utf8))
        XCTAssertEqual(second.loadId, first.loadId, "the page was updated in place, not reloaded")
        XCTAssertGreaterThan(second.sse, first.sse, "the update arrived as a server-sent event")
        try browser.send(["cmd": "dom", "path": artifacts.appendingPathComponent("snapshot-2.html").path])
        try browser.send(["cmd": "screenshot", "path": artifacts.appendingPathComponent("dashboard-2.png").path])

        // A pause clicked on the page with the token is queued in the journal for the runner.
        try browser.send(["cmd": "eval", "js": "document.getElementById('token').value = '\(Self.token)'; document.getElementById('by').value = 'browser-test'; document.getElementById('pause').click(); true"])
        try browser.wait("document.getElementById('control-result').textContent.includes('queued')")
        try browser.wait("[...document.querySelectorAll('#control-history tbody tr')].some(r => r.textContent.includes('browser-test'))")
        let controls = try journal.controls()
        XCTAssertEqual(controls.last?.action, .pause)
        XCTAssertEqual(controls.last?.requestedBy, "browser-test")
        XCTAssertTrue(controls.last?.origin.hasPrefix("dashboard 127.0.0.1:") ?? false, controls.last?.origin ?? "")
        print("dashboard screenshots and DOM snapshots: \(artifacts.path)")
    }
}

/// A JSON value that is a string or a number (positions rows mix both).
struct Value: Decodable {
    var text: String?
    var number: Double?
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { text = s } else { number = try c.decode(Double.self) }
    }
}
