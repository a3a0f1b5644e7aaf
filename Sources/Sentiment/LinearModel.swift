import Foundation
import TradingCore

/// Hyperparameters of `LinearModel.train`.
public struct TrainingConfig: Sendable, Hashable, Codable {
    public var epochs: Int
    /// L2 penalty per example (λ in λ/2·‖w‖²).
    public var l2: Double
    public var learningRate: Double
    public var seed: UInt64
    /// Weight each class by n / (classes · n_class) so rare classes count as much as common ones.
    public var balanceClasses: Bool

    public init(epochs: Int = 12, l2: Double = 1e-5, learningRate: Double = 0.5, seed: UInt64 = 42, balanceClasses: Bool = true) {
        self.epochs = epochs
        self.l2 = l2
        self.learningRate = learningRate
        self.seed = seed
        self.balanceClasses = balanceClasses
    }
}

/// Multinomial logistic regression over hashed features: weights `[dimension, classes]` row-major
/// (a feature's class weights are adjacent, one cache line per lookup) plus a bias per class.
///
/// Trained by SGD with Bottou's decreasing step `η_t = η₀ / (1 + η₀ λ t)` and lazy L2 decay (the
/// weights are stored as `scale · v`), in an order shuffled by a `SeededGenerator`: the same data,
/// config and seed give bit-identical weights.
public struct LinearModel: Sendable, Hashable {
    public var labels: [SentimentLabel]
    public var hashing: HashingConfig
    public var weights: [Float] { didSet { (hashedRows, denseRows) = Self.rows(weights, k: labels.count, hashing: hashing) } }
    public var bias: [Float]
    /// The rows of the hashed features, padded to 4 lanes (one SIMD load per feature at
    /// inference), zero rows left out.
    private(set) var hashedRows: SparseRows
    /// The rows of the dense lexicon inputs (after the hashed ones), padded to 4 lanes.
    private(set) var denseRows: [SIMD4<Float>]

    public init(labels: [SentimentLabel], hashing: HashingConfig, weights: [Float], bias: [Float]) {
        self.labels = labels
        self.hashing = hashing
        self.weights = weights
        self.bias = bias
        (hashedRows, denseRows) = Self.rows(weights, k: labels.count, hashing: hashing)
    }

    private static func rows(_ w: [Float], k: Int, hashing: HashingConfig) -> (SparseRows, [SIMD4<Float>]) {
        guard k > 0 else { return (SparseRows(weights: [], k: 0, count: 0), []) }
        let total = w.count / k, hashed = min(hashing.buckets, total)
        let dense = (hashed..<total).map { r in
            var row = SIMD4<Float>.zero
            for c in 0..<k { row[c] = w[r * k + c] }
            return row
        }
        return (SparseRows(weights: w, k: k, count: hashed), dense)
    }

    /// Logits → `SentimentScore` for the fused inference path: `sum` is the sum of the hashed
    /// features' weight rows, `count` their number, `dense` the lexicon inputs.
    @inline(__always)
    func score(sum: SIMD4<Float>, count: Int, dense: SIMD3<Float>?) -> SentimentScore {
        let k = labels.count
        var logits = sum * (1 / Float(max(count, 1)).squareRoot())
        for c in 0..<k { logits[c] += bias[c] }
        if let dense {
            logits += dense.x * denseRows[0] + dense.y * denseRows[1] + dense.z * denseRows[2]
        }
        var m = logits[0]
        for c in 1..<k { m = max(m, logits[c]) }
        var out = SIMD4<Double>(repeating: 0)
        for c in 0..<k {
            let z = logits[c] - m
            out[Self.slot(labels[c])] = z == 0 ? 1 : Double(Foundation.exp(z))  // the maximum's is exactly 1
        }
        return SentimentScore(positive: out[0], negative: out[1], neutral: out[2], mixed: out[3])
    }

    public static func train(_ data: [LabeledText], hashing: HashingConfig = .init(), config: TrainingConfig = .init()) -> LinearModel {
        let labels = SentimentLabel.allCases.filter { l in data.contains { $0.label == l } }
        let k = labels.count
        let classIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let hasher = FeatureHasher(config: hashing)
        // Features once, in CSR form.
        var rowStart = [0], cols: [Int32] = [], vals: [Float] = [], ys: [Int] = []
        var scratch = FeatureHasher.Scratch()
        for item in data {
            hasher.features(item.text, scratch: &scratch)
            cols.append(contentsOf: scratch.indices)
            vals.append(contentsOf: scratch.values)
            rowStart.append(cols.count)
            ys.append(classIndex[item.label] ?? 0)
        }
        var classWeight = [Double](repeating: 1, count: k)
        if config.balanceClasses {
            for c in 0..<k {
                let nc = ys.filter { $0 == c }.count
                classWeight[c] = nc > 0 ? Double(data.count) / Double(k * nc) : 0
            }
        }
        var v = [Float](repeating: 0, count: hashing.dimension * k)
        var b = [Double](repeating: 0, count: k)
        var scale = 1.0
        var rng = SeededGenerator(seed: config.seed)
        var order = Array(0..<data.count)
        var t = 0.0
        var logits = [Double](repeating: 0, count: k)
        v.withUnsafeMutableBufferPointer { w in
            for _ in 0..<config.epochs {
                order.shuffle(using: &rng)
                for i in order {
                    let lr = config.learningRate / (1 + config.learningRate * config.l2 * t)
                    t += 1
                    let lo = rowStart[i], hi = rowStart[i + 1]
                    for c in 0..<k { logits[c] = b[c] }
                    for j in lo..<hi {
                        let base = Int(cols[j]) &* k
                        let x = Double(vals[j]) * scale
                        for c in 0..<k { logits[c] += x * Double(w[base &+ c]) }
                    }
                    let m = logits.max() ?? 0
                    var z = 0.0
                    for c in 0..<k { logits[c] = Foundation.exp(logits[c] - m); z += logits[c] }
                    scale *= 1 - lr * config.l2
                    if scale < 1e-6 {
                        for q in w.indices { w[q] = Float(Double(w[q]) * scale) }
                        scale = 1
                    }
                    for c in 0..<k {
                        let g = classWeight[ys[i]] * (logits[c] / z - (c == ys[i] ? 1 : 0))
                        if g == 0 { continue }
                        b[c] -= lr * g * 0.1
                        let step = lr * g / scale
                        for j in lo..<hi {
                            let q = Int(cols[j]) &* k &+ c
                            w[q] -= Float(step * Double(vals[j]))
                        }
                    }
                }
            }
            for q in w.indices { w[q] = Float(Double(w[q]) * scale) }
        }
        return LinearModel(labels: labels, hashing: hashing, weights: v, bias: b.map { Float($0) })
    }

    @inline(__always)
    static func slot(_ l: SentimentLabel) -> Int {
        switch l {
        case .positive: return 0
        case .negative: return 1
        case .neutral: return 2
        case .mixed: return 3
        }
    }
}
