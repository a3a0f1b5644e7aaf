import Backtest
import Strategy
import Foundation
import TradingCore

/// The comparison of contenders across folds and seeds, with uncertainty attached.
///
/// A contender's test returns are the fold portfolios' daily returns, chained in time order; for
/// learned contenders they are averaged across seeds day by day (capital split evenly between the
/// seeds' agents), so one lucky seed cannot carry the result.
public struct EvalSummary: Sendable {
    public var outcomes: [FoldOutcome]
    public var contenders: [String]
    public var plan: WalkForwardPlan
    public var config: EvalConfig
    public var notes: [String]
    /// Next-day movement prediction scores (StockNet paper's view), when the period covers its test window.
    public var movement: [MovementView.Score] = []
    /// The sessions the movement view was scored on.
    public var movementWindow: ClosedRange<LocalDate>?
    /// Per-period Sharpe ratios of the tuning trials that chose the agents' settings (`eval --tuned`):
    /// they count in the deflated Sharpe ratio's trials.
    public var tuningTrials: [Double] = []

    public struct Row: Sendable, Codable {
        public var contender: String
        public var seeds: Int
        public var metrics: PerformanceMetrics
        public var sharpeLow: Double
        public var sharpeHigh: Double
        /// Mean and standard deviation of the per-seed Sharpe ratios (learned contenders).
        public var seedSharpeMean: Double
        public var seedSharpeSD: Double
    }

    /// Daily test returns of one contender, averaged over seeds, in time order.
    public func returns(_ contender: String) -> [Double] {
        let mine = outcomes.filter { $0.contender == contender }
        let seeds = Set(mine.map(\.seed)).sorted()
        var total: [Double] = []
        for fold in Set(mine.map(\.fold)).sorted() {
            let perSeed = seeds.compactMap { s in mine.first { $0.fold == fold && $0.seed == s }?.portfolio.returns }
            guard let n = perSeed.map(\.count).min(), n > 0 else { continue }
            total += (0..<n).map { i in perSeed.reduce(0) { $0 + $1[i] } / Double(perSeed.count) }
        }
        return total
    }

    /// Per-seed chained returns (for seed dispersion and the deflated Sharpe ratio's trial count).
    func seedReturns(_ contender: String) -> [[Double]] {
        let mine = outcomes.filter { $0.contender == contender }
        return Set(mine.map(\.seed)).sorted().map { s in
            mine.filter { $0.seed == s }.sorted { $0.fold < $1.fold }.flatMap(\.portfolio.returns)
        }
    }

    public var rows: [Row] {
        let boot = StationaryBootstrap(samples: config.bootstrapSamples, meanBlockLength: config.bootstrapBlockLength, seed: 17)
        return contenders.map { name in
            let r = returns(name)
            // The chained curve starts from the portfolio's capital (cash per symbol × symbols), so
            // costs and traded notional, which are in portfolio units, compare with it.
            let capital = outcomes.first { $0.contender == name }?.portfolio.equity.first ?? config.backtest.initialCash
            var equity = [capital]
            for x in r { equity.append(equity[equity.count - 1] * (1 + x)) }
            let mine = outcomes.filter { $0.contender == name }
            let seedCount = max(Set(mine.map(\.seed)).count, 1)
            let trades = mine.reduce(0) { $0 + $1.portfolio.trades } / seedCount
            let notional = mine.reduce(0) { $0 + $1.portfolio.tradedNotional } / Double(seedCount)
            let costs = mine.reduce(0) { $0 + $1.portfolio.costsPaid } / Double(seedCount)
            let metrics = PerformanceMetrics.compute(
                equity: equity, exposures: mine.filter { $0.seed == mine.first?.seed }.flatMap { $0.portfolio.exposure.dropFirst() }[...],
                periodsPerYear: 252, tradedNotional: notional,
                trades: trades, roundTrips: mine.filter { $0.seed == mine.first?.seed }.flatMap(\.portfolio.roundTrips), costsPaid: costs)
            let ci = boot.interval(r, statistic: StationaryBootstrap.annualisedSharpe(252))
            let seedSharpes = seedReturns(name).map { ReturnMoments($0).sharpe * 252.0.squareRoot() }
            let mean = seedSharpes.reduce(0, +) / Double(max(seedSharpes.count, 1))
            let sd = seedSharpes.count > 1
                ? (seedSharpes.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(seedSharpes.count - 1)).squareRoot() : 0
            return Row(contender: name, seeds: seedCount, metrics: metrics, sharpeLow: ci.lowerBound, sharpeHigh: ci.upperBound,
                       seedSharpeMean: mean, seedSharpeSD: sd)
        }
    }

    /// Paired stationary-bootstrap probability that `a`'s Sharpe exceeds `b`'s on the same days.
    public func probability(_ a: String, beats b: String) -> Double? {
        let ra = returns(a), rb = returns(b)
        guard ra.count == rb.count, ra.count > 2 else { return nil }
        let boot = StationaryBootstrap(samples: config.bootstrapSamples, meanBlockLength: config.bootstrapBlockLength, seed: 23)
        return boot.probabilityGreater(ra, rb) { ReturnMoments($0).sharpe }
    }

    /// Sharpe of `contender` minus Sharpe of `reference` (annualised), with a paired 95% interval.
    public func sharpeDelta(_ contender: String, versus reference: String) -> (delta: Double, low: Double, high: Double)? {
        let a = returns(contender), b = returns(reference)
        guard a.count == b.count, a.count > 2 else { return nil }
        let boot = StationaryBootstrap(samples: config.bootstrapSamples, meanBlockLength: config.bootstrapBlockLength, seed: 29)
        let sharpe = StationaryBootstrap.annualisedSharpe(252)
        let ci = boot.intervalOfDifference(a, b, statistic: sharpe)
        return (sharpe(a) - sharpe(b), ci.lowerBound, ci.upperBound)
    }

    /// The deflated Sharpe ratio of the best configuration, counting every (contender, seed) tried
    /// and every tuning trial behind the agents' settings.
    public var deflatedSharpe: (best: String, trials: Int, sharpe: Double, benchmark: Double, probability: Double)? {
        var configs: [(String, [Double])] = []
        for c in contenders { for r in seedReturns(c) where r.count > 2 { configs.append((c, r)) } }
        guard let d = SharpeSignificance.deflatedBest(of: configs.map(\.1), periodsPerYear: 252, otherTrials: tuningTrials) else { return nil }
        return (configs[d.best].0, d.trials, d.sharpe, d.benchmark, d.probability)
    }

    /// One line per (contender, seed, fold) for a CSV file.
    public func foldCSV() -> String {
        var out = "contender,seed,fold,test_from,test_to,total_return,sharpe,sortino,max_drawdown,turnover,costs_paid,trades\n"
        for o in outcomes {
            let m = o.metrics
            out += "\(CSVText.field(o.contender)),\(o.seed),\(o.fold),\(o.testPeriod.lowerBound),\(o.testPeriod.upperBound),"
            out += "\(m.totalReturn),\(m.sharpe),\(m.sortino),\(m.maxDrawdown),\(m.turnover),\(m.costsPaid),\(m.trades)\n"
        }
        return out
    }

    /// The plain-text table: metrics plus the Sharpe interval and seed spread.
    public func table() -> String {
        let header = ["contender", "seeds", "total ret", "Sharpe", "95% CI", "seed Sharpe", "Sortino", "max DD", "turnover", "costs"]
        let body = rows.map { r -> [String] in
            [r.contender, "\(r.seeds)", String(format: "%.1f%%", r.metrics.totalReturn * 100), String(format: "%.2f", r.metrics.sharpe),
             String(format: "[%.2f, %.2f]", r.sharpeLow, r.sharpeHigh),
             r.seeds > 1 ? String(format: "%.2f ± %.2f", r.seedSharpeMean, r.seedSharpeSD) : "-",
             String(format: "%.2f", r.metrics.sortino), String(format: "%.1f%%", r.metrics.maxDrawdown * 100),
             String(format: "%.1fx", r.metrics.turnover), String(format: "%.0f", r.metrics.costsPaid)]
        }
        return ReportTable.aligned(header: header, rows: body)
    }
}
