import ArgumentParser
import Backtest
import Strategy
import Features
import Foundation
import TradingCore
import Workflows
import Report

/// `sentrade eval`: walk-forward comparison of baselines and learned agents on real data.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Walk-forward evaluation with bootstrap intervals, a paired bootstrap and the deflated Sharpe ratio.",
        discussion: HelpText.reflow("""
        Examples:
          sentrade eval --dataset stocknet --root ../shared/data/stocknet --folds 3
          sentrade eval --dataset files --prices-dir Examples/eval/prices --posts Examples/eval/posts.jsonl \\
              --train 2015-01-02:2015-06-30 --test 2015-07-01:2015-09-30
        Everything fitted (policies) is fitted on each fold's training window only; sentiment features
        and normalisation are causal (rolling, past data only).
        """))

    @OptionGroup var data: EvalDatasetOptions
    @Option(help: "First session of the period.") var from: String = "2014-01-01"
    @Option(help: "Last session of the period.") var to: String = "2015-12-31"
    @Option(help: "Number of walk-forward folds.") var folds: Int = 3
    @Option(help: "Rolling training window in sessions (default: expanding).") var rolling: Int?
    @Option(help: "Explicit training window A:B (with --test).") var train: String?
    @Option(help: "Explicit test window C:D (with --train).") var test: String?
    @Option(help: "Sentiment analyzer: lexicon or model:DIR.") var analyzer: String = "lexicon"
    @Option(help: "Folder for this run's files: folds.csv, trades.csv, report.html, run.json (default: a new reports/eval/<UTC time>_<slug>/).")
    var out: String?
    @Option(name: [.customLong("steps"), .customLong("ppo-steps")], help: "PPO environment steps per agent, fold and seed (0: no learned agents).")
    var ppoSteps: Int = 100_000
    @Option(help: "Comma-separated seeds of the learned agents.") var seeds: String = "0,1,2"
    @Flag(help: "Also train the fused agent without each sentiment feature group (ablations).") var ablations = false
    @Flag(help: "Also evaluate one PPO agent allocating across all symbols with shared cash, against equal-weight portfolios (buy-and-hold and rebalanced).")
    var portfolio = false
    @Option(name: .customLong("ablate-analyzer"), help: "Also train the fused agent on features from this analyzer (e.g. model:DIR).")
    var ablateAnalyzer: String?
    @Option(name: .customLong("bootstrap-samples"), help: "Bootstrap resamples for intervals and paired tests.")
    var bootstrapSamples: Int = 2_000
    @Option(help: "A `sentrade tune` folder: its best settings train the agents, and all its trials count in the deflated Sharpe ratio.")
    var tuned: String?
    @Flag(help: "A reduced budget for CI and quick looks: 20k PPO steps, seeds 0,1, 500 bootstrap samples.") var quick = false
    @OptionGroup var execution: ExecutionOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try execution.validateCash()
        guard let fromDate = try CLI.date(from, option: "--from"), let toDate = try CLI.date(to, option: "--to") else { return }
        var config = EvalConfig(from: fromDate, to: toDate)
        config.folds = folds
        if let rolling { config.window = .rolling(sessions: rolling) }
        if train != nil || test != nil {
            guard let train, let test else { throw ValidationError("--train and --test go together") }
            config.explicitTrain = try Self.window(train, option: "--train")
            config.explicitTest = try Self.window(test, option: "--test")
        }
        config.analyzer = analyzer
        // The StockNet paper's movement window is only comparable on StockNet data; elsewhere the
        // movement view is scored on the run's own last test window.
        let dataset = data.dataset
        if dataset != "stocknet" {
            config.movementTest = nil
            config.movementOnLastFold = true
        }
        config.bootstrapSamples = quick ? 500 : bootstrapSamples
        let seedList = (quick ? "0,1" : seeds).split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !seedList.isEmpty else { throw ValidationError("--seeds '\(seeds)' has no whole numbers") }
        config.seeds = seedList
        let steps = quick ? min(ppoSteps, 20_000) : ppoSteps
        var contenders = Contender.baselines
        var portfolioContenders: [PortfolioContender] = portfolio ? [.equalWeightBuyAndHold, .equalWeightRebalanced] : []
        let tuning = try tuned.map { try TuneSummary.load($0) }
        if steps > 0 {
            var settings = PPOContenderSettings(timesteps: steps)
            // The best trial's settings over the defaults (a tuned totalTimesteps replaces --steps).
            if let tuning { settings = try tuning.settings(of: tuning.best, base: settings) }
            if portfolio {
                portfolioContenders += [.ppo(name: "ppo portfolio price-only", features: FeatureID.market, settings: settings),
                                        .ppo(settings: settings)]
            }
            contenders += Contender.ppoPair(settings)
            if ablations { contenders += Contender.ppoAblations(settings) }
            if let a = ablateAnalyzer {
                contenders.append(.ppo(name: "ppo fused (\(a))", features: FeatureID.market + FeatureID.sentiment, settings: settings, analyzer: a))
            }
        }
        config.backtest = BacktestConfig(initialCash: execution.cash, costs: try execution.costs(),
                                         fill: try execution.fillRule(), rules: execution.rules())
        let data = try self.data.load()
        let started = CLI.wallSeconds()
        var summary = try EvalWorkflow.run(data: data, contenders: contenders, portfolio: portfolioContenders, config: config) { CLI.note("· \($0)") }
        if let tuning, let path = tuned {
            summary.tuningTrials = tuning.trials.map(\.periodSharpe)
            summary.notes.append("agents use trial \(tuning.best) of `sentrade tune` (\(path)); its \(tuning.trials.count) trials count in the deflated Sharpe ratio")
            if let tuneEnd = LocalDate(tuning.to), let firstTest = summary.plan.folds.first.flatMap({ summary.plan.dates($0.test) }),
               tuneEnd >= firstTest.lowerBound {
                summary.notes.append("the tuning period (\(tuning.from)…\(tuning.to)) overlaps the test folds (from \(firstTest.lowerBound)): the settings were chosen on some of the test data, so these results are optimistic")
            }
        }
        let symbolNames = data.bars.map(\.symbol)
        let folder = try RunFolder.create(command: "eval", slug: CSVText.slug("\(dataset)-\(symbolNames.count)symbols-\(folds)folds"), out: out)
        try CLI.write(summary.foldCSV(), to: folder.path("folds.csv"))
        try CLI.write(RoundTrip.csv(labelColumns: ["contender", "seed", "fold"],
                                    groups: summary.outcomes.map { (labels: [$0.contender, "\($0.seed)", "\($0.fold)"], trips: $0.trades) }),
                      to: folder.path("trades.csv"))
        let pFused = summary.probability("ppo fused", beats: "ppo price-only")
        let pPortfolio = portfolio ? summary.probability("ppo portfolio", beats: "equal-weight (buy-and-hold)") : nil
        let pPortfolioFused = portfolio ? summary.probability("ppo portfolio", beats: "ppo portfolio price-only") : nil
        let deltas = contenders.filter { $0.name.hasPrefix("ppo fused ") }.compactMap { c in
            summary.sharpeDelta(c.name, versus: "ppo fused").map { (c.name, $0) }
        }
        var settings = ["dataset": dataset, "from": from, "to": to, "folds": "\(folds)", "analyzer": analyzer,
                        "ppoSteps": "\(steps)", "seeds": seedList.map(String.init).joined(separator: ","),
                        "bootstrapSamples": "\(config.bootstrapSamples)", "symbols": symbolNames.joined(separator: ","),
                        "feeBps": "\(config.backtest.costs.commissionBps)", "slippageBps": "\(config.backtest.costs.slippageBps)",
                        "fill": config.backtest.fill.rawValue]
        settings["rolling"] = rolling.map(String.init)
        settings["train"] = train
        settings["test"] = test
        settings["tuned"] = tuned
        settings["portfolio"] = portfolio ? "true" : nil
        let record = RunRecord(version: SentradeVersion.current, settings: settings, inputs: data.inputFiles)
        try record.write(to: folder)
        let report = EvalReport.document(summary, source: data.source, symbols: symbolNames, provenance: record.provenance,
                                         ablations: deltas.map { ($0.0, $0.1.delta, $0.1.low, $0.1.high) },
                                         probabilityFusedBeatsPriceOnly: pFused,
                                         pairwise: [("ppo portfolio", "equal-weight (buy-and-hold)", pPortfolio),
                                                    ("ppo portfolio", "ppo portfolio price-only", pPortfolioFused)]
                                             .compactMap { a, b, p in p.map { (a, b, $0) } })
        try CLI.write(report.render(), to: folder.path("report.html"))
        if json {
            struct Delta: Encodable { var contender: String; var sharpeDelta: Double; var low: Double; var high: Double }
            struct Deflated: Encodable { var best: String; var trials: Int; var sharpe: Double; var benchmark: Double; var probability: Double }
            struct Output: Encodable {
                var rows: [EvalSummary.Row]
                var probabilityFusedBeatsPriceOnly: Double?
                var probabilityPortfolioBeatsEqualWeight: Double?
                var probabilityPortfolioFusedBeatsPriceOnly: Double?
                var ablations: [Delta]
                var deflatedSharpe: Deflated?
                var movement: [MovementView.Score]
                var folds: [String]
                var notes: [String]
                var reportDir: String
            }
            let d = summary.deflatedSharpe.map { Deflated(best: $0.best, trials: $0.trials, sharpe: $0.sharpe, benchmark: $0.benchmark, probability: $0.probability) }
            let folds = summary.plan.folds.compactMap { f -> String? in
                guard let tr = summary.plan.dates(f.train), let te = summary.plan.dates(f.test) else { return nil }
                return "train \(tr.lowerBound)…\(tr.upperBound) test \(te.lowerBound)…\(te.upperBound)"
            }
            print(try CLI.json(Output(rows: summary.rows, probabilityFusedBeatsPriceOnly: pFused,
                                      probabilityPortfolioBeatsEqualWeight: pPortfolio,
                                      probabilityPortfolioFusedBeatsPriceOnly: pPortfolioFused, ablations: deltas.map { Delta(contender: $0.0, sharpeDelta: $0.1.delta, low: $0.1.low, high: $0.1.high) },
                                      deflatedSharpe: d, movement: summary.movement, folds: folds, notes: summary.notes,
                                      reportDir: folder.url.path)))
            return
        }
        print("Walk-forward evaluation on \(data.source): \(data.bars.map(\.symbol).joined(separator: ","))")
        for f in summary.plan.folds {
            if let tr = summary.plan.dates(f.train), let te = summary.plan.dates(f.test) {
                print("  fold \(f.index + 1): train \(tr.lowerBound)…\(tr.upperBound)  test \(te.lowerBound)…\(te.upperBound)")
            }
        }
        print("")
        print(summary.table(), terminator: "")
        if let p = pFused {
            print(String(format: "P(fused Sharpe > price-only Sharpe), paired stationary bootstrap: %.2f", p))
        }
        if let p = pPortfolio {
            print(String(format: "P(portfolio agent Sharpe > equal-weight buy-and-hold Sharpe), paired stationary bootstrap: %.2f", p))
        }
        if let p = pPortfolioFused {
            print(String(format: "P(portfolio agent Sharpe > price-only portfolio agent Sharpe), paired stationary bootstrap: %.2f", p))
        }
        if !deltas.isEmpty {
            print("ablations (Sharpe minus the full fused agent's, paired 95% interval):")
            for (name, d) in deltas { print(String(format: "  %@: %+.2f [%+.2f, %+.2f]", name, d.delta, d.low, d.high)) }
        }
        if let d = summary.deflatedSharpe {
            print(String(format: "deflated Sharpe: best %@ (annualised Sharpe %.2f) vs %.2f expected from %d tries by luck: P(true Sharpe > that) = %.2f",
                         d.best, d.sharpe, d.benchmark, d.trials, d.probability))
        }
        if !summary.movement.isEmpty {
            print("")
            let window = summary.movementWindow.map { "\($0.lowerBound)…\($0.upperBound)" } ?? ""
            print("next-day movement, test \(window)" + (dataset == "stocknet" ? " (StockNet paper: accuracy 58.23%, MCC 0.0808):" : " (the last test window):"))
            for m in summary.movement {
                print(String(format: "  %@: accuracy %.2f%%, MCC %.4f over %d symbol-days", m.predictor, m.accuracy * 100, m.mcc, m.days))
            }
        }
        for note in summary.notes { print("note: \(note)") }
        print(String(format: "per-fold results: %@ (trades: trades.csv); report: %@ (%.0f s)", folder.path("folds.csv"), folder.path("report.html"),
                     CLI.wallSeconds() - started))
    }

    static func window(_ text: String, option: String) throws -> ClosedRange<LocalDate> {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let a = LocalDate(parts[0]), let b = LocalDate(parts[1]), a <= b else {
            throw ValidationError("\(option) '\(text)' must be FROM:TO dates, e.g. 2014-01-01:2015-06-30")
        }
        return a...b
    }
}
