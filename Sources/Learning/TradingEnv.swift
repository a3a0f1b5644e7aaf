import Features
import Foundation
import TradingCore

/// The trading task as an `Environment`: observe a window of features plus the agent's state at
/// bar t's close, choose an action, get filled (next open by default) with costs, and be
/// rewarded with the change in equity (or the configured scheme) at bar t+1's close.
///
/// Episodes are random windows across many symbols (the seed's "diverse time windows"), restricted
/// to each series' allowed index range so training never steps into validation or test bars.
/// Each step is `TradingStep.advance`, the same engine step the backtester and `live --sim` take.
public struct TradingEnv: Environment {
    public let series: [TradingSeries]
    public let config: TradingEnvConfig
    public let spec: FeatureSpec
    public let observationSize: Int
    public var actionCount: Int { config.actions.count }
    /// Allowed bar indices per series; episodes start and end inside them.
    public let ranges: [Range<Int>]

    public private(set) var symbolIndex = 0
    public private(set) var t = 0
    public private(set) var endIndex = 0
    public private(set) var execution: TradingStep
    public var agent: AgentState { execution.agent }
    public private(set) var equity: Double
    public private(set) var steps = 0
    private var rng: SeededGenerator
    private var sharpeA = 0.0
    private var sharpeB = 0.0
    private let cumulativeStarts: [Int]

    /// - Parameters:
    ///   - ranges: allowed bar indices per series (default: all bars after feature warm-up).
    public init(series: [TradingSeries], config: TradingEnvConfig = TradingEnvConfig(),
                ranges: [Range<Int>]? = nil, seed: UInt64 = 0) throws {
        guard let first = series.first else { throw TradingEnvError.noData }
        let spec = first.features.spec
        var allowed: [Range<Int>] = []
        var cumulative: [Int] = []
        var total = 0
        for (i, s) in series.enumerated() {
            let diffs = s.features.spec.differences(from: spec)
            guard diffs.isEmpty else { throw TradingEnvError.specMismatch(symbol: s.symbol, differences: diffs) }
            let requested = ranges.map { i < $0.count ? $0[i] : 0..<0 } ?? 0..<s.count
            let lower = max(requested.lowerBound, s.firstObservableIndex)
            let upper = min(requested.upperBound, s.count)
            let usable = max(upper - lower, 0)
            guard usable >= 2 else { throw TradingEnvError.tooShort(symbol: s.symbol, usableBars: usable) }
            allowed.append(lower..<upper)
            total += usable - 1
            cumulative.append(total)
        }
        self.series = series
        self.config = config
        self.spec = spec
        self.ranges = allowed
        self.cumulativeStarts = cumulative
        observationSize = ObservationBuilder.size(for: spec)
        rng = SeededGenerator(seed: seed)
        execution = TradingStep(cash: config.initialCash, costs: config.costs, rules: config.rules, fill: config.fill)
        equity = config.initialCash
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed { rng = SeededGenerator(seed: seed) }
        // Pick a start uniformly over all (symbol, start) pairs, so longer series get more episodes.
        let pick = rng.nextInt(below: cumulativeStarts[cumulativeStarts.count - 1])
        var s = 0
        while cumulativeStarts[s] <= pick { s += 1 }
        let range = ranges[s]
        let length = config.episodeLength ?? range.count
        let latestStart = max(range.lowerBound, range.upperBound - 1 - max(length, 1))
        let start = range.lowerBound + rng.nextInt(below: latestStart - range.lowerBound + 1)
        reset(symbol: s, start: start, length: config.episodeLength, into: observation)
    }

    /// Starts a deterministic episode on `series[symbol]` at bar `start` (for evaluation and tests).
    public mutating func reset(symbol: Int, start: Int, length: Int?, into observation: UnsafeMutableBufferPointer<Float>) {
        let range = ranges[symbol]
        symbolIndex = symbol
        t = min(max(start, range.lowerBound), range.upperBound - 2)
        endIndex = min(t + (length ?? range.count), range.upperBound - 1)
        execution = TradingStep(cash: config.initialCash, costs: config.costs, rules: config.rules, fill: config.fill)
        equity = config.initialCash
        steps = 0
        sharpeA = 0
        sharpeB = 0
        ObservationBuilder.write(series[symbol], at: t, state: agent, into: observation)
    }

    public mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        let s = series[symbolIndex]
        let decision = config.decision(for: action, state: agent)
        let decisionIndex = t
        t += 1
        let outcome = execution.advance(decision, decisionClose: s.close[decisionIndex], decisionTime: s.times[decisionIndex],
                                        nextOpen: s.open[t], nextTime: s.times[t], nextClose: s.close[t], symbol: s.symbol)
        let newEquity = outcome.equity
        let exposure = outcome.exposure
        let logReturn = newEquity > 0 && equity > 0 ? Foundation.log(newEquity / equity) : -10
        var reward: Double
        switch config.reward {
        case .logReturn:
            reward = logReturn * config.rewardScale
        case .differentialSharpe(let eta):
            reward = differentialSharpe(logReturn, eta: eta)
        case .sentimentAlignment(let lambda):
            reward = (logReturn + lambda * exposure * Double(s.polarity[decisionIndex])) * config.rewardScale
        }
        if config.turnoverPenalty > 0, let fill = outcome.fill, equity > 0 {
            reward -= config.turnoverPenalty * fill.quantity * fill.price / equity * config.rewardScale
        }
        equity = newEquity
        steps += 1
        let terminated = newEquity < config.ruinFraction * config.initialCash
        let truncated = !terminated && t >= endIndex
        ObservationBuilder.write(s, at: t, state: agent, into: observation)
        return StepOutcome(reward: Float(reward), terminated: terminated, truncated: truncated)
    }

    /// Moody & Saffell (1998): D_t = (B ΔA − ½ A ΔB) / (B − A²)^{3/2} with exponential moments
    /// A (returns) and B (squared returns) at rate η; the raw return until the variance is positive.
    private mutating func differentialSharpe(_ r: Double, eta: Double) -> Double {
        let dA = r - sharpeA, dB = r * r - sharpeB
        let variance = sharpeB - sharpeA * sharpeA
        let d = variance > 1e-12 ? (sharpeB * dA - 0.5 * sharpeA * dB) / (variance * variance.squareRoot()) : r
        sharpeA += eta * dA
        sharpeB += eta * dB
        return d.isFinite ? d : 0
    }

    /// The current series' symbol.
    public var symbol: String { series[symbolIndex].symbol }
}
