import Features
import Foundation
import MarketData
import TradingCore
import XCTest

final class FeaturePipelineTests: XCTestCase {
    func syntheticBars(_ n: Int, seed: UInt64) -> [Bar] {
        var config = SyntheticMarketConfig()
        config.symbols = ["X"]
        config.sessions = n
        config.seed = seed
        return SyntheticMarket.generate(config).series[0].bars
    }

    /// Property: changing any bar (or sentiment) after t leaves every observation row ≤ t unchanged.
    func testNoLookAhead() {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<25 {
            let n = 120 + rng.nextInt(below: 200)
            let bars = syntheticBars(n, seed: UInt64(trial))
            let sentiment = (0..<n).map { _ in SentimentFeatures(values: (0..<8).map { _ in rng.nextGaussian() }) }
            let spec = FeatureSpec.fused(window: 1 + rng.nextInt(below: 12))
            let base = FeatureMatrix(spec: spec, bars: bars, sentiment: sentiment)
            let t = rng.nextInt(below: n - 1)
            var changedBars = bars
            var changedSentiment = sentiment
            for i in (t + 1)..<n {
                let k = 0.5 + 2 * rng.nextUnit()
                changedBars[i] = Bar(time: bars[i].time, open: bars[i].open * k, high: bars[i].high * k * 1.1,
                                     low: bars[i].low * k * 0.9, close: bars[i].close * k, volume: bars[i].volume * 3)
                changedSentiment[i] = SentimentFeatures(values: (0..<8).map { _ in rng.nextGaussian() * 5 })
            }
            let changed = FeatureMatrix(spec: spec, bars: changedBars, sentiment: changedSentiment)
            let cut = (t + 1) * base.columns
            XCTAssertEqual(Array(base.values[0..<cut]), Array(changed.values[0..<cut]), "trial \(trial): rows ≤ \(t) changed")
            XCTAssertNotEqual(Array(base.values[cut...]), Array(changed.values[cut...]), "trial \(trial): the test must change something")
        }
    }

    func testRowsAreFiniteAndClipped() {
        let bars = syntheticBars(400, seed: 3)
        let m = FeatureMatrix(spec: .fused(), bars: bars)
        XCTAssertEqual(m.columns, 17)
        XCTAssertTrue(m.values.allSatisfy { $0.isFinite && abs($0) <= 5 })
        XCTAssertEqual(m.firstWarmRow, FeatureSpec.fused().warmupBars - 1)
        // After warm-up, z-scored returns have roughly unit scale.
        let col = (m.firstWarmRow..<m.rows).map { Double(m.values[$0 * m.columns]) }
        let mean = col.reduce(0, +) / Double(col.count)
        let sd = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(col.count)).squareRoot()
        XCTAssertEqual(sd, 1, accuracy: 0.35)
    }

    func testIndicatorsByHand() {
        var s = RollingStats(capacity: 3)
        for x in [1.0, 2, 3, 10] { s.push(x) }
        XCTAssertEqual(s.mean, 5, accuracy: 1e-12)
        let expectedSD: Double = ((9.0 + 4.0 + 25.0) / 2.0).squareRoot()  // values 2, 3, 10 around mean 5
        XCTAssertEqual(s.standardDeviation, expectedSD, accuracy: 1e-12)
        XCTAssertEqual(s.value(ago: 0), 10)
        XCTAssertEqual(s.value(ago: 2), 2)
        XCTAssertNil(s.value(ago: 3))
        var rsi = WilderRSI(period: 2)
        XCTAssertNil(rsi.push(10))
        XCTAssertNil(rsi.push(11))
        // Changes +1, −0.5: avg gain 0.5, avg loss 0.25 → RS 2 → RSI 66.67.
        XCTAssertEqual(rsi.push(10.5) ?? 0, 100 - 100 / 3, accuracy: 1e-9)
        var ema = EMA(period: 3)
        ema.push(2)
        XCTAssertEqual(ema.push(4), 3, accuracy: 1e-12)
    }

    func testSpecDifferencesAreNamed() {
        let diffs = FeatureSpec.fused(window: 10).differences(from: .priceOnly(window: 5))
        XCTAssertTrue(diffs.contains { $0.hasPrefix("unexpected features: sent_post_count") }, "\(diffs)")
        XCTAssertTrue(diffs.contains("window 10 vs 5"))
        XCTAssertTrue(FeatureSpec.fused().differences(from: .fused()).isEmpty)
    }

    func testSyntheticMarketIsDeterministicAndHasItsSignal() {
        var config = SyntheticMarketConfig()
        config.sessions = 600
        let a = SyntheticMarket.generate(config), b = SyntheticMarket.generate(config)
        XCTAssertEqual(a.series, b.series)
        XCTAssertEqual(a.posts, b.posts)
        config.seed += 1
        XCTAssertNotEqual(SyntheticMarket.generate(config).series, a.series)
        for (symbol, rho) in a.realisedSignal {
            XCTAssertEqual(rho, config.signalStrength, accuracy: 0.1, symbol)
        }
        // Posts fall inside each session's window and include spam.
        let posts = a.posts["SYNA"] ?? []
        XCTAssertGreaterThan(posts.count, 600 * 10)
        XCTAssertTrue(posts.contains { $0.text.contains("http://t.co/") })
    }
}
