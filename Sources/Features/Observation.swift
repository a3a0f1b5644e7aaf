import Foundation
import TradingCore

/// Assembles an observation: the last `window` feature rows (oldest first) followed by the
/// agent state. Shared by `TradingEnv`, the backtester and the live runner.
public enum ObservationBuilder {
    public static let agentStateSize = 3

    public static func size(for spec: FeatureSpec) -> Int { spec.window * spec.features.count + agentStateSize }

    /// Writes the observation at bar `t` into `out` (length `size(for:)`). Rows before 0 are zeros.
    @inline(__always)
    public static func write(_ series: TradingSeries, at t: Int, state: AgentState, into out: UnsafeMutableBufferPointer<Float>) {
        let spec = series.features.spec
        let width = series.features.columns
        let window = spec.window
        series.features.values.withUnsafeBufferPointer { values in
            var k = 0
            for row in (t - window + 1)...t {
                if row < 0 {
                    for _ in 0..<width { out[k] = 0; k += 1 }
                } else {
                    let base = row * width
                    for j in 0..<width { out[k] = values[base + j]; k += 1 }
                }
            }
            let (e, p, h) = state.values(price: series.close[t])
            out[k] = e
            out[k + 1] = p
            out[k + 2] = h
        }
    }
}
