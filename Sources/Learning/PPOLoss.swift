import Foundation

/// A minibatch of rollout data in contiguous buffers, the input of `PPOLoss`.
public final class PPOBatch {
    public let capacity: Int
    public let observationSize: Int
    public var count: Int
    public let observations: FloatBuffer
    public let actions: Int32Buffer
    public let oldLogProbs: FloatBuffer
    public let oldValues: FloatBuffer
    public let advantages: FloatBuffer
    public let returns: FloatBuffer

    public init(capacity: Int, observationSize: Int) {
        self.capacity = capacity
        self.observationSize = observationSize
        count = capacity
        observations = FloatBuffer(count: capacity * observationSize)
        actions = Int32Buffer(count: capacity)
        oldLogProbs = FloatBuffer(count: capacity)
        oldValues = FloatBuffer(count: capacity)
        advantages = FloatBuffer(count: capacity)
        returns = FloatBuffer(count: capacity)
    }
}

/// Diagnostics of one minibatch loss evaluation (SB3's logged `train/*` values).
public struct PPOLossStats: Sendable, Codable, Equatable {
    public var loss: Double = 0
    public var policyLoss: Double = 0
    public var valueLoss: Double = 0
    public var entropy: Double = 0
    public var approxKL: Double = 0
    public var clipFraction: Double = 0
    public init() {}
}

/// The PPO objective of Schulman et al. (2017) on one minibatch, and its gradient:
///
///   L = −mean(min(r·Â, clip(r, 1−ε, 1+ε)·Â)) + c_v · mean((R − V)²) − c_e · mean(H[π])
///
/// with r = exp(log π(a|s) − log π_old(a|s)), Â the (optionally per-minibatch normalised)
/// advantages, V optionally clipped to V_old ± ε_v (SB3's `clip_range_vf`). The value term is SB3's
/// `F.mse_loss` (no ½), so SB3's `vf_coef` means the same here.
public final class PPOLoss {
    public let workspace: ActorCriticWorkspace
    private let logProbRow: FloatBuffer
    private let probabilityRow: FloatBuffer

    public init(model: ActorCritic, maxBatch: Int) {
        workspace = ActorCriticWorkspace(model, maxBatch: maxBatch)
        logProbRow = FloatBuffer(count: model.actionCount)
        probabilityRow = FloatBuffer(count: model.actionCount)
    }

    /// Evaluates the loss; when `computeGradients`, also writes dL/dθ into `model.gradients`.
    public func evaluate(model: ActorCritic, batch: PPOBatch, clipRange: Double, clipRangeValue: Double?,
                         entCoef: Double, vfCoef: Double, normalizeAdvantage: Bool,
                         computeGradients: Bool) -> PPOLossStats {
        let n = batch.count
        let a = model.actionCount
        let ws = workspace
        model.forward(batch.observations.pointer, batch: n, workspace: ws)

        // Advantage normalisation statistics (unbiased std, as torch's .std()).
        var mean = 0.0, std = 1.0
        if normalizeAdvantage && n > 1 {
            for i in 0..<n { mean += Double(batch.advantages[i]) }
            mean /= Double(n)
            var ss = 0.0
            for i in 0..<n { let d = Double(batch.advantages[i]) - mean; ss += d * d }
            std = (ss / Double(n - 1)).squareRoot() + 1e-8
        } else {
            std = 1
        }

        let eps = clipRange
        let invN = 1.0 / Double(n)
        let logits = ws.logits, values = ws.values
        let dLogits = ws.logitsGradient, dValues = ws.valuesGradient
        if computeGradients { dLogits.update(repeating: 0, count: n * a) }
        let lp = logProbRow.pointer, probs = probabilityRow.pointer
        var stats = PPOLossStats()
        var policySum = 0.0, valueSum = 0.0, entropySum = 0.0, klSum = 0.0, clipped = 0
        for i in 0..<n {
            let row = logits + i * a
            Categorical.logSoftmax(row, count: a, into: lp, probabilities: probs)
            let action = Int(batch.actions[i])
            let entropy = Categorical.entropy(logProbs: lp, probabilities: probs, count: a)
            let logRatio = Double(lp[action]) - Double(batch.oldLogProbs[i])
            let ratio = Foundation.exp(logRatio)
            let adv = normalizeAdvantage ? (Double(batch.advantages[i]) - mean) / std : Double(batch.advantages[i])
            let clippedRatio = min(max(ratio, 1 - eps), 1 + eps)
            let unclippedTerm = adv * ratio, clippedTerm = adv * clippedRatio
            policySum += min(unclippedTerm, clippedTerm)
            entropySum += Double(entropy)
            klSum += (ratio - 1) - logRatio
            if abs(ratio - 1) > eps { clipped += 1 }

            // Value prediction, optionally clipped around the old value.
            let v = Double(values[i]), vOld = Double(batch.oldValues[i])
            var vPred = v
            var valueGradientPasses = true
            if let c = clipRangeValue {
                let diff = v - vOld
                vPred = vOld + min(max(diff, -c), c)
                valueGradientPasses = abs(diff) <= c
            }
            let err = vPred - Double(batch.returns[i])
            valueSum += err * err

            guard computeGradients else { continue }
            // d(−min(r·A, clip(r)·A))/d log π: r·A where the unclipped term is the minimum or the
            // clip is inactive, else 0.
            let surrogatePasses = unclippedTerm <= clippedTerm || clippedRatio == ratio
            let dLogProb = surrogatePasses ? -adv * ratio * invN : 0
            Categorical.accumulateGradient(logProbs: lp, probabilities: probs, count: a, action: action, entropy: entropy,
                                           weightLogProb: Float(dLogProb), weightEntropy: Float(-entCoef * invN),
                                           into: dLogits + i * a)
            dValues[i] = valueGradientPasses ? Float(vfCoef * 2 * err * invN) : 0
        }
        stats.policyLoss = -policySum * invN
        stats.valueLoss = valueSum * invN
        stats.entropy = entropySum * invN
        stats.approxKL = klSum * invN
        stats.clipFraction = Double(clipped) * invN
        stats.loss = stats.policyLoss + vfCoef * stats.valueLoss - entCoef * stats.entropy
        if computeGradients {
            model.backward(batch.observations.pointer, batch: n, workspace: ws)
        }
        return stats
    }
}
