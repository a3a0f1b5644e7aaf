import Backtest
import Strategy
import Features
import Foundation
import Learning
import MarketData
import Report
import TradingCore

/// The embedded end-to-end run behind `sentrade demo`: synthetic market and posts → sentiment →
/// features → contenders → backtest on a held-out period → metrics table and report files.
/// No keys, no network; every number comes from running the pipeline.
public struct DemoConfig: Sendable {
    public var market = SyntheticMarketConfig()
    /// Fractions of the sessions used for training and validation; the rest is the held-out test.
    public var trainFraction = 0.6
    public var validationFraction = 0.15
    public var backtest = BacktestConfig()
    public var reportDirectory = "reports/demo"
    /// PPO timesteps per agent (0 skips the learned agents).
    public var ppoTimesteps = 200_000
    /// Seed of the agents' training (network initialisation, episode sampling, minibatches).
    public var trainingSeed: UInt64 = 0
    /// Bars per observation window of the learned agents.
    public var window = AgentDefaults.window
    /// `TradingEnvConfig.turnoverPenalty` of the learned agents.
    public var turnoverPenalty = AgentDefaults.turnoverPenalty
    /// `TradingEnvConfig.minHoldBars` of the learned agents.
    public var minHoldBars = AgentDefaults.minHoldBars
    /// Agents per learned contender, trained with seeds trainingSeed + 1000·k, deciding together
    /// (`EnsemblePolicy`); 1: a single agent.
    public var ensembleSize = AgentDefaults.ensembleSize
    /// PPO discount factor of the learned agents (nil: `AgentDefaults.gamma`).
    public var gamma: Double?
    /// The learned agents' action scheme.
    public var actions: ActionScheme = AgentDefaults.actions

    public init() {}
}

/// What the demo measured.
public struct DemoReport: Sendable {
    public struct Contender: Sendable {
        public var name: String
        /// Equal-weight portfolio over all symbols on the test period.
        public var portfolio: PerformanceMetrics
        public var perSymbol: [BacktestResult]
        /// A PPO agent's decision explanations on the first symbol (empty for rule baselines).
        public var explanations: [(time: Date, explanation: DecisionExplanation)] = []
    }

    public var contenders: [Contender]
    public var testPeriod: String
    public var symbols: [String]
    public var plantedSignal: Double
    public var realisedSignal: [String: Double]
    public var notes: [String]
    public var files: [String]
}

public enum DemoWorkflow {
    public static func run(_ config: DemoConfig, progress: (String) -> Void = { _ in }) throws -> DemoReport {
        progress("generating synthetic market: \(config.market.symbols.count) symbols × \(config.market.sessions) sessions, seed \(config.market.seed)")
        let dataset = SyntheticMarket.generate(config.market)
        let sentiment = SentimentFeatureBuilder.default
        var notes: [String] = []
        var seriesList: [TradingSeries] = []
        for bars in dataset.series {
            let posts = dataset.posts[bars.symbol] ?? []
            let features = try sentiment.build(posts: posts, bars: bars)
            notes.append(contentsOf: features.notes.map { "\(bars.symbol): \($0)" })
            seriesList.append(TradingSeries(series: bars, sentiment: features.perBar, spec: .fused()))
        }
        let n = seriesList[0].count
        let testStart = Int(Double(n) * (config.trainFraction + config.validationFraction))
        let testRange = testStart..<n
        var contenders: [DemoReport.Contender] = []
        if config.ppoTimesteps > 0 {
            let trainEnd = Int(Double(n) * config.trainFraction)
            for (name, features) in [("ppo price-only", FeatureID.market), ("ppo fused", FeatureID.market + FeatureID.sentiment)] {
                let spec = FeatureSpec(features: features, window: config.window)
                let list = dataset.series.enumerated().map { i, bars in
                    TradingSeries(series: bars, sentiment: seriesList[i].sentiment, spec: spec)
                }
                var env = TradingEnvConfig()
                env.costs = config.backtest.costs
                env.fill = config.backtest.fill
                env.rules = config.backtest.rules
                env.initialCash = config.backtest.initialCash
                env.turnoverPenalty = config.turnoverPenalty
                env.minHoldBars = config.minHoldBars
                env.actions = config.actions
                var members: [PPOPolicy] = []
                // One agent: checkpoint-NAME/; an ensemble: checkpoint-NAME/memberK/ and checkpoint-NAME/ensemble.json.
                let folder = "\(config.reportDirectory)/checkpoint-\(name.replacingOccurrences(of: " ", with: "-"))"
                for k in 0..<max(config.ensembleSize, 1) {
                    let seed = config.trainingSeed &+ 1000 &* UInt64(k)
                    var ppo = AgentDefaults.ppo(seed: seed)
                    ppo.totalTimesteps = config.ppoTimesteps
                    if let gamma = config.gamma { ppo.gamma = gamma }
                    var options = TrainingOptions()
                    options.checkpointDirectory = config.ensembleSize > 1 ? folder + "/member\(k)" : folder
                    // Per-iteration diagnostics (entropy, KL, clip fraction, explained variance, validation Sharpe and turnover).
                    options.logFile = "\(config.reportDirectory)/training-\(name.replacingOccurrences(of: " ", with: "-"))-seed\(seed).jsonl"
                    let started = Date()
                    progress("training \(name) (\(config.ppoTimesteps) steps, seed \(seed))")
                    let outcome = try TradingTraining.train(
                        series: list, trainRanges: list.map { $0.firstObservableIndex..<trainEnd },
                        validationRanges: list.map { _ in trainEnd..<testStart }, env: env, ppo: ppo, options: options)
                    notes.append(String(format: "%@ (seed %llu): %d steps in %.1f s, best validation Sharpe %.2f%@", name, seed,
                                        outcome.manifest.timesteps ?? 0, Date().timeIntervalSince(started), outcome.bestValidationSharpe,
                                        outcome.stoppedEarly ? " (stopped early)" : ""))
                    members.append(try PPOPolicy(model: outcome.model, manifest: outcome.manifest, name: name))
                }
                if config.ensembleSize > 1 {
                    try TrainedPolicy.saveEnsemble(members: (0..<members.count).map { "member\($0)" }, to: URL(fileURLWithPath: folder))
                }
                // Explanations are recorded as the agent runs (the recorder decides exactly as the agent).
                var recorder = ExplanationRecorder(try EnsemblePolicy(members: members, name: name))
                progress("backtesting \(name) on the held-out period")
                var explained: [[(time: Date, explanation: DecisionExplanation)]] = []
                let results = list.map { series -> BacktestResult in
                    let result = Backtester.run(&recorder, on: series, range: testRange, config: config.backtest)
                    explained.append(recorder.log.entries)
                    return result
                }
                if let portfolio = PortfolioView.equalWeight(results, periodsPerYear: 252) {
                    contenders.append(.init(name: name, portfolio: portfolio, perSymbol: results, explanations: explained.first ?? []))
                }
            }
        }
        var baselines: [any Policy] = [BuyAndHoldPolicy(), SMACrossoverPolicy(fast: 10, slow: 30), RandomPolicy(seed: config.market.seed)]
        if sentiment.isAvailable { baselines.insert(SentimentThresholdPolicy(), at: 2) }
        for var policy in baselines {
            progress("backtesting \(policy.name) on the held-out period")
            let results = seriesList.map { Backtester.run(any: &policy, on: $0, range: testRange, config: config.backtest) }
            guard let portfolio = PortfolioView.equalWeight(results, periodsPerYear: 252) else { continue }
            contenders.append(.init(name: policy.name, portfolio: portfolio, perSymbol: results))
        }
        // Baselines first, learned agents last, in the table.
        contenders = contenders.filter { !$0.name.hasPrefix("ppo") } + contenders.filter { $0.name.hasPrefix("ppo") }
        let first = seriesList[0]
        let period = "\(ISO8601.string(first.times[testStart]).prefix(10))..\(ISO8601.string(first.times[n - 1]).prefix(10))"
        var report = DemoReport(contenders: contenders, testPeriod: period, symbols: config.market.symbols,
                                plantedSignal: config.market.signalStrength, realisedSignal: dataset.realisedSignal,
                                notes: notes, files: [])
        report.files = try writeFiles(report, directory: config.reportDirectory)
        return report
    }

    static func writeFiles(_ report: DemoReport, directory: String) throws -> [String] {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var rows: [ReportTable.Row] = report.contenders.map { .init(label: "\($0.name) [portfolio]", metrics: $0.portfolio) }
        for c in report.contenders {
            rows += c.perSymbol.map { .init(label: "\(c.name) [\($0.symbol)]", metrics: $0.metrics) }
        }
        let metricsPath = directory + "/metrics.csv"
        try ReportTable.csv(rows).write(toFile: metricsPath, atomically: true, encoding: .utf8)
        let htmlPath = directory + "/report.html"
        let curves = report.contenders.map { c -> BacktestReport.Curve in
            let times = Array(c.perSymbol.first?.times ?? [])
            let n = Double(max(c.perSymbol.count, 1))
            let equity = (0..<times.count).map { i in c.perSymbol.reduce(0) { $0 + $1.equity[i] } }
            let exposure = (0..<times.count).map { i in c.perSymbol.reduce(0) { $0 + $1.exposure[i] } / n }
            return BacktestReport.Curve(label: c.name, times: times, equity: equity, exposure: exposure)
        }
        // The price and trades of the sentiment-fused agent (else the first contender) on the first symbol.
        let featured = report.contenders.first { $0.name.contains("fused") } ?? report.contenders.first
        let detail = featured?.perSymbol.first
        let record = RunRecord(version: SentradeVersion.current,
                               settings: ["symbols": report.symbols.joined(separator: ","), "plantedSignal": "\(report.plantedSignal)",
                                          "testPeriod": report.testPeriod, "data": "embedded synthetic market (no input files)"],
                               inputs: [])
        let html = BacktestReport.document(
            title: "Sentrade demo (synthetic market)",
            subtitle: "Held-out test period \(report.testPeriod); equal-weight portfolio of \(report.symbols.joined(separator: ", ")); planted signal ρ = \(report.plantedSignal). Synthetic data: this shows whether the pipeline finds a planted signal, not that one exists in real markets.",
            rows: report.contenders.map { .init(label: $0.name, metrics: $0.portfolio) }, curves: curves, detail: detail,
            explanations: featured?.explanations ?? [], provenance: record.provenance, notes: report.notes)
        try html.render().write(toFile: htmlPath, atomically: true, encoding: .utf8)
        let tradesPath = directory + "/trades.csv"
        let groups = report.contenders.map { c in (labels: [c.name], trips: c.perSymbol.flatMap(\.trades).sorted { $0.entryTime < $1.entryTime }) }
        try RoundTrip.csv(labelColumns: ["contender"], groups: groups).write(toFile: tradesPath, atomically: true, encoding: .utf8)
        var files = [metricsPath, htmlPath, tradesPath]
        for c in report.contenders {
            for r in c.perSymbol {
                let path = "\(directory)/equity-\(CSVText.slug(c.name))-\(CSVText.slug(r.symbol)).csv"
                try r.equityCSV().write(toFile: path, atomically: true, encoding: .utf8)
                files.append(path)
            }
        }
        return files
    }
}
