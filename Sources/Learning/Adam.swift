import Foundation

/// Adam (Kingma & Ba 2015) with bias correction, written as PyTorch's `torch.optim.Adam` computes
/// it, plus global-norm gradient clipping as `clip_grad_norm_` does.
///
/// PPO's updates are only as good as this step, and matching PyTorch's arithmetic keeps SB3's tuned
/// hyperparameters meaningful here (SB3 uses ε = 1e-5 for PPO).
public final class Adam {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public private(set) var step: Int = 0
    public let count: Int
    private let m: FloatBuffer
    private let v: FloatBuffer
    private let root: FloatBuffer

    public init(parameterCount: Int, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-5) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        count = parameterCount
        m = FloatBuffer(count: parameterCount)
        v = FloatBuffer(count: parameterCount)
        root = FloatBuffer(count: parameterCount)
    }

    /// One update `θ ← θ − lr · m̂ / (√v̂ + ε)` from `gradients`.
    public func update(parameters: FloatBuffer, gradients: FloatBuffer, learningRate: Float) {
        precondition(parameters.count == count && gradients.count == count, "Adam: size mismatch")
        step += 1
        let b1 = beta1, b2 = beta2
        let biasCorrection1 = 1 - Float(Foundation.pow(Double(b1), Double(step)))
        let biasCorrection2 = 1 - Float(Foundation.pow(Double(b2), Double(step)))
        let stepSize = learningRate / biasCorrection1
        let rootBias2 = biasCorrection2.squareRoot()
        let p = parameters.pointer, g = gradients.pointer, mp = m.pointer, vp = v.pointer, rp = root.pointer
        typealias V = Kernels.V8
        let vb1 = V(repeating: b1), vb2 = V(repeating: b2), vc1 = V(repeating: 1 - b1), vc2 = V(repeating: 1 - b2)
        let vector = count - count % 8
        var i = 0
        while i < vector {
            let gi = Kernels.load8(g + i)
            Kernels.store8(vb1 * Kernels.load8(mp + i) + vc1 * gi, mp + i)
            Kernels.store8(vb2 * Kernels.load8(vp + i) + vc2 * gi * gi, vp + i)
            i &+= 8
        }
        while i < count {
            mp[i] = b1 * mp[i] + (1 - b1) * g[i]
            vp[i] = b2 * vp[i] + (1 - b2) * g[i] * g[i]
            i &+= 1
        }
        i = 0
        while i < vector {
            Kernels.store8(Adam.squareRoot(Kernels.load8(vp + i)), rp + i)
            i &+= 8
        }
        while i < count { rp[i] = vp[i].squareRoot(); i &+= 1 }
        let vStep = V(repeating: stepSize), vRoot = V(repeating: 1 / rootBias2), vEps = V(repeating: epsilon)
        i = 0
        while i < vector {
            let update = vStep * Kernels.load8(mp + i) / (Kernels.load8(rp + i) * vRoot + vEps)
            Kernels.store8(Kernels.load8(p + i) - update, p + i)
            i &+= 8
        }
        while i < count {
            p[i] -= stepSize * mp[i] / (rp[i] * (1 / rootBias2) + epsilon)
            i &+= 1
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

extension Adam {
    /// √x for x ≥ 0 on eight lanes with vector instructions only (the standard library's
    /// `SIMD8.squareRoot()` lowers to eight scalar square roots here): an inverse-square-root bit
    /// estimate refined by three Newton steps (relative error ≲ 2e-7), times x.
    @inline(__always)
    static func squareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        var y = unsafeBitCast(SIMD8<UInt32>(repeating: 0x5F37_59DF) &- (bits &>> 1), to: SIMD8<Float>.self)
        let half = x * 0.5
        for _ in 0..<3 { y = y * (1.5 - half * y * y) }
        return x * y
    }
}
