import Backtest
import Features
import Foundation
import MarketData
import Strategy
import TradingCore
import XCTest

/// Sweep spellings expand to exactly the configurations they name, and a sweep ranks them by
/// Sharpe with the deflated Sharpe ratio counting every one of them.
final class PolicySweepTests: XCTestCase {
    func testRangesExpandToValidConfigurationsOnly() throws {
        XCTAssertEqual(try PolicySweepSpec.expand("sma:10,30"), ["sma:10,30"])
        XCTAssertEqual(try PolicySweepSpec.expand("sma:5..7,6..8"), ["sma:5,6", "sma:5,7", "sma:5,8", "sma:6,7", "sma:6,8", "sma:7,8"])
        XCTAssertEqual(try PolicySweepSpec.expand("sma:5..20/5,30"), ["sma:5,30", "sma:10,30", "sma:15,30", "sma:20,30"])
        XCTAssertEqual(try PolicySweepSpec.expand("sentiment:0.05..0.2/0.05,-0.1"),
                       ["sentiment:0.05,-0.1", "sentiment:0.10,-0.1", "sentiment:0.15,-0.1", "sentiment:0.20,-0.1"])
        XCTAssertEqual(try PolicySweepSpec.expand("sentiment:0.1,-0.2..-0.1/0.05"),
                       ["sentiment:0.1,-0.20", "sentiment:0.1,-0.15", "sentiment:0.1,-0.10"])
        for bad in ["sma:20..5,30", "sma:5..10/0,30", "sma:0.1..0.5,30", "sma:a..b,30", "sma:1..200,1..200", "sma:50..60,10..20"] {
            XCTAssertThrowsError(try PolicySweepSpec.expand(bad), bad) { error in
                XCTAssertTrue(String(describing: error).contains(bad), "\(error)")
            }
        }
    }

    func testSweepRanksBySharpeAndDeflatesOverEveryConfiguration() throws {
        var config = SyntheticMarketConfig()
        config.symbols = ["SWP"]
        config.sessions = 400
        config.seed = 11
        let market = SyntheticMarket.generate(config)
        let series = TradingSeries(series: try XCTUnwrap(market.series.first), sentiment: nil, spec: nil)
        let specs = try PolicySweepSpec.expand("sma:3..8,10..14")
        XCTAssertEqual(specs.count, 30)
        let sweep = try PolicySweep.run(specs: specs, on: series, range: 0..<series.count, config: BacktestConfig())
        XCTAssertEqual(sweep.entries.map(\.rank), Array(1...30))
        XCTAssertEqual(Set(sweep.entries.map(\.policy)), Set(specs))
        let sharpes = sweep.entries.map(\.metrics.sharpe)
        XCTAssertEqual(sharpes, sharpes.sorted(by: >))
        // The best entry is the one the sweep kept in full, and each entry is the plain backtest's figure.
        XCTAssertEqual(sweep.best.policy, sweep.entries[0].policy)
        for entry in sweep.entries.prefix(3) {
            var policy = try PolicySpec.baseline(entry.policy)
            let alone = Backtester.run(any: &policy, on: series, range: 0..<series.count, config: BacktestConfig())
            XCTAssertEqual(alone.metrics.finalEquity, entry.metrics.finalEquity, accuracy: 1e-9)
        }
        let deflated = try XCTUnwrap(sweep.deflated)
        XCTAssertEqual(deflated.trials, 30)
        XCTAssertEqual(deflated.sharpe, sharpes[0], accuracy: 1e-9)
        // More tries of the same kind raise the bar luck alone would clear.
        let one = try XCTUnwrap(SharpeSignificance.deflatedBest(of: [sweep.best.returns], periodsPerYear: 252))
        XCTAssertEqual(one.benchmark, 0)
        XCTAssertGreaterThan(deflated.benchmark, 0)
        XCTAssertLessThanOrEqual(deflated.probability, one.probability)
        let rows = sweep.csv().split(separator: "\n")
        XCTAssertEqual(rows.count, 31)
        XCTAssertTrue(rows[1].hasPrefix("1,\"\(sweep.entries[0].policy)\","), String(rows[1]))
    }
}
