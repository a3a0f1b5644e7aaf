import Foundation
import TradingCore

/// The categorical action distribution over one row of logits: log-probabilities, entropy,
/// sampling, and the gradients PPO needs.
///
/// Written with a max-shifted log-sum-exp so large logits never overflow. Math in Double for the
/// per-row scalars (there are only a handful of actions), results in Float.
public enum Categorical {
    /// Writes log-probabilities of a row of `count` logits into `logProbs`.
    @inline(__always)
    public static func logSoftmax(_ logits: UnsafePointer<Float>, count: Int, into logProbs: UnsafeMutablePointer<Float>) {
        var m = logits[0]
        for j in 1..<count where logits[j] > m { m = logits[j] }
        var s = 0.0
        for j in 0..<count { s += Foundation.exp(Double(logits[j] - m)) }
        let lse = Double(m) + Foundation.log(s)
        for j in 0..<count { logProbs[j] = Float(Double(logits[j]) - lse) }
    }

    /// Log-probabilities and probabilities of a row of logits, with one exponential per action.
    @inline(__always)
    public static func logSoftmax(_ logits: UnsafePointer<Float>, count: Int, into logProbs: UnsafeMutablePointer<Float>,
                                  probabilities: UnsafeMutablePointer<Float>) {
        var m = logits[0]
        for j in 1..<count where logits[j] > m { m = logits[j] }
        var s = 0.0
        for j in 0..<count {
            let e = Foundation.exp(Double(logits[j] - m))
            probabilities[j] = Float(e)
            s += e
        }
        let logS = Foundation.log(s)
        let inverse = 1 / s
        for j in 0..<count {
            logProbs[j] = Float(Double(logits[j] - m) - logS)
            probabilities[j] = Float(Double(probabilities[j]) * inverse)
        }
    }

    /// Entropy `-Σ p log p` from probabilities and log-probabilities.
    @inline(__always)
    public static func entropy(logProbs: UnsafePointer<Float>, probabilities: UnsafePointer<Float>, count: Int) -> Float {
        var h: Float = 0
        for j in 0..<count { h -= probabilities[j] * logProbs[j] }
        return h
    }

    /// Entropy `-Σ p log p` of a row of log-probabilities.
    @inline(__always)
    public static func entropy(logProbs: UnsafePointer<Float>, count: Int) -> Float {
        var h = 0.0
        for j in 0..<count {
            let lp = Double(logProbs[j])
            h -= Foundation.exp(lp) * lp
        }
        return Float(h)
    }

    /// Samples an action from a row of log-probabilities by inverting the CDF with one uniform.
    @inline(__always)
    public static func sample(logProbs: UnsafePointer<Float>, count: Int, rng: inout SeededGenerator) -> Int {
        let u = rng.nextUnit()
        var cumulative = 0.0
        for j in 0..<(count - 1) {
            cumulative += Foundation.exp(Double(logProbs[j]))
            if u < cumulative { return j }
        }
        return count - 1
    }

    /// The most probable action (first on ties).
    @inline(__always)
    public static func argmax(_ row: UnsafePointer<Float>, count: Int) -> Int {
        var best = 0
        for j in 1..<count where row[j] > row[best] { best = j }
        return best
    }

    /// Adds to `dLogits` the gradient of `wLogProb · log p(action) + wEntropy · H` w.r.t. the logits:
    /// d log p(a)/dl_j = 1[j = a] − p_j and dH/dl_j = −p_j (log p_j + H).
    @inline(__always)
    public static func accumulateGradient(logProbs: UnsafePointer<Float>, probabilities: UnsafePointer<Float>,
                                          count: Int, action: Int, entropy: Float,
                                          weightLogProb: Float, weightEntropy: Float,
                                          into dLogits: UnsafeMutablePointer<Float>) {
        for j in 0..<count {
            let p = probabilities[j]
            var g = -weightLogProb * p - weightEntropy * p * (logProbs[j] + entropy)
            if j == action { g += weightLogProb }
            dLogits[j] += g
        }
    }
}
