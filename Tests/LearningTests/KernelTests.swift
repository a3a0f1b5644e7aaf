import Foundation
import Learning
import TradingCore
import XCTest

final class KernelTests: XCTestCase {
    /// The blocked kernel against a naive triple loop, over tile-boundary shapes, strides and accumulate.
    func testGemmMatchesNaive() {
        var rng = SeededGenerator(seed: 1)
        let shapes = [(1, 1, 1), (4, 16, 3), (5, 17, 9), (7, 2, 64), (256, 64, 64), (3, 33, 20), (64, 1, 256), (9, 40, 1)]
        for variant in Kernels.availableVariants {
        for (m, n, k) in shapes {
            for transposed in [false, true] {
                for accumulate in [false, true] {
                    let a = randomArray(m * k, rng: &rng)
                    let b = randomArray(k * n, rng: &rng)
                    let c0 = randomArray(m * n, rng: &rng)
                    // A stored row-major m×k, or as the transpose of a k×m matrix.
                    let aStore: [Float] = transposed
                        ? (0..<(k * m)).map { idx in a[(idx % m) * k + idx / m] } : a
                    var c = c0
                    aStore.withUnsafeBufferPointer { ap in
                        b.withUnsafeBufferPointer { bp in
                            c.withUnsafeMutableBufferPointer { cp in
                                Kernels.gemm(m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: transposed ? 1 : k,
                                             aColStride: transposed ? m : 1, b: bp.baseAddress!, c: cp.baseAddress!,
                                             accumulate: accumulate, variant: variant)
                            }
                        }
                    }
                    for i in 0..<m {
                        for j in 0..<n {
                            var s = accumulate ? Double(c0[i * n + j]) : 0
                            for p in 0..<k { s += Double(a[i * k + p]) * Double(b[p * n + j]) }
                            XCTAssertEqual(Double(c[i * n + j]), s, accuracy: 1e-4 * Double(k).squareRoot() + 1e-5,
                                           "\(variant): m \(m) n \(n) k \(k) transposed \(transposed) accumulate \(accumulate)")
                        }
                    }
                }
            }
        }
        }
    }

    /// Every kernel variant sums in the same order, so they agree bit for bit (and so do trainings).
    func testKernelVariantsAgreeBitForBit() {
        var rng = SeededGenerator(seed: 2)
        for n in [64, 24, 100] {
        let a = randomArray(256 * 64, rng: &rng), b = randomArray(64 * n, rng: &rng)
        var results: [[Float]] = []
        for variant in Kernels.availableVariants {
            var c = [Float](repeating: 0, count: 256 * n)
            a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
                Kernels.gemm(m: 256, n: n, k: 64, a: ap.baseAddress!, aRowStride: 64, aColStride: 1,
                             b: bp.baseAddress!, c: cp.baseAddress!, accumulate: false, variant: variant)
                Kernels.applyTanh(cp.baseAddress!, count: cp.count, variant: variant)
            } } }
            results.append(c)
        }
        print("kernel variants on this CPU: \(Kernels.availableVariants.map(\.rawValue))")
        for r in results.dropFirst() { XCTAssertEqual(r.map(\.bitPattern), results[0].map(\.bitPattern), "n = \(n)") }
        }
    }

    func testFastTanhIsAccurate() {
        var worst: Float = 0
        var x: Float = -12
        while x <= 12 {
            worst = max(worst, abs(Activation.tanh(x) - Float(Foundation.tanh(Double(x)))))
            x += 0.001
        }
        XCTAssertLessThan(worst, 2e-6)
        XCTAssertEqual(Activation.tanh(0), 0)
        XCTAssertEqual(Activation.relu(-1), 0)
        XCTAssertEqual(Activation.relu(2), 2)
    }

    func testOrthogonalInitHasOrthonormalRowsOrColumns() {
        var rng = SeededGenerator(seed: 3)
        for (rows, cols) in [(4, 64), (64, 64), (64, 2)] {
            let w = Orthogonal.matrix(rows: rows, cols: cols, gain: 2, rng: &rng)
            let vectors = rows <= cols
                ? (0..<rows).map { r in (0..<cols).map { Double(w[r * cols + $0]) } }
                : (0..<cols).map { c in (0..<rows).map { Double(w[$0 * cols + c]) } }
            for i in vectors.indices {
                for j in vectors.indices {
                    let dot = zip(vectors[i], vectors[j]).reduce(0) { $0 + $1.0 * $1.1 }
                    XCTAssertEqual(dot, i == j ? 4 : 0, accuracy: 1e-4)
                }
            }
        }
    }

    func testCategoricalLogSoftmaxEntropyAndSampling() {
        let logits: [Float] = [1000, 1000, 1000, 1000]
        var lp = [Float](repeating: 0, count: 4)
        logits.withUnsafeBufferPointer { l in lp.withUnsafeMutableBufferPointer { Categorical.logSoftmax(l.baseAddress!, count: 4, into: $0.baseAddress!) } }
        for v in lp { XCTAssertEqual(v, -Float(Foundation.log(4.0)), accuracy: 1e-6) }
        let h = lp.withUnsafeBufferPointer { Categorical.entropy(logProbs: $0.baseAddress!, count: 4) }
        XCTAssertEqual(h, Float(Foundation.log(4.0)), accuracy: 1e-6)
        // Sampling frequencies follow the probabilities.
        let skewed: [Float] = [Float(Foundation.log(0.7)), Float(Foundation.log(0.2)), Float(Foundation.log(0.1))]
        var rng = SeededGenerator(seed: 9)
        var counts = [0, 0, 0]
        skewed.withUnsafeBufferPointer { p in
            for _ in 0..<20_000 { counts[Categorical.sample(logProbs: p.baseAddress!, count: 3, rng: &rng)] += 1 }
        }
        XCTAssertEqual(Double(counts[0]) / 20_000, 0.7, accuracy: 0.02)
        XCTAssertEqual(Double(counts[2]) / 20_000, 0.1, accuracy: 0.02)
    }

    func testAdamFirstStepMovesByLearningRateAndClipping() {
        let params = FloatBuffer([1, -2, 3])
        let grads = FloatBuffer([0.5, -4, 0])
        let adam = Adam(parameterCount: 3, epsilon: 1e-8)
        adam.update(parameters: params, gradients: grads, learningRate: 0.1)
        // First bias-corrected step is lr · g/|g| (zero gradient: no move).
        XCTAssertEqual(params[0], 0.9, accuracy: 1e-5)
        XCTAssertEqual(params[1], -1.9, accuracy: 1e-5)
        XCTAssertEqual(params[2], 3, accuracy: 1e-7)
        // Many steps against a Double reference of PyTorch's formula.
        var rng = SeededGenerator(seed: 5)
        let n = 37
        let theta = FloatBuffer(randomArray(n, rng: &rng))
        var ref = theta.array.map(Double.init), m = [Double](repeating: 0, count: n), v = m
        let opt = Adam(parameterCount: n)
        for t in 1...50 {
            let grad = FloatBuffer(randomArray(n, scale: t % 2 == 0 ? 1e-3 : 1, rng: &rng))
            opt.update(parameters: theta, gradients: grad, learningRate: 1e-2)
            for i in 0..<n {
                let gi = Double(grad[i])
                m[i] = 0.9 * m[i] + 0.1 * gi
                v[i] = 0.999 * v[i] + 0.001 * gi * gi
                let mHat = m[i] / (1 - Foundation.pow(0.9, Double(t))), vHat = v[i] / (1 - Foundation.pow(0.999, Double(t)))
                ref[i] -= 1e-2 * mHat / (vHat.squareRoot() + 1e-5)
            }
        }
        for i in 0..<n { XCTAssertEqual(Double(theta[i]), ref[i], accuracy: 1e-5) }
        let g = FloatBuffer([3, 4])
        let norm = GradientClipping.clipGlobalNorm(g, maxNorm: 0.5)
        XCTAssertEqual(norm, 5, accuracy: 1e-6)
        XCTAssertEqual(g[0], 0.3, accuracy: 1e-5)
        XCTAssertEqual(g[1], 0.4, accuracy: 1e-5)
    }

    func testSchedules() throws {
        XCTAssertEqual(Schedule.linear(1e-3).value(progressRemaining: 0.25), 2.5e-4, accuracy: 1e-12)
        XCTAssertEqual(Schedule.constant(0.2).value(progressRemaining: 0), 0.2)
        let decoded = try JSONDecoder().decode(PPOConfig.self, from: Data(#"{"nSteps": 16, "learningRate": {"linear": 0.002}, "clipRange": 0.1}"#.utf8))
        XCTAssertEqual(decoded.nSteps, 16)
        XCTAssertEqual(decoded.learningRate, .linear(0.002))
        XCTAssertEqual(decoded.clipRange, .constant(0.1))
        XCTAssertEqual(decoded.batchSize, 64, "missing keys take SB3 defaults")
        let roundTrip = try JSONDecoder().decode(PPOConfig.self, from: JSONEncoder().encode(PPOConfig.cartPoleZoo(seed: 4)))
        XCTAssertEqual(roundTrip, PPOConfig.cartPoleZoo(seed: 4))
    }
}
