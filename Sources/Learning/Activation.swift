import Foundation

/// The element-wise non-linearity after a dense layer.
///
/// Exists so network shapes are data (Codable, stored in checkpoints) rather than code. `tanh` is
/// SB3's default for PPO; it is evaluated with a vectorised rational approximation (Eigen's
/// `generic_fast_tanh_float`, max error a few ulp) because `Foundation.tanh` per element would cost
/// more than all the matrix products of a CartPole update.
public enum Activation: String, Codable, Sendable, CaseIterable {
    case identity
    case tanh
    case relu

    /// Applies the activation in place to `count` values.
    public func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity:
            return
        case .tanh:
            var i = 0
            while i &+ 8 <= count {
                Kernels.store8(Activation.tanh8(Kernels.load8(x + i)), x + i)
                i &+= 8
            }
            while i < count {
                x[i] = Activation.tanh8(Kernels.V8(repeating: x[i]))[0]
                i &+= 1
            }
        case .relu:
            for i in 0..<count where x[i] < 0 { x[i] = 0 }
        }
    }

    /// Turns `dY` into `dZ` in place, given the activation's outputs `y = f(z)`.
    public func backward(output y: UnsafePointer<Float>, gradient g: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity:
            return
        case .tanh:
            var i = 0
            let one = Kernels.V8(repeating: 1)
            while i &+ 8 <= count {
                let yv = Kernels.load8(y + i)
                Kernels.store8(Kernels.load8(g + i) * (one - yv * yv), g + i)
                i &+= 8
            }
            while i < count { g[i] *= 1 - y[i] * y[i]; i &+= 1 }
        case .relu:
            for i in 0..<count where y[i] <= 0 { g[i] = 0 }
        }
    }

    /// Scalar convenience (tests, inference on single values).
    public func callAsFunction(_ x: Float) -> Float {
        var v = x
        apply(&v, count: 1)
        return v
    }

    /// tanh on eight lanes: a 13/6 odd rational approximation on [-9, 9] (Eigen's coefficients).
    @inline(__always)
    static func tanh8(_ input: Kernels.V8) -> Kernels.V8 {
        typealias V = Kernels.V8
        // Clamp to [-9, 9] with blends (the generic `clamped` is not specialised and costs a call).
        let nine = V(repeating: 9)
        let x = input.replacing(with: nine, where: input .> nine).replacing(with: -nine, where: input .< -nine)
        let x2 = x * x
        var p = V(repeating: -2.76076847742355e-16)
        p = p * x2 + V(repeating: 2.00018790482477e-13)
        p = p * x2 + V(repeating: -8.60467152213735e-11)
        p = p * x2 + V(repeating: 5.12229709037114e-08)
        p = p * x2 + V(repeating: 1.48572235717979e-05)
        p = p * x2 + V(repeating: 6.37261928875436e-04)
        p = p * x2 + V(repeating: 4.89352455891786e-03)
        p = p * x
        var q = V(repeating: 1.19825839466702e-06)
        q = q * x2 + V(repeating: 1.18534705686654e-04)
        q = q * x2 + V(repeating: 2.26843463243900e-03)
        q = q * x2 + V(repeating: 4.89352518554385e-03)
        let r = p / q
        // Tiny inputs: tanh(x) = x to float precision.
        return r.replacing(with: input, where: abs(input) .< V(repeating: 0.0004))
    }
}

@inline(__always)
private func abs(_ v: Kernels.V8) -> Kernels.V8 {
    v.replacing(with: -v, where: v .< 0)
}
