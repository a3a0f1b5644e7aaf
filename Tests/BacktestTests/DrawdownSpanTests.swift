import Backtest
import Features
import Foundation
import MarketData
import Strategy
import TradingCore
import XCTest

/// The max drawdown's start (peak), trough, end (recovery) and duration.
final class DrawdownSpanTests: XCTestCase {
    let days = (0..<8).map { Date(timeIntervalSince1970: 1_600_000_000 + Double($0) * 86_400) }

    func testPeakTroughRecoveryAndDuration() throws {
        let recovered = try XCTUnwrap(DrawdownSpan.largest(equity: [100, 110, 90, 95, 111, 105], times: Array(days.prefix(6))))
        XCTAssertEqual(recovered.depth, 90.0 / 110 - 1, accuracy: 1e-15)
        XCTAssertEqual(recovered.start, days[1])
        XCTAssertEqual(recovered.trough, days[2])
        XCTAssertEqual(recovered.end, days[4])
        XCTAssertEqual(recovered.durationBars, 3)
        // Not recovered: the span runs to the last bar. The deepest fall wins over an earlier one.
        let open = try XCTUnwrap(DrawdownSpan.largest(equity: [100, 95, 101, 120, 80, 90], times: Array(days.prefix(6))))
        XCTAssertEqual(open.start, days[3])
        XCTAssertEqual(open.trough, days[4])
        XCTAssertNil(open.end)
        XCTAssertEqual(open.durationBars, 2)
        XCTAssertNil(DrawdownSpan.largest(equity: [1, 2, 2, 3], times: Array(days.prefix(4))), "a curve that never falls")
    }

    func testDepthIsTheMetricsMaxDrawdown() throws {
        var config = SyntheticMarketConfig()
        config.symbols = ["DD"]
        config.sessions = 500
        let series = TradingSeries(series: try XCTUnwrap(SyntheticMarket.generate(config).series.first), sentiment: nil, spec: nil)
        for spec in ["buy-and-hold", "sma:5,20", "random:3"] {
            var policy = try PolicySpec.baseline(spec)
            let result = Backtester.run(any: &policy, on: series, config: BacktestConfig())
            let span = try XCTUnwrap(result.drawdown, spec)
            XCTAssertEqual(span.depth, result.metrics.maxDrawdown, accuracy: 1e-12, spec)
            XCTAssertLessThan(span.start, span.trough, spec)
        }
    }
}
