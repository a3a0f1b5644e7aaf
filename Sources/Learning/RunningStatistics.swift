import Foundation

/// Running mean and variance per dimension (Chan et al.'s parallel update, as SB3's
/// `RunningMeanStd`), and the standardisation VecNormalize applies with them:
/// clip((x − μ) / √(σ² + ε), ±clip). Updated from training rollouts only; frozen into checkpoints.
public struct RunningStatistics: Codable, Sendable, Equatable {
    public var mean: [Double]
    public var variance: [Double]
    /// Samples seen (starts at SB3's ε = 1e-4 so the first update dominates the prior).
    public var count: Double
    public var clip: Double
    public var epsilon: Double

    public init(size: Int, clip: Double = 10, epsilon: Double = 1e-8) {
        mean = [Double](repeating: 0, count: size)
        variance = [Double](repeating: 1, count: size)
        count = 1e-4
        self.clip = clip
        self.epsilon = epsilon
    }

    public var size: Int { mean.count }

    /// Folds `rows` samples of `size` values each (row-major) into the statistics.
    public mutating func update(_ batch: UnsafePointer<Float>, rows: Int) {
        guard rows > 0 else { return }
        let n = Double(rows), total = count + n
        for j in 0..<size {
            var sum = 0.0
            for r in 0..<rows { sum += Double(batch[r * size + j]) }
            let batchMean = sum / n
            var squares = 0.0
            for r in 0..<rows { let d = Double(batch[r * size + j]) - batchMean; squares += d * d }
            let batchVariance = squares / n
            let delta = batchMean - mean[j]
            let m2 = variance[j] * count + batchVariance * n + delta * delta * count * n / total
            mean[j] += delta * n / total
            variance[j] = m2 / total
        }
        count = total
    }

    /// Standardises `rows` samples in place.
    public func normalize(_ values: UnsafeMutablePointer<Float>, rows: Int) {
        for r in 0..<rows {
            for j in 0..<size {
                let z = (Double(values[r * size + j]) - mean[j]) / (variance[j] + epsilon).squareRoot()
                values[r * size + j] = Float(min(max(z, -clip), clip))
            }
        }
    }

    /// A standardised copy of one observation.
    public func normalized(_ observation: [Float]) -> [Float] {
        var copy = observation
        copy.withUnsafeMutableBufferPointer { if let p = $0.baseAddress { normalize(p, rows: 1) } }
        return copy
    }
}
