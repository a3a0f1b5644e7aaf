import Foundation

/// The probabilistic and deflated Sharpe ratios of Bailey & López de Prado: how likely a Sharpe
/// ratio is to exceed a benchmark given the sample's length, skewness and kurtosis, and the
/// benchmark that `N` independent tries would have reached by luck alone.
///
/// All Sharpe ratios here are per period (not annualised).
public enum SharpeSignificance {
    /// Euler–Mascheroni constant.
    static let eulerGamma = 0.5772156649015329

    /// PSR(SR*) = Φ((SR − SR*) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 SR²)).
    public static func probabilisticSharpe(sharpe sr: Double, benchmark: Double, observations t: Int,
                                           skewness: Double, kurtosis: Double) -> Double {
        guard t > 1 else { return 0.5 }
        let denominator = 1 - skewness * sr + (kurtosis - 1) / 4 * sr * sr
        guard denominator > 0 else { return sr > benchmark ? 1 : 0 }
        return NormalDistribution.cdf((sr - benchmark) * Double(t - 1).squareRoot() / denominator.squareRoot())
    }

    /// The expected maximum Sharpe ratio of `trials` independent strategies with no skill whose
    /// Sharpe estimates have variance `variance`:
    /// SR₀ = √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))).
    public static func expectedMaximumSharpe(trials: Int, variance: Double) -> Double {
        guard trials > 1, variance > 0 else { return 0 }
        let n = Double(trials)
        return variance.squareRoot() * ((1 - eulerGamma) * NormalDistribution.quantile(1 - 1 / n)
            + eulerGamma * NormalDistribution.quantile(1 - 1 / (n * M_E)))
    }

    /// DSR = PSR(SR₀): the probability that the true Sharpe exceeds what `trials` tries would give
    /// by luck. Worked example of the paper (N = 100, V = 0.5/250, T = 1250, γ₃ = −3, γ₄ = 10,
    /// SR = 2.5/√250): SR₀ ≈ 0.1132, DSR ≈ 0.9004.
    public static func deflatedSharpe(sharpe sr: Double, observations t: Int, skewness: Double, kurtosis: Double,
                                      trials: Int, sharpeVariance: Double) -> (benchmark: Double, probability: Double) {
        let sr0 = expectedMaximumSharpe(trials: trials, variance: sharpeVariance)
        return (sr0, probabilisticSharpe(sharpe: sr, benchmark: sr0, observations: t, skewness: skewness, kurtosis: kurtosis))
    }

    /// The deflated Sharpe ratio of the best of several configurations tried on the same data:
    /// the variance of their Sharpe estimates sets the luck benchmark, the best one's return
    /// moments its probability of beating it. Sharpe ratios are annualised with `periodsPerYear`.
    public struct BestOfTrials: Sendable, Hashable, Codable {
        /// Index of the best configuration in the input.
        public var best: Int
        /// Configurations counted (those with more than two returns).
        public var trials: Int
        public var sharpe: Double
        /// The Sharpe ratio the best of `trials` skill-less tries would reach by luck.
        public var benchmark: Double
        /// DSR: the probability that the best configuration's true Sharpe exceeds that benchmark.
        public var probability: Double
    }

    /// - Parameters:
    ///   - pick: the configuration that was chosen (default: the one with the best Sharpe).
    ///   - otherTrials: per-period Sharpe ratios of configurations tried on other data before this
    ///     (a tuning run's trials): they count in N and in the variance, but cannot be the pick.
    public static func deflatedBest(of returns: [[Double]], periodsPerYear: Double, pick: Int? = nil,
                                    otherTrials: [Double] = []) -> BestOfTrials? {
        let counted = returns.indices.filter { returns[$0].count > 2 }
        let own = counted.map { ReturnMoments(returns[$0]).sharpe }
        let bestPosition: Int?
        if let pick { bestPosition = counted.firstIndex(of: pick) } else { bestPosition = own.indices.max { own[$0] < own[$1] } }
        guard let bestPosition else { return nil }
        let sharpes = own + otherTrials.filter(\.isFinite)
        let mean = sharpes.reduce(0, +) / Double(sharpes.count)
        let variance = sharpes.count > 1 ? sharpes.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(sharpes.count - 1) : 0
        let m = ReturnMoments(returns[counted[bestPosition]])
        let (sr0, p) = deflatedSharpe(sharpe: m.sharpe, observations: m.count, skewness: m.skewness, kurtosis: m.kurtosis,
                                      trials: sharpes.count, sharpeVariance: variance)
        let annual = periodsPerYear.squareRoot()
        return BestOfTrials(best: counted[bestPosition], trials: sharpes.count, sharpe: m.sharpe * annual,
                            benchmark: sr0 * annual, probability: p)
    }
}
