import Foundation
import TradingCore

/// Turns one symbol's bars and per-bar sentiment into normalised Float32 feature rows, one bar at
/// a time. The same code runs in training (over history, see `FeatureMatrix`), in backtests and
/// live, so features can never differ between them (DESIGN.md §1).
///
/// Row t depends only on bars ≤ t and sentiment ≤ t: indicators are causal and normalisation
/// uses rolling statistics of values already seen. Until a feature's look-back is filled it
/// reads 0 (check `isWarm`).
public struct FeaturePipeline: Sendable {
    public let spec: FeatureSpec
    public private(set) var barsSeen = 0

    private var closes: RollingStats            // last 21 closes (for ret_5, ret_20)
    private var returns: RollingStats           // last 20 one-bar log returns (vol_20)
    private var logVolumes: RollingStats        // last 20 log volumes (volume_z)
    private var rsi = WilderRSI(period: 14)
    private var emaFast = EMA(period: 12)
    private var emaSlow = EMA(period: 26)
    private var macdSignal = EMA(period: 9)
    private var rsiValue: Double?
    private var normalisers: [RollingStats?]
    private var raw = [Double](repeating: 0, count: FeatureID.allCases.count)

    public init(spec: FeatureSpec) {
        self.spec = spec
        closes = RollingStats(capacity: 21)
        returns = RollingStats(capacity: 20)
        logVolumes = RollingStats(capacity: 20)
        normalisers = spec.features.map {
            $0.normalisation == .rollingZScore ? RollingStats(capacity: spec.normalisationWindow) : nil
        }
    }

    /// True once every feature's look-back and the normalisation minimum are filled.
    public var isWarm: Bool { barsSeen >= spec.warmupBars }

    /// Number of values per row.
    public var width: Int { spec.features.count }

    /// Appends a bar and returns its normalised row.
    public mutating func append(_ bar: Bar, sentiment: SentimentFeatures = .none) -> [Float] {
        var row = [Float](repeating: 0, count: width)
        row.withUnsafeMutableBufferPointer { append(bar, sentiment: sentiment, into: $0) }
        return row
    }

    /// Appends a bar and writes its normalised row into `row` (length `width`).
    public mutating func append(_ bar: Bar, sentiment: SentimentFeatures, into row: UnsafeMutableBufferPointer<Float>) {
        precondition(row.count >= width, "row buffer too small")
        computeRaw(bar, sentiment)
        barsSeen += 1
        let clip = spec.clip
        for (j, id) in spec.features.enumerated() {
            let x = raw[FeatureID.index(of: id)]
            var value: Double
            switch id.normalisation {
            case .rollingZScore:
                guard var stats = normalisers[j] else { value = 0; break }
                stats.push(x)
                let sd = stats.standardDeviation
                value = stats.count >= spec.minNormalisationBars && sd > 1e-12 ? (x - stats.mean) / sd : 0
                normalisers[j] = stats
            case .clipOnly, .none:
                value = x
            }
            if !value.isFinite { value = 0 }
            row[j] = Float(min(max(value, -clip), clip))
        }
    }

    private mutating func computeRaw(_ bar: Bar, _ s: SentimentFeatures) {
        let close = bar.close
        let previousClose = closes.value(ago: 0)
        let r1 = previousClose.map { Foundation.log(close / $0) } ?? 0
        let r5 = closes.value(ago: 4).map { Foundation.log(close / $0) } ?? 0
        let r20 = closes.value(ago: 19).map { Foundation.log(close / $0) } ?? 0
        let gap = previousClose.map { Foundation.log(bar.open / $0) } ?? 0
        closes.push(close)
        if previousClose != nil { returns.push(r1) }
        let logVolume = Foundation.log(max(bar.volume, 0) + 1)
        logVolumes.push(logVolume)
        let volSD = logVolumes.standardDeviation
        if let value = rsi.push(close) { rsiValue = value }
        let fast = emaFast.push(close), slow = emaSlow.push(close)
        let macd = fast - slow
        let signal = macdSignal.push(macd)
        func set(_ id: FeatureID, _ v: Double) { raw[FeatureID.index(of: id)] = v }
        set(.ret1, r1)
        set(.ret5, r5)
        set(.ret20, r20)
        set(.vol20, returns.count >= 2 ? returns.standardDeviation : 0)
        set(.rsi14, rsiValue.map { ($0 - 50) / 50 } ?? 0)
        set(.macdHist, emaSlow.count >= 26 ? (macd - signal) / close : 0)
        set(.volumeZ, logVolumes.count >= 5 && volSD > 1e-12 ? (logVolume - logVolumes.mean) / volSD : 0)
        set(.range, Foundation.log(bar.high / bar.low))
        set(.gap, gap)
        set(.sentPostCount, s.logPostCount)
        set(.sentFilteredShare, s.filteredShare)
        set(.sentMeanPolarity, s.meanPolarity)
        set(.sentWeightedPolarity, s.weightedPolarity)
        set(.sentBullishShare, s.bullishShare)
        set(.sentDispersion, s.dispersion)
        set(.sentDecayedPolarity, s.decayedPolarity)
        set(.sentSurprise, s.polaritySurprise)
    }
}

extension FeatureID {
    /// Position in `allCases`, used to index raw-value scratch arrays (a switch, not a lookup).
    @inline(__always)
    static func index(of id: FeatureID) -> Int {
        switch id {
        case .ret1: return 0
        case .ret5: return 1
        case .ret20: return 2
        case .vol20: return 3
        case .rsi14: return 4
        case .macdHist: return 5
        case .volumeZ: return 6
        case .range: return 7
        case .gap: return 8
        case .sentPostCount: return 9
        case .sentFilteredShare: return 10
        case .sentMeanPolarity: return 11
        case .sentWeightedPolarity: return 12
        case .sentBullishShare: return 13
        case .sentDispersion: return 14
        case .sentDecayedPolarity: return 15
        case .sentSurprise: return 16
        }
    }
}
