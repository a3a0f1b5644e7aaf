import Backtest
import Foundation
import TradingCore
import XCTest

final class StatisticsTests: XCTestCase {
    func testDeflatedSharpeMatchesThePapersWorkedExample() {
        // Bailey & López de Prado (2014), §: N = 100 trials, V[SR] = 1/2 annualised, T = 1250 daily
        // observations, skewness −3, kurtosis 10, best annualised SR 2.5 (250 days a year).
        let (sr0, dsr) = SharpeSignificance.deflatedSharpe(
            sharpe: 2.5 / 250.0.squareRoot(), observations: 1250, skewness: -3, kurtosis: 10,
            trials: 100, sharpeVariance: 0.5 / 250)
        XCTAssertEqual(sr0, 0.1132, accuracy: 5e-5)
        XCTAssertEqual(dsr, 0.9004, accuracy: 5e-4)
        // One trial: no deflation, PSR against 0.
        XCTAssertEqual(SharpeSignificance.expectedMaximumSharpe(trials: 1, variance: 1), 0)
    }

    func testNormalQuantileInvertsCDF() {
        for p in [1e-9, 0.001, 0.02, 0.3, 0.5, 0.8, 0.975, 0.999999] {
            XCTAssertEqual(NormalDistribution.cdf(NormalDistribution.quantile(p)), p, accuracy: 1e-12 + p * 1e-9)
        }
        XCTAssertEqual(NormalDistribution.quantile(0.975), 1.959963984540054, accuracy: 1e-9)
    }

    func testMomentsByHand() {
        let m = ReturnMoments([1, 2, 3, 4, 10])
        XCTAssertEqual(m.mean, 4)
        XCTAssertEqual(m.standardDeviation, (50.0 / 4).squareRoot(), accuracy: 1e-12)
        // Population moments: m2 = 10, m3 = (−27 −8 −1 +0 +216)/5 = 36, m4 = (81+16+1+0+1296)/5 = 278.8.
        XCTAssertEqual(m.skewness, 36 / pow(10, 1.5), accuracy: 1e-12)
        XCTAssertEqual(m.kurtosis, 278.8 / 100, accuracy: 1e-12)
    }

    /// The 95% interval covers the true Sharpe of a series with known Sharpe in ≈ 95% of repetitions.
    func testBootstrapIntervalCoverage() {
        var rng = SeededGenerator(seed: 2024)
        let trueSharpe = 0.08  // per period (≈ 1.27 annualised)
        let repetitions = 200
        var covered = 0
        for rep in 0..<repetitions {
            let r = (0..<500).map { _ in 0.01 * (trueSharpe + rng.nextGaussian()) }
            let boot = StationaryBootstrap(samples: 400, meanBlockLength: 1, seed: UInt64(rep))
            let ci = boot.interval(r) { ReturnMoments($0).sharpe }
            if ci.contains(trueSharpe) { covered += 1 }
        }
        let coverage = Double(covered) / Double(repetitions)
        XCTAssertEqual(coverage, 0.95, accuracy: 0.04, "coverage \(coverage)")
    }

    func testPairedBootstrapProbability() {
        var rng = SeededGenerator(seed: 1)
        let base = (0..<750).map { _ in 0.01 * rng.nextGaussian() }
        let better = base.map { $0 + 0.002 }
        let boot = StationaryBootstrap(samples: 500)
        XCTAssertGreaterThan(boot.probabilityGreater(better, base) { ReturnMoments($0).sharpe }, 0.99)
        XCTAssertEqual(boot.probabilityGreater(base, base) { ReturnMoments($0).sharpe }, 0.5, accuracy: 1e-12)
    }

    func testMCCAndAccuracy() {
        let s = BinaryClassificationScore(predicted: [true, true, false, false, true], actual: [true, false, false, true, true])
        XCTAssertEqual(s.accuracy, 0.6)
        // TP 2, TN 1, FP 1, FN 1 → (2 − 1) / √(3·3·2·2) = 1/6.
        XCTAssertEqual(s.mcc, 1.0 / 6, accuracy: 1e-12)
    }
}

final class WalkForwardTests: XCTestCase {
    let sessions = NYSECalendar().sessions(from: LocalDate(year: 2014, month: 1, day: 1) ?? LocalDate(daysSinceEpoch: 0),
                                           to: LocalDate(year: 2015, month: 12, day: 31) ?? LocalDate(daysSinceEpoch: 0)).map(\.date)

    func testExpandingFoldsNeverOverlapTheirTest() throws {
        let plan = try WalkForwardPlan.make(sessions: sessions, folds: 4)
        XCTAssertEqual(plan.folds.count, 4)
        var previousEnd = 0
        for f in plan.folds {
            XCTAssertEqual(f.train.lowerBound, 0)
            XCTAssertEqual(f.train.upperBound, f.test.lowerBound)
            XCTAssertGreaterThanOrEqual(f.test.lowerBound, previousEnd)
            previousEnd = f.test.upperBound
        }
        XCTAssertEqual(previousEnd, sessions.count)
        let rolling = try WalkForwardPlan.make(sessions: sessions, folds: 3, window: .rolling(sessions: 150))
        XCTAssertTrue(rolling.folds.allSatisfy { $0.train.count == 150 || $0.train.lowerBound == 0 })
    }

    func testImpossiblePlansAreRefusedWithReasons() {
        XCTAssertThrowsError(try WalkForwardPlan.make(sessions: Array(sessions.prefix(100)), folds: 4)) {
            XCTAssertEqual(String(describing: $0), "only 100 sessions in the period; this plan needs at least 200 (use fewer folds or a longer period)")
        }
        let d = { (s: String) in LocalDate(s) ?? LocalDate(daysSinceEpoch: 0) }
        XCTAssertThrowsError(try WalkForwardPlan.explicit(sessions: sessions, train: d("2014-01-01")...d("2015-06-30"),
                                                          test: d("2015-06-01")...d("2015-12-31")))
        XCTAssertThrowsError(try WalkForwardPlan.explicit(sessions: sessions, train: d("2014-01-01")...d("2015-06-30"),
                                                          test: d("2015-07-01")...d("2015-07-10")))
        let ok = try? WalkForwardPlan.explicit(sessions: sessions, train: d("2014-01-01")...d("2015-06-30"), test: d("2015-07-01")...d("2015-12-31"))
        XCTAssertEqual(ok?.folds.first?.test.count, 128)
    }
}
