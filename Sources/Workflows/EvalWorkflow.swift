import Backtest
import Strategy
import Features
import Learning
import Foundation
import Sentiment
import TradingCore

/// Settings of a walk-forward evaluation (`sentrade eval`).
public struct EvalConfig: Sendable {
    public var from: LocalDate
    public var to: LocalDate
    public var folds = 3
    public var window: WalkForwardWindow = .expanding
    /// One explicit fold instead of `folds` (`--train A:B --test C:D`).
    public var explicitTrain: ClosedRange<LocalDate>?
    public var explicitTest: ClosedRange<LocalDate>?
    public var initialTrainFraction = 0.5
    /// The last share of each training window that learned contenders validate on (model selection).
    public var validationFraction = 0.2
    public var seeds: [UInt64] = [0, 1, 2]
    public var backtest = BacktestConfig()
    public var bootstrapSamples = 2_000
    public var bootstrapBlockLength = 10.0
    public var analyzer = "lexicon"
    /// The movement-prediction test period (the StockNet paper's: 2015-10-01…2015-12-31); the
    /// classifier trains on the sessions from `from` to the day before it.
    /// Learned contenders are also fitted once more for this view (their direction calls); set
    /// `movementWithLearned` false to skip that.
    public var movementWithLearned = true
    public var movementTest: ClosedRange<LocalDate>? = EvalConfig.stockNetPaperWindow
    /// With no `movementTest`: score the movement view on the run's own last test window.
    public var movementOnLastFold = false

    /// The StockNet paper's movement test window (comparable with its 58.23% / MCC 0.0808 only on StockNet data).
    public static let stockNetPaperWindow: ClosedRange<LocalDate>? = LocalDate(year: 2015, month: 10, day: 1).flatMap { a in
        LocalDate(year: 2015, month: 12, day: 31).map { a...$0 }
    }

    public init(from: LocalDate, to: LocalDate) {
        self.from = from
        self.to = to
    }
}

/// Why an evaluation refused to run.
public enum EvalError: Error, Sendable, CustomStringConvertible {
    case dataChecksFailed([String])
    case noContenders

    public var description: String {
        switch self {
        case .dataChecksFailed(let errors): return "data checks failed:\n  " + errors.joined(separator: "\n  ")
        case .noContenders: return "no contenders to evaluate"
        }
    }
}

/// One contender's outcome in one fold for one seed.
public struct FoldOutcome: Sendable {
    public var contender: String
    public var seed: UInt64
    public var fold: Int
    public var testPeriod: ClosedRange<LocalDate>
    public var portfolio: PortfolioView.Combined
    public var metrics: PerformanceMetrics
    public var perSymbol: [String: PerformanceMetrics]
    /// Every symbol's round trips in the test window, in entry order.
    public var trades: [RoundTrip] = []
}

/// Walk-forward evaluation: for each fold, fit every contender on the training window only and
/// test it on the next unseen window; then compare contenders with bootstrap intervals, a paired
/// bootstrap and the deflated Sharpe ratio (`EvalSummary`).
public enum EvalWorkflow {
    public static func run(data: EvalDataset, contenders: [Contender], portfolio: [PortfolioContender] = [],
                           config: EvalConfig, calendar: any TradingCalendar = NYSECalendar(),
                           progress: (String) -> Void = { _ in }) throws -> EvalSummary {
        guard !contenders.isEmpty || !portfolio.isEmpty else { throw EvalError.noContenders }
        let checks = DataCheckReport.check(data, from: config.from, to: config.to, calendar: calendar)
        guard checks.errors.isEmpty else { throw EvalError.dataChecksFailed(checks.errors) }
        // Sessions every symbol has prices for, inside the period.
        var common = Set(calendar.sessions(from: config.from, to: config.to).map(\.date))
        for s in data.bars { common.formIntersection(s.bars.map { LocalDate($0.time, in: calendar.timeZone) }) }
        let sessions = common.sorted()
        let plan: WalkForwardPlan
        if let train = config.explicitTrain, let test = config.explicitTest {
            plan = try WalkForwardPlan.explicit(sessions: sessions, train: train, test: test)
        } else {
            plan = try WalkForwardPlan.make(sessions: sessions, folds: config.folds, window: config.window,
                                            initialTrainFraction: config.initialTrainFraction)
        }
        progress("\(data.bars.count) symbols, \(sessions.count) common sessions, \(plan.folds.count) folds")
        var notes = checks.lines + checks.warnings
        // Sentiment features per analyzer (causal: each bar sees posts up to its close only).
        var sentimentByAnalyzer: [String: [String: [SentimentFeatures]]] = [:]
        func sentiment(_ analyzer: String) throws -> [String: [SentimentFeatures]] {
            if let cached = sentimentByAnalyzer[analyzer] { return cached }
            let builder = SentimentFeatureBuilder(analyzer: try AnalyzerSpec.load(analyzer))
            var out: [String: [SentimentFeatures]] = [:]
            for bars in data.bars {
                let built = try builder.build(posts: data.posts[bars.symbol] ?? [], bars: bars, calendar: calendar)
                out[bars.symbol] = built.perBar
                if analyzer == config.analyzer { notes += built.notes.map { "\(bars.symbol): \($0)" } }
            }
            sentimentByAnalyzer[analyzer] = out
            return out
        }
        _ = try sentiment(config.analyzer)
        var seriesCache: [String: [TradingSeries]] = [:]
        func series(for spec: FeatureSpec?, analyzer: String? = nil) throws -> [TradingSeries] {
            let a = analyzer ?? config.analyzer
            let key = "\(a)|\(spec.map { "\($0)" } ?? "prices")"
            if let cached = seriesCache[key] { return cached }
            let s = try sentiment(a)
            let built = data.bars.map { TradingSeries(series: $0, sentiment: s[$0.symbol], spec: spec) }
            seriesCache[key] = built
            return built
        }
        var outcomes: [FoldOutcome] = []
        for fold in plan.folds {
            guard let trainDates = plan.dates(fold.train), let testDates = plan.dates(fold.test) else { continue }
            progress("fold \(fold.index + 1)/\(plan.folds.count): train \(trainDates.lowerBound)…\(trainDates.upperBound), test \(testDates.lowerBound)…\(testDates.upperBound)")
            for contender in contenders {
                let list = try series(for: contender.spec, analyzer: contender.analyzer)
                let trainRanges = list.map { indexRange($0, dates: trainDates, calendar: calendar) }
                let testRanges = list.map { indexRange($0, dates: testDates, calendar: calendar) }
                let split = trainRanges.map { splitForValidation($0, fraction: config.validationFraction) }
                for seed in contender.isLearned ? config.seeds : [config.seeds.first ?? 0] {
                    let request = FitRequest(series: list, trainRanges: split.map(\.0), validationRanges: split.map(\.1),
                                             seed: seed, backtest: config.backtest)
                    progress("  \(contender.name)\(contender.isLearned ? " seed \(seed)" : "")")
                    var policy = try contender.fit(request)
                    var results: [BacktestResult] = []
                    for (k, s) in list.enumerated() {
                        // The test range starts one bar early so the first test session's return is traded.
                        let r = testRanges[k]
                        results.append(Backtester.run(any: &policy, on: s, range: max(r.lowerBound - 1, 0)..<r.upperBound, config: config.backtest))
                    }
                    guard let combined = PortfolioView.combined(results) else { continue }
                    let metrics = combined.metrics(periodsPerYear: 252)
                    outcomes.append(FoldOutcome(
                        contender: contender.name, seed: seed, fold: fold.index, testPeriod: testDates, portfolio: combined,
                        metrics: metrics, perSymbol: Dictionary(uniqueKeysWithValues: results.map { ($0.symbol, $0.metrics) }),
                        trades: results.flatMap(\.trades).sorted { $0.entryTime < $1.entryTime }))
                }
            }
            for contender in portfolio {
                let list = try series(for: contender.spec)
                outcomes += try runPortfolio(contender, series: list, train: trainDates, test: testDates, fold: fold.index,
                                             config: config, calendar: calendar, progress: progress)
            }
        }
        var movement: [MovementView.Score] = []
        var movementTest = config.movementTest
        if movementTest == nil, config.movementOnLastFold, let last = plan.folds.last { movementTest = plan.dates(last.test) }
        if let test = movementTest, test.lowerBound > config.from, test.upperBound <= config.to {
            let trainDates = config.from...test.lowerBound.adding(days: -1)
            for (name, spec) in [("logistic (fused features)", FeatureSpec.fused(window: 1)),
                                 ("logistic (price features)", FeatureSpec.priceOnly(window: 1))] {
                let list = try series(for: spec)
                let scores = MovementView.classifier(
                    series: list, train: list.map { indexRange($0, dates: trainDates, calendar: calendar) },
                    test: list.map { indexRange($0, dates: test, calendar: calendar) }, name: name)
                movement += movement.isEmpty ? scores : scores.filter { $0.predictor != "always up" }
            }
            // The learned agents' direction calls: fitted on the same pre-test sessions (first seed).
            for contender in contenders where contender.isLearned && config.movementWithLearned
                && !contender.name.contains("−") && contender.analyzer == nil {
                let list = try series(for: contender.spec, analyzer: contender.analyzer)
                let train = list.map { indexRange($0, dates: trainDates, calendar: calendar) }
                let split = train.map { splitForValidation($0, fraction: config.validationFraction) }
                progress("movement view: fitting \(contender.name) before \(test.lowerBound)")
                let policy = try contender.fit(FitRequest(series: list, trainRanges: split.map(\.0), validationRanges: split.map(\.1),
                                                          seed: config.seeds.first ?? 0, backtest: config.backtest))
                movement.append(MovementView.direction(of: policy, name: "\(contender.name) (direction)", series: list,
                                                       test: list.map { indexRange($0, dates: test, calendar: calendar) },
                                                       config: config.backtest))
            }
        }
        return EvalSummary(outcomes: outcomes, contenders: contenders.map(\.name) + portfolio.map(\.name), plan: plan, config: config, notes: notes,
                           movement: movement, movementWindow: movement.isEmpty ? nil : movementTest)
    }

    /// One portfolio contender in one fold: fitted per seed on the fold's training sessions (the
    /// last `validationFraction` held back for model selection), run on its test sessions from the
    /// close before the first (so that session's return is traded, as for per-symbol contenders).
    static func runPortfolio(_ contender: PortfolioContender, series list: [TradingSeries], train: ClosedRange<LocalDate>,
                             test: ClosedRange<LocalDate>, fold: Int, config: EvalConfig, calendar: any TradingCalendar,
                             progress: (String) -> Void) throws -> [FoldOutcome] {
        let sessions = PortfolioEnv.align(list).times
        let trainSessions = indexRange(sessions, dates: train, calendar: calendar)
        let testSessions = indexRange(sessions, dates: test, calendar: calendar)
        let (fitting, validation) = splitForValidation(trainSessions, fraction: config.validationFraction)
        var outcomes: [FoldOutcome] = []
        for seed in contender.isLearned ? config.seeds : [config.seeds.first ?? 0] {
            progress("  \(contender.name)\(contender.isLearned ? " seed \(seed)" : "")")
            let strategy = try contender.fit(PortfolioFitRequest(series: list, trainSessions: fitting, validationSessions: validation,
                                                                 seed: seed, backtest: config.backtest))
            var env = try PortfolioEnv(series: list, config: strategy.env, actions: strategy.actions)
            let run = env.run(sessions: max(testSessions.lowerBound - 1, 0)..<testSessions.upperBound, choose: strategy.choose)
            guard run.times.count >= 2 else { continue }
            let combined = run.combined
            outcomes.append(FoldOutcome(contender: contender.name, seed: seed, fold: fold, testPeriod: test, portfolio: combined,
                                        metrics: combined.metrics(periodsPerYear: 252), perSymbol: [:]))
        }
        return outcomes
    }

    /// A training range's fitting part and its last `fraction` held back for model selection.
    static func splitForValidation(_ r: Range<Int>, fraction: Double) -> (Range<Int>, Range<Int>) {
        let cut = r.upperBound - Int(Double(r.count) * fraction)
        return (r.lowerBound..<cut, cut..<r.upperBound)
    }

    /// Bar indices of `series` whose session dates lie in `dates`.
    static func indexRange(_ series: TradingSeries, dates: ClosedRange<LocalDate>, calendar: any TradingCalendar) -> Range<Int> {
        indexRange(series.times, dates: dates, calendar: calendar)
    }

    /// Indices of the sorted `times` whose session dates lie in `dates`.
    static func indexRange(_ times: [Date], dates: ClosedRange<LocalDate>, calendar: any TradingCalendar) -> Range<Int> {
        let lo = times.firstIndex(atOrAfter: dates.lowerBound.instant(hour: 0, in: calendar.timeZone))
        let hi = times.firstIndex(atOrAfter: dates.upperBound.adding(days: 1).instant(hour: 0, in: calendar.timeZone))
        return lo..<max(lo, hi)
    }
}
