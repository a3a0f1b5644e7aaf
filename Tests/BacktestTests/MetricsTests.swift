import Backtest
import Strategy
import Features
import Foundation
import TradingCore
import XCTest

final class MetricsTests: XCTestCase {
    func testHandComputedValues() {
        // Returns: +10%, −10%, +5%, −2%.
        let e = [100.0, 110, 99, 103.95, 101.871]
        let m = PerformanceMetrics.compute(equity: e, exposures: [1, 1, 0, 1][...], periodsPerYear: 252,
                                           tradedNotional: 400, trades: 3, roundTrips: [5, -1, 2], costsPaid: 1.5)
        let r = [0.1, -0.1, 0.05, -0.02]
        let mean = r.reduce(0, +) / 4
        let sd = (r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        XCTAssertEqual(m.totalReturn, 0.01871, accuracy: 1e-12)
        XCTAssertEqual(m.sharpe, mean / sd * sqrt(252), accuracy: 1e-9)
        XCTAssertEqual(m.annualVolatility, sd * sqrt(252), accuracy: 1e-12)
        let downside = ((0.01 + 0.0004) / 4).squareRoot() * sqrt(252)
        XCTAssertEqual(m.sortino, mean * 252 / downside, accuracy: 1e-9)
        XCTAssertEqual(m.maxDrawdown, 99.0 / 110 - 1, accuracy: 1e-12)
        XCTAssertEqual(m.cagr, pow(1.01871, 252.0 / 4) - 1, accuracy: 1e-9)
        XCTAssertEqual(m.calmar, m.cagr / (1 - 99.0 / 110), accuracy: 1e-9)
        XCTAssertEqual(m.winRate, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(m.exposure, 0.75)
        XCTAssertEqual(m.turnover, 400 / (e.reduce(0, +) / 5) / (4.0 / 252), accuracy: 1e-9)
        XCTAssertEqual(m.trades, 3)
        XCTAssertEqual(m.finalEquity, 101.871)
    }

    func testDegenerateCurves() {
        let flat = PerformanceMetrics.compute(equity: [100, 100, 100], exposures: [0, 0][...], periodsPerYear: 252,
                                              tradedNotional: 0, trades: 0, roundTrips: [], costsPaid: 0)
        XCTAssertEqual(flat.sharpe, 0)
        XCTAssertEqual(flat.sortino, 0)
        XCTAssertEqual(flat.maxDrawdown, 0)
        XCTAssertEqual(flat.calmar, 0)
        let single = PerformanceMetrics.compute(equity: [100], exposures: [][...], periodsPerYear: 252,
                                                tradedNotional: 0, trades: 0, roundTrips: [], costsPaid: 0)
        XCTAssertEqual(single.periods, 0)
    }

    func testBaselinesOnAKnownSeries() {
        // Rising then falling prices: buy-and-hold ends at the last close; SMA exits on the fall.
        let closes: [Double] = (0..<60).map { (i: Int) -> Double in i < 40 ? 100.0 + Double(i) : 140.0 - 3.0 * Double(i - 40) }
        let bars = closes.enumerated().map { i, c in
            Bar(time: Date(timeIntervalSince1970: Double(i) * 86_400), open: c, high: c, low: c, close: c, volume: 1)
        }
        let series = TradingSeries(series: BarSeries(symbol: "K", bars: bars), spec: nil)
        let config = BacktestConfig(initialCash: 1_000, costs: .free, fill: .close)
        var bh = BuyAndHoldPolicy()
        let r = Backtester.run(&bh, on: series, config: config)
        XCTAssertEqual(r.metrics.finalEquity, 1_000 * closes[59] / closes[0], accuracy: 1e-9)
        XCTAssertEqual(r.metrics.trades, 1)
        var sma = SMACrossoverPolicy(fast: 3, slow: 10)
        let s = Backtester.run(&sma, on: series, config: config)
        XCTAssertEqual(s.metrics.trades, 2)
        XCTAssertGreaterThan(s.metrics.finalEquity, r.metrics.finalEquity)
        XCTAssertEqual(s.metrics.winRate, 1)
    }
}
