import Foundation

/// One PPO rollout (`nSteps × numEnvs` transitions, time-major) and its GAE(λ) advantages.
///
/// `episodeStarts[t, i]` is true when observation (t, i) begins a new episode — i.e. the previous
/// step of env i ended — which is what masks the bootstrap in GAE (CleanRL's `dones`). Truncated
/// episodes are bootstrapped by the trainer before they get here: it adds γ·V(final observation) to
/// the last reward, as Stable-Baselines3 does, so `episodeStarts` can treat both endings alike.
public final class RolloutBuffer {
    public let nSteps: Int
    public let numEnvs: Int
    public let observationSize: Int
    public let observations: FloatBuffer
    public let actions: Int32Buffer
    public let logProbs: FloatBuffer
    public let values: FloatBuffer
    public let rewards: FloatBuffer
    public var episodeStarts: [Bool]
    public let advantages: FloatBuffer
    public let returns: FloatBuffer

    public init(nSteps: Int, numEnvs: Int, observationSize: Int) {
        self.nSteps = nSteps
        self.numEnvs = numEnvs
        self.observationSize = observationSize
        let n = nSteps * numEnvs
        observations = FloatBuffer(count: n * observationSize)
        actions = Int32Buffer(count: n)
        logProbs = FloatBuffer(count: n)
        values = FloatBuffer(count: n)
        rewards = FloatBuffer(count: n)
        episodeStarts = [Bool](repeating: false, count: n)
        advantages = FloatBuffer(count: n)
        returns = FloatBuffer(count: n)
    }

    public var count: Int { nSteps * numEnvs }

    /// GAE(λ) (Schulman et al. 2016): δ_t = r_t + γ V(s_{t+1}) (1 − start_{t+1}) − V(s_t),
    /// A_t = δ_t + γλ (1 − start_{t+1}) A_{t+1}; returns R_t = A_t + V(s_t). `lastValues` and
    /// `lastEpisodeStarts` describe the observation after the rollout's final step. Computed in
    /// Double, stored in Float.
    public func computeAdvantages(lastValues: UnsafePointer<Float>, lastEpisodeStarts: [Bool],
                                  gamma: Double, lambda: Double) {
        let e = numEnvs
        for i in 0..<e {
            var lastGAE = 0.0
            for t in stride(from: nSteps - 1, through: 0, by: -1) {
                let idx = t * e + i
                let nextNonTerminal: Double
                let nextValue: Double
                if t == nSteps - 1 {
                    nextNonTerminal = lastEpisodeStarts[i] ? 0 : 1
                    nextValue = Double(lastValues[i])
                } else {
                    nextNonTerminal = episodeStarts[idx + e] ? 0 : 1
                    nextValue = Double(values[idx + e])
                }
                let delta = Double(rewards[idx]) + gamma * nextValue * nextNonTerminal - Double(values[idx])
                lastGAE = delta + gamma * lambda * nextNonTerminal * lastGAE
                advantages[idx] = Float(lastGAE)
                returns[idx] = Float(lastGAE + Double(values[idx]))
            }
        }
    }

    /// 1 − Var(returns − values) / Var(returns) (nil when the returns do not vary).
    public var explainedVariance: Double? {
        var sumR = 0.0, sumR2 = 0.0, sumD = 0.0, sumD2 = 0.0
        for i in 0..<count {
            let r = Double(returns[i]), d = r - Double(values[i])
            sumR += r; sumR2 += r * r; sumD += d; sumD2 += d * d
        }
        let n = Double(max(count, 1))
        let varR = sumR2 / n - (sumR / n) * (sumR / n), varD = sumD2 / n - (sumD / n) * (sumD / n)
        return varR > 1e-12 ? 1 - varD / varR : nil
    }
}
