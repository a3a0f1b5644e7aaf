import Foundation
import TradingCore

/// Orthogonal weight initialisation (Saxe et al. 2014), as PyTorch's `nn.init.orthogonal_`.
///
/// SB3 and CleanRL initialise PPO networks this way (gain √2 for hidden layers, 0.01 for the policy
/// output, 1 for the value output); it matters for how fast PPO learns, so we do the same.
public enum Orthogonal {
    /// A `rows × cols` row-major matrix whose rows (if rows ≤ cols) or columns (otherwise) are
    /// orthonormal, times `gain`. Computed in Double by modified Gram–Schmidt on a Gaussian matrix,
    /// which yields the Q of a QR decomposition with a positive diagonal R (PyTorch's sign fix).
    public static func matrix(rows: Int, cols: Int, gain: Double, rng: inout SeededGenerator) -> [Float] {
        let tall = max(rows, cols), narrow = min(rows, cols)
        // q[c][r]: `narrow` column vectors of length `tall`.
        var q = [[Double]](repeating: [Double](repeating: 0, count: tall), count: narrow)
        for c in 0..<narrow {
            for r in 0..<tall { q[c][r] = rng.nextGaussian() }
        }
        for c in 0..<narrow {
            for prev in 0..<c {
                var dot = 0.0
                for r in 0..<tall { dot += q[c][r] * q[prev][r] }
                for r in 0..<tall { q[c][r] -= dot * q[prev][r] }
            }
            var norm = 0.0
            for r in 0..<tall { norm += q[c][r] * q[c][r] }
            norm = norm.squareRoot()
            let scale = norm > 0 ? 1 / norm : 0
            for r in 0..<tall { q[c][r] *= scale }
        }
        var out = [Float](repeating: 0, count: rows * cols)
        for i in 0..<rows {
            for j in 0..<cols {
                // rows ≥ cols: element (i, j) is column j's entry i; otherwise column i's entry j.
                let v = rows >= cols ? q[j][i] : q[i][j]
                out[i * cols + j] = Float(v * gain)
            }
        }
        return out
    }
}
