import Foundation
import Learning
import TradingCore

/// Random Float arrays for tests.
func randomArray(_ count: Int, scale: Double = 1, rng: inout SeededGenerator) -> [Float] {
    (0..<count).map { _ in Float(rng.nextGaussian() * scale) }
}

/// ‖a − b‖ / max(‖a‖, ‖b‖, tiny): the aggregate relative error used by the gradient checks.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    var diff = 0.0, na = 0.0, nb = 0.0
    for i in a.indices {
        diff += (a[i] - b[i]) * (a[i] - b[i])
        na += a[i] * a[i]
        nb += b[i] * b[i]
    }
    return diff.squareRoot() / max(na.squareRoot(), nb.squareRoot(), 1e-12)
}

/// Central finite differences of `loss` with respect to every element of `buffer`.
func numericalGradient(_ buffer: FloatBuffer, step h: Float, loss: () -> Double) -> [Double] {
    var g = [Double](repeating: 0, count: buffer.count)
    for i in 0..<buffer.count {
        let saved = buffer[i]
        buffer[i] = saved + h
        let plus = loss()
        buffer[i] = saved - h
        let minus = loss()
        buffer[i] = saved
        // Use the step actually representable in Float.
        let actual = Double(saved + h) - Double(saved - h)
        g[i] = (plus - minus) / actual
    }
    return g
}
