import Foundation
import TradingCore

/// Settings of `SentimentAggregator`.
public struct SentimentAggregatorConfig: Sendable, Hashable, Codable {
    /// Half-life of the decayed polarity, in bars.
    public var halfLifeBars: Double
    /// Trailing window (bars with posts) for the polarity surprise z-score.
    public var surpriseWindow: Int
    /// Bars with posts needed in the window before the surprise is reported (0 until then).
    public var surpriseWarmup: Int

    public init(halfLifeBars: Double = 3, surpriseWindow: Int = 20, surpriseWarmup: Int = 5) {
        self.halfLifeBars = halfLifeBars
        self.surpriseWindow = surpriseWindow
        self.surpriseWarmup = surpriseWarmup
    }
}

/// Turns one symbol's scored posts into per-bar `SentimentFeatures`, incrementally: fed once per
/// bar decision, in time order, with the posts kept for that bar and the number collected before
/// filtering. It sees nothing after the bar, so backtest, training and live compute the same row.
/// A bar without posts is a valid state: counts and polarities 0, decayed polarity still decaying.
public struct SentimentAggregator: Sendable {
    public let config: SentimentAggregatorConfig
    private var decayed = 0.0
    private var history: [Double] = []
    private let decay: Double

    public init(config: SentimentAggregatorConfig = .init()) {
        self.config = config
        self.decay = config.halfLifeBars > 0 ? Foundation.pow(0.5, 1 / config.halfLifeBars) : 0
    }

    /// Features of the next bar. `collected` is the count before filtering (≥ `kept.count`).
    public mutating func update(kept: [ScoredPost], collected: Int) -> SentimentFeatures {
        let n = kept.count
        let total = max(collected, n)
        var f = SentimentFeatures()
        f.logPostCount = Foundation.log1p(Double(n))
        f.filteredShare = total > 0 ? Double(total - n) / Double(total) : 0
        guard n > 0 else {
            decayed *= decay
            f.decayedPolarity = decayed
            return f
        }
        var sum = 0.0, sumSq = 0.0, wSum = 0.0, wPol = 0.0, bullish = 0
        for sp in kept {
            let p = Self.finite(sp.score.polarity)
            sum += p
            sumSq += p * p
            let w = Foundation.log1p(Double(max(sp.post.followers, 0))) + Foundation.log1p(Double(max(sp.post.engagement, 0)))
            wSum += w
            wPol += w * p
            if sp.score.label == .positive { bullish += 1 }
        }
        let mean = sum / Double(n)
        f.meanPolarity = mean
        f.weightedPolarity = wSum > 0 ? wPol / wSum : mean
        f.bullishShare = Double(bullish) / Double(n)
        f.dispersion = n > 1 ? max(sumSq / Double(n) - mean * mean, 0).squareRoot() : 0
        decayed = decay * decayed + (1 - decay) * mean
        f.decayedPolarity = decayed
        f.polaritySurprise = surprise(mean)
        history.append(mean)
        if history.count > config.surpriseWindow { history.removeFirst(history.count - config.surpriseWindow) }
        return f
    }

    /// z-score of `mean` against the trailing window (which excludes the current bar), clipped to ±10.
    private func surprise(_ mean: Double) -> Double {
        guard history.count >= max(config.surpriseWarmup, 2) else { return 0 }
        let m = history.reduce(0, +) / Double(history.count)
        let v = history.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(history.count - 1)
        let z = (mean - m) / max(v.squareRoot(), 0.05)
        return min(max(z, -10), 10)
    }

    @inline(__always) static func finite(_ x: Double) -> Double { x.isFinite ? min(max(x, -1), 1) : 0 }
}
