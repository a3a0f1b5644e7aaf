import Foundation
import TradingCore

/// The FeaturePipeline run over a whole history: one normalised row per bar in one contiguous
/// Float32 buffer, so environments and backtests read features at memory speed.
public struct FeatureMatrix: Sendable {
    public let spec: FeatureSpec
    public let rows: Int
    public let columns: Int
    /// Row-major `rows × columns`.
    public let values: [Float]
    /// First row at which the pipeline was warm (all look-backs filled).
    public let firstWarmRow: Int

    /// Runs a fresh pipeline over `bars` with the aligned `sentiment` (nil or shorter: no posts).
    public init(spec: FeatureSpec, bars: [Bar], sentiment: [SentimentFeatures]? = nil) {
        var pipeline = FeaturePipeline(spec: spec)
        let width = pipeline.width
        var values = [Float](repeating: 0, count: bars.count * width)
        var firstWarm = bars.count
        values.withUnsafeMutableBufferPointer { all in
            for (t, bar) in bars.enumerated() {
                let s = sentiment.flatMap { t < $0.count ? $0[t] : nil } ?? .none
                pipeline.append(bar, sentiment: s, into: UnsafeMutableBufferPointer(rebasing: all[(t * width)..<((t + 1) * width)]))
                if pipeline.isWarm && firstWarm == bars.count { firstWarm = t }
            }
        }
        self.spec = spec
        self.rows = bars.count
        self.columns = width
        self.values = values
        self.firstWarmRow = firstWarm
    }

    /// An empty matrix (no features) for strategies that only read prices.
    public init(emptyFor rows: Int) {
        spec = FeatureSpec(features: [], window: 1)
        self.rows = rows
        columns = 0
        values = []
        firstWarmRow = 0
    }

    public func row(_ t: Int) -> ArraySlice<Float> { values[(t * columns)..<((t + 1) * columns)] }
}
