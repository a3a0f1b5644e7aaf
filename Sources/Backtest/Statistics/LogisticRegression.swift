import Foundation

/// Binary logistic regression on dense features with L2 regularisation, fitted by full-batch
/// gradient descent with a fixed step count (deterministic). Small by design: it is the "simple
/// classifier" baseline of the movement-prediction view, not a general learner.
public struct LogisticRegression: Sendable, Hashable, Codable {
    public private(set) var weights: [Double]
    public private(set) var bias: Double

    public init(features: Int) {
        weights = [Double](repeating: 0, count: features)
        bias = 0
    }

    /// Fits on rows `x` (each of length `weights.count`) and labels `y`, after standardising with
    /// the training rows' own mean and deviation (stored in the returned `Standardiser`).
    public static func fit(_ x: [[Double]], _ y: [Bool], l2: Double = 1e-2, steps: Int = 500, learningRate: Double = 0.5)
        -> (model: LogisticRegression, standardiser: Standardiser) {
        let d = x.first?.count ?? 0
        let standardiser = Standardiser(fitting: x)
        let z = x.map(standardiser.apply)
        var model = LogisticRegression(features: d)
        let n = Double(max(z.count, 1))
        for _ in 0..<steps {
            var gw = [Double](repeating: 0, count: d), gb = 0.0
            for (row, label) in zip(z, y) {
                let err = model.probability(standardised: row) - (label ? 1 : 0)
                for j in 0..<d { gw[j] += err * row[j] }
                gb += err
            }
            for j in 0..<d { model.weights[j] -= learningRate * (gw[j] / n + l2 * model.weights[j]) }
            model.bias -= learningRate * gb / n
        }
        return (model, standardiser)
    }

    public func probability(standardised row: [Double]) -> Double {
        var s = bias
        for j in weights.indices { s += weights[j] * row[j] }
        return 1 / (1 + exp(-s))
    }
}

/// Per-column mean and deviation learned from training rows only, applied to any row.
public struct Standardiser: Sendable, Hashable, Codable {
    public var mean: [Double]
    public var deviation: [Double]

    public init(fitting x: [[Double]]) {
        let d = x.first?.count ?? 0
        let n = Double(max(x.count, 1))
        mean = (0..<d).map { j in x.reduce(0) { $0 + $1[j] } / n }
        deviation = (0..<d).map { j in
            let m = x.reduce(0) { $0 + $1[j] } / n
            let v = x.reduce(0) { $0 + ($1[j] - m) * ($1[j] - m) } / n
            return v > 1e-12 ? v.squareRoot() : 1
        }
    }

    public func apply(_ row: [Double]) -> [Double] { row.indices.map { (row[$0] - mean[$0]) / deviation[$0] } }
}
