import Foundation
import TradingCore

/// The embedded default market: seeded daily bars for several symbols, with regimes, plus posts
/// whose texts come from a latent mood that leads future returns. No keys, no network.
///
/// **This is synthetic data with a known, configurable signal.** Each symbol has a mood `m_t`
/// (AR(1), unit variance). Posts written during session t (from the previous close to this
/// close) express `m_t`; the *intraday* log return of session `t + lag` is
/// `μ_regime + σ_regime · (ρ · m_t + √(1−ρ²) · ε)`, so the correlation between today's mood and
/// the open→close return `lag` sessions later is `signalStrength` (ρ). Overnight gaps carry no
/// signal. A strategy that reads the posts at the close and trades at the next open can earn
/// that edge; a price-only strategy cannot see it. Read results on this market with that in mind:
/// they show whether a learner *can* find a planted signal, not that one exists in real markets.
public struct SyntheticMarketConfig: Sendable, Hashable, Codable {
    public var symbols: [String] = ["SYNA", "SYNB", "SYNC", "SYND"]
    public var start: LocalDate = LocalDate(daysSinceEpoch: 16_804)  // 2016-01-04
    public var sessions: Int = 1_500
    public var seed: UInt64 = 7
    /// Correlation ρ between mood at t and the intraday return at t + lag.
    public var signalStrength: Double = 0.15
    /// Sessions between the mood the posts express and the return it predicts (≥ 1).
    public var lag: Int = 1
    /// AR(1) persistence of the mood.
    public var moodPersistence: Double = 0.7
    /// Mean posts per symbol per session.
    public var postsPerSession: Double = 24
    /// Share of posts that are spam (many cashtags, links, bots repeating themselves).
    public var spamShare: Double = 0.2
    /// Share of non-spam posts whose sentiment is random (independent of the mood).
    public var noiseShare: Double = 0.35

    public init() {}
}

/// What the generator returns: bars and posts per symbol, and the latent moods for diagnostics.
public struct SyntheticDataset: Sendable {
    public var config: SyntheticMarketConfig
    public var series: [BarSeries]
    public var posts: [String: [Post]]
    /// The latent mood per symbol and session (never shown to strategies; for checks and reports).
    public var moods: [String: [Double]]
    /// Realised correlation between mood at t and intraday return at t + lag, per symbol.
    public var realisedSignal: [String: Double]
}

public enum SyntheticMarket {
    enum Regime: Int { case bull, bear, sideways }
    static let drift: [Double] = [0.0006, -0.0005, 0.0]
    static let vol: [Double] = [0.011, 0.02, 0.008]

    /// Generates the dataset; the same config gives identical output.
    public static func generate(_ config: SyntheticMarketConfig) -> SyntheticDataset {
        let calendar = NYSECalendar()
        var sessions: [TradingSession] = []
        var d = config.start
        while sessions.count < config.sessions {
            if let s = calendar.session(on: d) { sessions.append(s) }
            d = d.adding(days: 1)
        }
        let root = SeededGenerator(seed: config.seed)
        var series: [BarSeries] = []
        var posts: [String: [Post]] = [:]
        var moods: [String: [Double]] = [:]
        var realised: [String: Double] = [:]
        for (k, symbol) in config.symbols.enumerated() {
            var rng = root.derived(UInt64(k))
            let (bars, mood, intraday) = barsAndMood(config: config, sessions: sessions, rng: &rng)
            series.append(BarSeries(symbol: symbol, bars: bars))
            moods[symbol] = mood
            realised[symbol] = correlation(Array(mood.dropLast(config.lag)), Array(intraday.dropFirst(config.lag)))
            var postRng = root.derived(1_000 + UInt64(k))
            posts[symbol] = SyntheticPosts.generate(symbol: symbol, sessions: sessions, mood: mood, bars: bars,
                                                    config: config, rng: &postRng)
        }
        return SyntheticDataset(config: config, series: series, posts: posts, moods: moods, realisedSignal: realised)
    }

    static func barsAndMood(config: SyntheticMarketConfig, sessions: [TradingSession], rng: inout SeededGenerator)
        -> ([Bar], [Double], [Double]) {
        let n = sessions.count
        let phi = min(max(config.moodPersistence, 0), 0.999)
        let rho = min(max(config.signalStrength, -0.99), 0.99)
        let lag = max(config.lag, 1)
        var mood = [Double](repeating: 0, count: n)
        var m = rng.nextGaussian()
        for t in 0..<n {
            m = phi * m + (1 - phi * phi).squareRoot() * rng.nextGaussian()
            mood[t] = m
        }
        var regime = Regime(rawValue: rng.nextInt(below: 3)) ?? .sideways
        var close = 20 + rng.nextUnit() * 180
        let baseVolume = 1e6 * (1 + 9 * rng.nextUnit())
        var bars: [Bar] = []
        bars.reserveCapacity(n)
        var intraday = [Double](repeating: 0, count: n)
        for t in 0..<n {
            if rng.nextUnit() < 0.01 { regime = Regime(rawValue: rng.nextInt(below: 3)) ?? .sideways }
            let sigma = vol[regime.rawValue]
            let gap = 0.3 * sigma * rng.nextGaussian()
            let signal = t >= lag ? mood[t - lag] : 0
            let r = drift[regime.rawValue] + sigma * (rho * signal + (1 - rho * rho).squareRoot() * rng.nextGaussian())
            intraday[t] = r
            let open = close * Foundation.exp(gap)
            let newClose = open * Foundation.exp(r)
            let high = max(open, newClose) * Foundation.exp(abs(rng.nextGaussian()) * sigma * 0.4)
            let low = min(open, newClose) * Foundation.exp(-abs(rng.nextGaussian()) * sigma * 0.4)
            let volume = (baseVolume * Foundation.exp(0.25 * rng.nextGaussian() + 8 * abs(r))).rounded()
            bars.append(Bar(time: sessions[t].date.instant(hour: 0, in: .newYork),
                            open: open, high: high, low: low, close: newClose, volume: volume))
            close = newClose
        }
        return (bars, mood, intraday)
    }

    /// Pearson correlation (0 for degenerate inputs).
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = min(a.count, b.count)
        guard n > 2 else { return 0 }
        let ma = a.prefix(n).reduce(0, +) / Double(n), mb = b.prefix(n).reduce(0, +) / Double(n)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0..<n {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    /// A long random-walk series of 1-minute bars for speed benchmarks (no posts, no calendar).
    public static func randomWalk(count: Int, seed: UInt64, symbol: String = "BENCH") -> BarSeries {
        var rng = SeededGenerator(seed: seed)
        var bars: [Bar] = []
        bars.reserveCapacity(count)
        var close = 100.0
        let start = 1_600_000_000.0
        for i in 0..<count {
            let open = close * (1 + 0.0002 * rng.nextGaussian())
            close = max(open * (1 + 0.001 * rng.nextGaussian()), 0.01)
            let spread = 0.0005 * abs(rng.nextGaussian())
            bars.append(Bar(time: Date(timeIntervalSince1970: start + Double(i) * 60), open: open,
                            high: max(open, close) * (1 + spread), low: min(open, close) * (1 - spread),
                            close: close, volume: 1_000 + Double(rng.nextInt(below: 1_000))))
        }
        return BarSeries(symbol: symbol, timeframe: .minutes(1), bars: bars)
    }
}
