import Foundation

/// The largest peak-to-trough fall of an equity curve and when it happened: the headline max
/// drawdown says how deep, this says how long a holder sat under water.
public struct DrawdownSpan: Sendable, Hashable, Codable {
    /// Trough / peak − 1 (≤ 0): the same number as `PerformanceMetrics.maxDrawdown`.
    public var depth: Double
    /// The peak the fall started from.
    public var start: Date
    /// The lowest point.
    public var trough: Date
    /// The first point back at the peak's level; nil while the curve has not recovered.
    public var end: Date?
    /// Bars from the peak to the recovery, or to the last bar while not recovered.
    public var durationBars: Int

    /// The deepest drawdown of `equity` (one time per point); nil when the curve never falls.
    public static func largest(equity: [Double], times: [Date]) -> DrawdownSpan? {
        guard equity.count == times.count, let first = equity.first, first > 0 else { return nil }
        var peak = 0, deepest = 0.0, start = 0, trough = 0
        for i in equity.indices {
            if equity[i] > equity[peak] { peak = i }
            let depth = equity[i] / equity[peak] - 1
            if depth < deepest {
                deepest = depth
                start = peak
                trough = i
            }
        }
        guard deepest < 0 else { return nil }
        let recovery = equity[(trough + 1)...].firstIndex { $0 >= equity[start] }
        return DrawdownSpan(depth: deepest, start: times[start], trough: times[trough], end: recovery.map { times[$0] },
                            durationBars: (recovery ?? equity.count - 1) - start)
    }
}
