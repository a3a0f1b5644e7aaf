import Foundation

/// Adam (Kingma & Ba 2015) with bias correction, written as PyTorch's `torch.optim.Adam` computes
/// it, plus global-norm gradient clipping as `clip_grad_norm_` does.
///
/// PPO's updates are only as good as this step, and matching PyTorch's arithmetic keeps SB3's tuned
/// hyperparameters meaningful here (SB3 uses ε = 1e-5 for PPO).
public struct Adam: Sendable {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public private(set) var step: Int = 0
    private let count: Int
    // Moments live in arrays owned by the optimiser value; the update loop uses their pointers.
    private var m: [Float]
    private var v: [Float]

    public init(parameterCount: Int, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-5) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        count = parameterCount
        m = [Float](repeating: 0, count: parameterCount)
        v = [Float](repeating: 0, count: parameterCount)
    }

    /// One update `θ ← θ − lr · m̂ / (√v̂ + ε)` from `gradients`.
    public mutating func update(parameters: FloatBuffer, gradients: FloatBuffer, learningRate: Float) {
        precondition(parameters.count == count && gradients.count == count, "Adam: size mismatch")
        step += 1
        let b1 = beta1, b2 = beta2, eps = epsilon
        let biasCorrection1 = 1 - Float(Foundation.pow(Double(b1), Double(step)))
        let biasCorrection2 = 1 - Float(Foundation.pow(Double(b2), Double(step)))
        let stepSize = learningRate / biasCorrection1
        let rootBias2 = biasCorrection2.squareRoot()
        let p = parameters.pointer, g = gradients.pointer
        m.withUnsafeMutableBufferPointer { mb in
            v.withUnsafeMutableBufferPointer { vb in
                guard let mp = mb.baseAddress, let vp = vb.baseAddress else { return }
                typealias V = Kernels.V8
                let vb1 = V(repeating: b1), vb2 = V(repeating: b2), vc1 = V(repeating: 1 - b1), vc2 = V(repeating: 1 - b2)
                let vStep = V(repeating: stepSize), vRoot = V(repeating: 1 / rootBias2), vEps = V(repeating: eps)
                var i = 0
                while i + 8 <= count {
                    let gi = Kernels.load8(g + i)
                    let mi = vb1 * Kernels.load8(mp + i) + vc1 * gi
                    let vi = vb2 * Kernels.load8(vp + i) + vc2 * gi * gi
                    Kernels.store8(mi, mp + i)
                    Kernels.store8(vi, vp + i)
                    Kernels.store8(Kernels.load8(p + i) - vStep * mi / (vi.squareRoot() * vRoot + vEps), p + i)
                    i += 8
                }
                while i < count {
                    let gi = g[i]
                    let mi = b1 * mp[i] + (1 - b1) * gi
                    let vi = b2 * vp[i] + (1 - b2) * gi * gi
                    mp[i] = mi
                    vp[i] = vi
                    p[i] -= stepSize * mi / (vi.squareRoot() / rootBias2 + eps)
                    i += 1
                }
            }
        }
    }
}

/// Gradient clipping by global L2 norm.
public enum GradientClipping {
    /// Scales `gradients` so their L2 norm is at most `maxNorm` (PyTorch: coefficient
    /// `maxNorm / (norm + 1e-6)` applied when below 1). Returns the norm before clipping.
    @discardableResult
    public static func clipGlobalNorm(_ gradients: FloatBuffer, maxNorm: Float) -> Float {
        let norm = Float(Kernels.sumOfSquares(gradients.pointer, count: gradients.count).squareRoot())
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let g = gradients.pointer
            for i in 0..<gradients.count { g[i] *= coefficient }
        }
        return norm
    }
}
