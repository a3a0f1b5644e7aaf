import Features
import Foundation
import TradingCore

/// One agent allocating across N symbols and cash, as an `Environment`.
///
/// The symbols are traded on the sessions they all have (`times`); at session k's close the agent
/// sees every symbol's observation (the same `ObservationBuilder` rows a single-symbol agent sees,
/// each with that symbol's holding state, so its weight) and the cash weight, picks one of the
/// `PortfolioActions`, and the `PortfolioStep` fills the rebalance at session k+1's open with costs
/// on the shared cash. The reward is the portfolio's log return (net of costs) times `rewardScale`,
/// less `turnoverPenalty` per unit of traded notional over equity; episodes are random windows of
/// `episodeLength` sessions inside the allowed range, so training never steps into later folds.
/// `minHoldBars` applies to the whole allocation: after a session that traded, any reallocation is
/// a hold until that many sessions have passed (the observation's last value is the time since).
public struct PortfolioEnv: Environment {
    public let series: [TradingSeries]
    public let config: TradingEnvConfig
    public let actions: PortfolioActions
    /// Sessions every symbol has, in order.
    public let times: [Date]
    /// `rows[i][k]`: series i's bar index of session `times[k]`.
    public let rows: [[Int]]
    /// Session indices episodes start and end inside.
    public let range: Range<Int>
    public let observationSize: Int
    public var actionCount: Int { actions.count }
    public let symbols: [String]
    /// Each action's target weights (nil: hold), built once: steps look them up.
    private let allocations: [[Double]?]

    public private(set) var k = 0
    public private(set) var endIndex = 0
    public private(set) var execution: PortfolioStep
    public private(set) var equity: Double
    /// Gross exposure (Σ |weight|) at the latest mark.
    public private(set) var exposure = 0.0
    /// Sessions since the last one that traded (large at the start: the first decision may trade).
    public private(set) var sessionsSinceTrade = Int.max / 2
    private var rng: SeededGenerator
    private let perSymbol: Int

    /// - Parameter range: allowed session indices (into `times`); default: all after warm-up.
    public init(series: [TradingSeries], config: TradingEnvConfig, actions: PortfolioActions? = nil,
                range: Range<Int>? = nil, seed: UInt64 = 0) throws {
        guard let first = series.first else { throw TradingEnvError.noData }
        let spec = first.features.spec
        for s in series {
            let diffs = s.features.spec.differences(from: spec)
            guard diffs.isEmpty else { throw TradingEnvError.specMismatch(symbol: s.symbol, differences: diffs) }
        }
        let (times, rows) = Self.align(series)
        // The first session at which every symbol's observation window is warm.
        var warm = 0
        while warm < times.count, zip(series, rows).contains(where: { $1[warm] < $0.firstObservableIndex }) { warm += 1 }
        let requested = range ?? 0..<times.count
        let lower = max(requested.lowerBound, warm), upper = min(requested.upperBound, times.count)
        guard upper - lower >= 2 else {
            throw TradingEnvError.tooShort(symbol: series.map(\.symbol).joined(separator: ","), usableBars: max(upper - lower, 0))
        }
        self.series = series
        self.config = config
        let actionSet = actions ?? PortfolioActions(symbols: series.count)
        self.actions = actionSet
        allocations = (0..<actionSet.count).map { actionSet.weights(for: $0) }
        symbols = series.map(\.symbol)
        self.times = times
        self.rows = rows
        self.range = lower..<upper
        perSymbol = ObservationBuilder.size(for: spec)
        observationSize = perSymbol * series.count + 2
        rng = SeededGenerator(seed: seed)
        execution = PortfolioStep(symbols: series.count, cash: config.initialCash, costs: config.costs, rules: config.rules, fill: config.fill)
        equity = config.initialCash
    }

    /// The sessions all series share, and each series' index of each.
    public static func align(_ series: [TradingSeries]) -> (times: [Date], rows: [[Int]]) {
        guard let first = series.first else { return ([], []) }
        var common = Set(first.times)
        for s in series.dropFirst() { common.formIntersection(s.times) }
        let times = common.sorted()
        let rows = series.map { s in
            var out: [Int] = []
            out.reserveCapacity(times.count)
            var j = 0
            for t in times {
                while s.times[j] < t { j += 1 }
                out.append(j)
            }
            return out
        }
        return (times, rows)
    }

    /// Index of the first common session at or after `date` (`times.count` when none).
    public func session(atOrAfter date: Date) -> Int { times.firstIndex(atOrAfter: date) }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed { rng = SeededGenerator(seed: seed) }
        let length = config.episodeLength ?? range.count
        let latestStart = max(range.lowerBound, range.upperBound - 1 - max(length, 1))
        let start = range.lowerBound + rng.nextInt(below: latestStart - range.lowerBound + 1)
        reset(start: start, length: config.episodeLength, into: observation)
    }

    /// Starts a deterministic episode at session `start` (for evaluation and tests).
    public mutating func reset(start: Int, length: Int?, into observation: UnsafeMutableBufferPointer<Float>) {
        k = min(max(start, range.lowerBound), range.upperBound - 2)
        endIndex = min(k + (length ?? range.count), range.upperBound - 1)
        execution = PortfolioStep(symbols: series.count, cash: config.initialCash, costs: config.costs, rules: config.rules, fill: config.fill)
        equity = config.initialCash
        exposure = 0
        sessionsSinceTrade = Int.max / 2
        writeObservation(into: observation)
    }

    public mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        step(weights: allocations.indices.contains(action) ? allocations[action] : nil, into: observation)
    }

    /// One session with explicit target weights (nil: hold), for baselines that are not agents.
    public mutating func step(weights targets: [Double]?, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        let decision = k, next = k + 1
        let decisionCloses = prices(\.close, at: decision), nextCloses = prices(\.close, at: next)
        let notionalBefore = execution.tradedNotional, tradesBefore = execution.tradeCount
        let newEquity: Double
        if let targets, sessionsSinceTrade + 1 >= config.minHoldBars {
            (_, newEquity, exposure) = execution.advance(toWeights: targets, decisionCloses: decisionCloses, decisionTime: times[decision],
                                                         nextOpens: prices(\.open, at: next), nextTime: times[next],
                                                         nextCloses: nextCloses, symbols: symbols)
        } else {
            (newEquity, exposure) = execution.mark(closes: nextCloses)
        }
        k = next
        sessionsSinceTrade = execution.tradeCount > tradesBefore ? 0 : sessionsSinceTrade + 1
        let logReturn = newEquity > 0 && equity > 0 ? Foundation.log(newEquity / equity) : -10
        var reward = logReturn * config.rewardScale
        if config.turnoverPenalty > 0, equity > 0 {
            reward -= config.turnoverPenalty * (execution.tradedNotional - notionalBefore) / equity * config.rewardScale
        }
        equity = newEquity
        let terminated = newEquity < config.ruinFraction * config.initialCash
        writeObservation(into: observation)
        return StepOutcome(reward: Float(reward), terminated: terminated, truncated: !terminated && k >= endIndex)
    }

    /// Every symbol's observation at session k, then the cash weight and the time since the last
    /// trade (squashed into [0, 1) like `AgentState`'s holding time).
    private func writeObservation(into out: UnsafeMutableBufferPointer<Float>) {
        for i in series.indices {
            let slice = UnsafeMutableBufferPointer(rebasing: out[(i * perSymbol)..<((i + 1) * perSymbol)])
            ObservationBuilder.write(series[i], at: rows[i][k], state: execution.agents[i], into: slice)
        }
        // `equity` is the mark at session k's closes.
        out[out.count - 2] = Float(equity > 0 ? execution.cash / equity : 0)
        let since = Double(min(sessionsSinceTrade, 1_000_000))
        out[out.count - 1] = Float(since / (since + 20))
    }

    private func prices(_ field: KeyPath<TradingSeries, [Double]>, at session: Int) -> [Double] {
        series.indices.map { series[$0][keyPath: field][rows[$0][session]] }
    }
}

/// A deterministic run of a portfolio over consecutive sessions: the equity curve and trading totals.
public struct PortfolioRun: Sendable {
    public var times: [Date]
    public var equity: [Double]
    /// Gross exposure (Σ |weight|) after each session's mark; 0 at the start.
    public var exposure: [Double]
    public var tradedNotional: Double
    public var trades: Int
    public var costsPaid: Double
}

extension PortfolioEnv {
    /// Runs sessions `sessions` from the first (decided at its close) to the last, starting from
    /// cash: `choose` gets each raw observation and the step number and returns target weights
    /// (nil: hold).
    public mutating func run(sessions: Range<Int>, choose: (UnsafeBufferPointer<Float>, Int) -> [Double]?) -> PortfolioRun {
        var observation = [Float](repeating: 0, count: observationSize)
        let start = max(sessions.lowerBound, range.lowerBound), end = min(sessions.upperBound, times.count)
        guard end - start >= 2 else {
            return PortfolioRun(times: [], equity: [], exposure: [], tradedNotional: 0, trades: 0, costsPaid: 0)
        }
        observation.withUnsafeMutableBufferPointer { reset(start: start, length: nil, into: $0) }
        var run = PortfolioRun(times: [times[k]], equity: [equity], exposure: [0], tradedNotional: 0, trades: 0, costsPaid: 0)
        var step = 0
        while k < end - 1 {
            let weights = observation.withUnsafeBufferPointer { choose($0, step) }
            _ = observation.withUnsafeMutableBufferPointer { self.step(weights: weights, into: $0) }
            run.times.append(times[k])
            run.equity.append(equity)
            run.exposure.append(exposure)
            step += 1
        }
        run.tradedNotional = execution.tradedNotional
        run.trades = execution.tradeCount
        run.costsPaid = execution.costsPaid
        return run
    }
}
