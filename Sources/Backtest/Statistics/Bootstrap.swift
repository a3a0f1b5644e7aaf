import Foundation
import TradingCore

/// Resampling of daily returns that keeps their serial dependence: the stationary bootstrap of
/// Politis & Romano (1994), blocks of geometric length with mean `meanBlockLength`, wrapping
/// around the end. Seeded, so a report is reproducible.
public struct StationaryBootstrap: Sendable {
    public var samples: Int
    public var meanBlockLength: Double
    public var seed: UInt64

    public init(samples: Int = 2_000, meanBlockLength: Double = 10, seed: UInt64 = 0) {
        self.samples = max(samples, 1)
        self.meanBlockLength = max(meanBlockLength, 1)
        self.seed = seed
    }

    /// Fills `indices` with one resampled index sequence over `0..<n`.
    func resample(_ n: Int, into indices: inout [Int], rng: inout SeededGenerator) {
        let restart = 1 / meanBlockLength
        var i = rng.nextInt(below: n)
        for k in 0..<n {
            if k > 0 {
                i = rng.nextUnit() < restart ? rng.nextInt(below: n) : (i + 1 == n ? 0 : i + 1)
            }
            indices[k] = i
        }
    }

    /// Percentile confidence interval of a statistic of one series.
    public func interval(_ returns: [Double], level: Double = 0.95, statistic: ([Double]) -> Double) -> ClosedRange<Double> {
        let n = returns.count
        guard n > 2 else { return 0...0 }
        var rng = SeededGenerator(seed: seed)
        var indices = [Int](repeating: 0, count: n)
        var sample = [Double](repeating: 0, count: n)
        var stats: [Double] = []
        stats.reserveCapacity(samples)
        for _ in 0..<samples {
            resample(n, into: &indices, rng: &rng)
            for k in 0..<n { sample[k] = returns[indices[k]] }
            stats.append(statistic(sample))
        }
        stats.sort()
        let lo = stats[Int((Double(samples - 1) * (1 - level) / 2).rounded())]
        let hi = stats[Int((Double(samples - 1) * (1 + level) / 2).rounded())]
        return lo...hi
    }

    /// Share of paired resamples (the same days for both series) in which `statistic(a)` exceeds
    /// `statistic(b)`: the bootstrap probability that A beats B.
    public func probabilityGreater(_ a: [Double], _ b: [Double], statistic: ([Double]) -> Double) -> Double {
        let n = min(a.count, b.count)
        guard n > 2 else { return 0.5 }
        var rng = SeededGenerator(seed: seed)
        var indices = [Int](repeating: 0, count: n)
        var sa = [Double](repeating: 0, count: n), sb = sa
        var wins = 0.0
        for _ in 0..<samples {
            resample(n, into: &indices, rng: &rng)
            for k in 0..<n {
                sa[k] = a[indices[k]]
                sb[k] = b[indices[k]]
            }
            let x = statistic(sa), y = statistic(sb)
            wins += x > y ? 1 : (x == y ? 0.5 : 0)
        }
        return wins / Double(samples)
    }

    /// Percentile interval of `statistic(a) − statistic(b)` over paired resamples (same days).
    public func intervalOfDifference(_ a: [Double], _ b: [Double], level: Double = 0.95,
                                     statistic: ([Double]) -> Double) -> ClosedRange<Double> {
        let n = min(a.count, b.count)
        guard n > 2 else { return 0...0 }
        var rng = SeededGenerator(seed: seed)
        var indices = [Int](repeating: 0, count: n)
        var sa = [Double](repeating: 0, count: n), sb = sa
        var stats: [Double] = []
        stats.reserveCapacity(samples)
        for _ in 0..<samples {
            resample(n, into: &indices, rng: &rng)
            for k in 0..<n {
                sa[k] = a[indices[k]]
                sb[k] = b[indices[k]]
            }
            stats.append(statistic(sa) - statistic(sb))
        }
        stats.sort()
        return stats[Int((Double(samples - 1) * (1 - level) / 2).rounded())]...stats[Int((Double(samples - 1) * (1 + level) / 2).rounded())]
    }

    /// Annualised Sharpe ratio of simple returns (the statistic most reports bootstrap).
    public static func annualisedSharpe(_ periodsPerYear: Double) -> ([Double]) -> Double {
        { r in ReturnMoments(r).sharpe * periodsPerYear.squareRoot() }
    }
}

/// Accuracy and Matthews correlation coefficient of binary up/down predictions, as the StockNet
/// paper reports them.
public struct BinaryClassificationScore: Sendable, Hashable, Codable {
    public var truePositives = 0, trueNegatives = 0, falsePositives = 0, falseNegatives = 0

    public init(predicted: [Bool], actual: [Bool]) {
        for (p, a) in zip(predicted, actual) {
            switch (p, a) {
            case (true, true): truePositives += 1
            case (false, false): trueNegatives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            }
        }
    }

    public var count: Int { truePositives + trueNegatives + falsePositives + falseNegatives }
    public var accuracy: Double { count > 0 ? Double(truePositives + trueNegatives) / Double(count) : 0 }

    /// (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)); 0 when a margin is empty.
    public var mcc: Double {
        let tp = Double(truePositives), tn = Double(trueNegatives), fp = Double(falsePositives), fn = Double(falseNegatives)
        let d = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)).squareRoot()
        return d > 0 ? (tp * tn - fp * fn) / d : 0
    }
}
