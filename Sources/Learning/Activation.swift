import Foundation

/// The element-wise non-linearity after a dense layer.
///
/// Exists so network shapes are data (Codable, stored in checkpoints) rather than code. `tanh` is
/// SB3's default for PPO; it is evaluated with a vectorised rational approximation (Eigen's
/// `generic_fast_tanh_float`, max error a few ulp) because `Foundation.tanh` per element would cost
/// more than all the matrix products of a CartPole update (see `GemmCore.tanh`).
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
            Kernels.applyTanh(x, count: count)
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
}
