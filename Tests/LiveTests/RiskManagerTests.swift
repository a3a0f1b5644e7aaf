import Foundation
import Live
import TradingCore
import XCTest

/// Each limit of the risk manager, tripped on purpose.
final class RiskManagerTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func context(position: Double = 0, price: Double = 100, equity: Double = 10_000, gross: Double = 0,
                 now: Date? = nil, decisionTime: Date? = nil, lastTrade: Double? = nil, open: Bool? = nil,
                 intraday: Bool = false) -> RiskContext {
        RiskContext(symbol: "AAA", now: now ?? t0, decisionTime: decisionTime ?? t0, position: position, price: price,
                    accountEquity: equity, grossExposureValue: gross, lastTradePrice: lastTrade, marketOpen: open, intraday: intraday)
    }

    func buy(_ qty: Double, price: Double = 100) -> OrderRequest { OrderRequest(side: .buy, quantity: qty, decisionPrice: price) }

    func approvedQuantity(_ v: RiskVerdict) -> Double? {
        if case .approved(let r, _) = v { return r.quantity }
        return nil
    }

    func reason(_ v: RiskVerdict) -> String? {
        if case .rejected(let why) = v { return why }
        return nil
    }

    func testMaxPositionCapsTheBuy() {
        var limits = RiskLimits()
        limits.maxPositionFraction = 0.25
        var risk = RiskManager(limits: limits)
        XCTAssertEqual(approvedQuantity(risk.check(buy(50), context())) ?? 0, 25, accuracy: 1e-9)
        XCTAssertNotNil(reason(risk.check(buy(5), context(position: 25))), "no room left")
    }

    func testMaxOrderNotional() {
        var limits = RiskLimits()
        limits.maxOrderNotional = 1_000
        var risk = RiskManager(limits: limits)
        XCTAssertEqual(approvedQuantity(risk.check(buy(50), context())) ?? 0, 10, accuracy: 1e-9)
    }

    func testMaxGrossExposure() {
        var limits = RiskLimits()
        limits.maxGrossExposure = 0.5
        var risk = RiskManager(limits: limits)
        XCTAssertEqual(approvedQuantity(risk.check(buy(50), context(gross: 4_000))) ?? 0, 10, accuracy: 1e-9)
    }

    func testDailyLossAndDrawdownHalt() {
        var limits = RiskLimits()
        limits.dailyLossHalt = 0.05
        var risk = RiskManager(limits: limits)
        XCTAssertNil(risk.observe(equity: 10_000, at: t0))
        XCTAssertNil(risk.observe(equity: 9_600, at: t0.addingTimeInterval(60)))
        XCTAssertNotNil(risk.observe(equity: 9_400, at: t0.addingTimeInterval(120)))
        XCTAssertEqual(risk.state, .halted)
        XCTAssertTrue(reason(risk.check(buy(1), context()))?.contains("HALTED") ?? false)

        limits = RiskLimits()
        limits.maxDrawdownHalt = 0.1
        risk = RiskManager(limits: limits)
        _ = risk.observe(equity: 10_000, at: t0)
        _ = risk.observe(equity: 12_000, at: t0.addingTimeInterval(86_400 * 3))
        XCTAssertNil(risk.observe(equity: 10_900, at: t0.addingTimeInterval(86_400 * 4)))
        XCTAssertNotNil(risk.observe(equity: 10_700, at: t0.addingTimeInterval(86_400 * 5)), "10.8% below the 12,000 peak")
        XCTAssertEqual(risk.state, .halted)
    }

    func testOrdersPerMinuteThrottle() {
        var limits = RiskLimits()
        limits.maxOrdersPerMinute = 3
        var risk = RiskManager(limits: limits)
        for i in 0..<3 { XCTAssertNotNil(approvedQuantity(risk.check(buy(1), context(now: t0.addingTimeInterval(Double(i)))))) }
        XCTAssertTrue(reason(risk.check(buy(1), context(now: t0.addingTimeInterval(10))))?.contains("throttle") ?? false)
        XCTAssertNotNil(approvedQuantity(risk.check(buy(1), context(now: t0.addingTimeInterval(61)))), "the window moved on")
    }

    func testStaleDataPriceBandAndMarketHours() {
        var limits = RiskLimits()
        limits.maxBarAgeSeconds = 300
        limits.priceBand = 0.05
        var risk = RiskManager(limits: limits)
        XCTAssertTrue(reason(risk.check(buy(1), context(now: t0.addingTimeInterval(600))))?.contains("stale") ?? false)
        XCTAssertTrue(reason(risk.check(buy(1), context(lastTrade: 110)))?.contains("price band") ?? false)
        XCTAssertNotNil(approvedQuantity(risk.check(buy(1), context(lastTrade: 101))))
        XCTAssertTrue(reason(risk.check(buy(1), context(open: false, intraday: true)))?.contains("market closed") ?? false)
        XCTAssertNotNil(approvedQuantity(risk.check(buy(1), context(open: false, intraday: false))), "daily orders queue for the open")
    }

    func testReducingOnlyShrinksPositions() {
        var risk = RiskManager(limits: RiskLimits())
        risk.escalate(to: .reducing, reason: "test")
        XCTAssertNotNil(reason(risk.check(buy(1), context(position: 10))))
        XCTAssertNotNil(approvedQuantity(risk.check(OrderRequest(side: .sell, quantity: 4, decisionPrice: 100), context(position: 10))))
        XCTAssertNotNil(reason(risk.check(OrderRequest(side: .sell, quantity: 30, decisionPrice: 100), context(position: 10))), "a flip is not a reduction")
        risk.resume(reason: "operator")
        XCTAssertEqual(risk.state, .active)
    }
}
