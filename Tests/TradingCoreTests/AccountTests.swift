import Foundation
import TradingCore
import XCTest

final class AccountTests: XCTestCase {
    func testBuyThenSellWithCostsByHand() {
        var a = Account(cash: 10_000)
        let costs = CostModel(commissionBps: 10, slippageBps: 5, fixedFee: 1)
        let rules = PositionRules(rebalanceBand: 0)
        let buy = a.rebalance(toExposure: 0.5, price: 100, costs: costs, rules: rules)
        // Target 50 shares; fill at 100.05; commission 50 × 100.05 × 0.001 + 1.
        XCTAssertEqual(buy?.quantity ?? 0, 50, accuracy: 1e-12)
        XCTAssertEqual(buy?.price ?? 0, 100.05, accuracy: 1e-12)
        XCTAssertEqual(buy?.commission ?? 0, 50 * 100.05 * 0.001 + 1, accuracy: 1e-9)
        XCTAssertEqual(a.cash, 10_000 - 50 * 100.05 - (50 * 100.05 * 0.001 + 1), accuracy: 1e-9)
        let sell = a.rebalance(toExposure: 0, price: 110, costs: costs, rules: rules)
        XCTAssertEqual(sell?.quantity ?? 0, 50, accuracy: 1e-12)
        XCTAssertEqual(sell?.price ?? 0, 110 * (1 - 0.0005), accuracy: 1e-12)
        XCTAssertEqual(a.shares, 0)
        XCTAssertEqual(a.costsPaid, (buy?.totalCost ?? 0) + (sell?.totalCost ?? 0), accuracy: 1e-9)
        XCTAssertEqual(a.tradeCount, 2)
    }

    func testFullExposureNeverSpendsMoreThanCash() {
        var a = Account(cash: 1_000)
        let costs = CostModel(commissionBps: 25, slippageBps: 10, fixedFee: 2)
        a.rebalance(toExposure: 1, price: 37.5, costs: costs, rules: PositionRules())
        XCTAssertGreaterThanOrEqual(a.cash, -1e-9)
        XCTAssertGreaterThan(a.exposure(at: 37.5), 0.99)
    }

    func testWholeSharesAndBand() {
        var a = Account(cash: 1_000)
        let rules = PositionRules(fractionalShares: false, rebalanceBand: 0.05)
        a.rebalance(toExposure: 0.5, price: 33, costs: .free, rules: rules)
        XCTAssertEqual(a.shares, 15)
        // Within the band: no trade.
        XCTAssertNil(a.rebalance(toExposure: 0.52, price: 33, costs: .free, rules: rules))
    }

    func testShortingOnlyWhenAllowed() {
        var a = Account(cash: 1_000)
        XCTAssertNil(a.rebalance(toExposure: -1, price: 10, costs: .free, rules: PositionRules()))
        a.rebalance(toExposure: -0.5, price: 10, costs: .free, rules: PositionRules(allowShort: true))
        XCTAssertEqual(a.shares, -50, accuracy: 1e-9)
        XCTAssertEqual(a.equity(at: 10), 1_000, accuracy: 1e-9)
        XCTAssertEqual(a.equity(at: 12), 900, accuracy: 1e-9)
    }

    func testClientOrderIDIsDeterministic() {
        let t = Date(timeIntervalSince1970: 1_420_146_000)
        XCTAssertEqual(Order.clientOrderID(strategy: "ppo fused", symbol: "AAPL", decisionTime: t), "ppo-fused-AAPL-1420146000")
    }
}
