import Features
import Foundation
import TradingCore

/// The growing history of one symbol that a policy decides from: the last `capacity` bars, their
/// feature rows and the latest bar's sentiment, in ring buffers that only ever receive bars that
/// have closed. A policy reading it at bar t cannot see bar t+1, because bar t+1 is not there yet:
/// looking ahead is impossible, not just discouraged.
///
/// Two ways in, one way out. Live and `live --sim` append bars and the `FeaturePipeline` computes
/// each row incrementally (`append(_:sentiment:sequence:)`); batch backtests copy rows the same
/// pipeline precomputed for the whole series (`append(time:…row:)`). `DecisionContext` reads both
/// identically, and a test pins that the two paths agree.
public final class SymbolHistory {
    public let symbol: String
    /// Features of each row; nil when the policy reads prices only.
    public let spec: FeatureSpec?
    /// Bars kept (a power of two ≥ the policy's look-back and the observation window).
    public let capacity: Int
    /// Bars appended since creation (not capped by `capacity`).
    public var count: Int { storedCount }
    /// The source's index of the latest bar (series index in a backtest, bar number live).
    public var latestSequence: Int { storedSequence }
    public var latestSentiment: SentimentFeatures { storedSentiment }
    @usableFromInline var storedCount = 0
    @usableFromInline var storedSequence = -1
    @usableFromInline var storedSentiment = SentimentFeatures.none
    /// The incremental pipeline (nil in batch mode, where rows arrive precomputed).
    public private(set) var pipeline: FeaturePipeline?
    public let width: Int

    @usableFromInline let mask: Int
    @usableFromInline let times: UnsafeMutablePointer<Double>
    @usableFromInline let opens: UnsafeMutablePointer<Double>
    @usableFromInline let highs: UnsafeMutablePointer<Double>
    @usableFromInline let lows: UnsafeMutablePointer<Double>
    @usableFromInline let closes: UnsafeMutablePointer<Double>
    @usableFromInline let volumes: UnsafeMutablePointer<Double>
    @usableFromInline let rows: UnsafeMutablePointer<Float>

    /// - Parameters:
    ///   - lookback: bars the policy reads (its `lookback`); the observation window is added.
    ///   - incremental: compute feature rows with a `FeaturePipeline` (live); false when the caller
    ///     supplies precomputed rows (batch).
    public init(symbol: String, spec: FeatureSpec?, lookback: Int, incremental: Bool) {
        self.symbol = symbol
        self.spec = spec
        let needed = max(lookback, (spec?.window ?? 1) + 1, 2)
        var c = 2
        while c < needed { c <<= 1 }
        capacity = c
        mask = c - 1
        width = spec?.features.count ?? 0
        pipeline = incremental ? spec.map { FeaturePipeline(spec: $0) } : nil
        func alloc<T>(_ type: T.Type, _ n: Int, _ zero: T) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: n)
            p.initialize(repeating: zero, count: n)
            return p
        }
        times = alloc(Double.self, c, 0)
        opens = alloc(Double.self, c, 0)
        highs = alloc(Double.self, c, 0)
        lows = alloc(Double.self, c, 0)
        closes = alloc(Double.self, c, 0)
        volumes = alloc(Double.self, c, 0)
        rows = alloc(Float.self, max(c * width, 1), 0)
    }

    deinit {
        for p in [times, opens, highs, lows, closes, volumes] { p.deallocate() }
        rows.deallocate()
    }

    /// Live path: appends a closed bar; the pipeline computes its feature row. Returns the row.
    @discardableResult
    public func append(_ bar: Bar, sentiment: SentimentFeatures, sequence: Int? = nil) -> UnsafeBufferPointer<Float> {
        let slot = push(time: bar.time.timeIntervalSince1970, open: bar.open, high: bar.high, low: bar.low,
                        close: bar.close, volume: bar.volume, sentiment: sentiment, sequence: sequence ?? count)
        let row = UnsafeMutableBufferPointer(start: rows + slot * width, count: width)
        if width > 0 {
            if pipeline == nil { row.update(repeating: 0) }
            pipeline?.append(bar, sentiment: sentiment, into: row)
        }
        return UnsafeBufferPointer(row)
    }

    /// Batch path: appends a bar whose row the same pipeline already computed (`FeatureMatrix`).
    @inlinable
    public func append(time: Double, open: Double, high: Double, low: Double, close: Double, volume: Double,
                       sentiment: SentimentFeatures, sequence: Int, row: UnsafePointer<Float>?) {
        let slot = push(time: time, open: open, high: high, low: low, close: close, volume: volume,
                        sentiment: sentiment, sequence: sequence)
        if width > 0 {
            let target = rows + slot * width
            if let row { target.update(from: row, count: width) } else { target.update(repeating: 0, count: width) }
        }
    }

    @inlinable
    func push(time: Double, open: Double, high: Double, low: Double, close: Double, volume: Double,
              sentiment: SentimentFeatures, sequence: Int) -> Int {
        let slot = storedCount & mask
        times[slot] = time
        opens[slot] = open
        highs[slot] = high
        lows[slot] = low
        closes[slot] = close
        volumes[slot] = volume
        storedCount &+= 1
        storedSequence = sequence
        storedSentiment = sentiment
        return slot
    }

    /// Bars that can be read (at most `capacity`).
    @inlinable public var available: Int { min(storedCount, capacity) }

    /// Close `ago` bars before the latest (0 = latest); nil beyond what is held.
    @inlinable
    public func close(ago: Int) -> Double? {
        guard ago >= 0, ago < available else { return nil }
        return closes[(storedCount &- 1 &- ago) & mask]
    }

    /// The whole bar `ago` bars before the latest.
    public func bar(ago: Int) -> Bar? {
        guard ago >= 0, ago < available else { return nil }
        let i = (count - 1 - ago) & mask
        return Bar(time: Date(timeIntervalSince1970: times[i]), open: opens[i], high: highs[i], low: lows[i],
                   close: closes[i], volume: volumes[i])
    }

    /// The feature row `ago` bars before the latest.
    public func row(ago: Int) -> UnsafeBufferPointer<Float>? {
        guard width > 0, ago >= 0, ago < available else { return nil }
        return UnsafeBufferPointer(start: rows + ((count - 1 - ago) & mask) * width, count: width)
    }

    /// Time of the latest bar.
    public var latestTime: Date? { count > 0 ? Date(timeIntervalSince1970: times[(count - 1) & mask]) : nil }

    /// True once the incremental pipeline is warm (always true in batch mode or without features).
    public var isWarm: Bool { pipeline?.isWarm ?? true }

    /// Writes the observation a trained agent sees at the latest bar: the last `window` rows (oldest
    /// first; rows before the first bar are zeros) and the agent state, as `ObservationBuilder` does.
    public func writeObservation(state: AgentState, into out: UnsafeMutableBufferPointer<Float>) {
        let window = spec?.window ?? 0
        var k = 0
        for ago in stride(from: window - 1, through: 0, by: -1) {
            if let row = row(ago: ago) {
                for j in 0..<width { out[k + j] = row[j] }
            } else {
                for j in 0..<width { out[k + j] = 0 }
            }
            k += width
        }
        let (e, p, h) = state.values(price: close(ago: 0) ?? 0)
        out[k] = e
        out[k + 1] = p
        out[k + 2] = h
    }
}
