import ArgumentParser
import Backtest
import Foundation
import Learning
import TradingCore
import Workflows

/// `sentrade tune`: search learner and reward/turnover settings with walk-forward validation,
/// recording every trial so the evaluation that follows can count them.
struct TuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search agent settings with walk-forward validation; every trial is recorded for eval's deflated Sharpe ratio.",
        discussion: HelpText.reflow("""
        Examples:
          sentrade tune --dataset files --prices-dir data/prices --posts data/posts.jsonl --to 2019-12-31 \\
              --space turnoverPenalty=0,0.001,0.002 --space gamma=0.7,0.99 --space normalizeObservations=true,false
          sentrade eval --dataset files --prices-dir data/prices --posts data/posts.jsonl --from 2020-01-01 --tuned reports/tune/latest
        Each trial trains the agent (fused features unless --price-only) per fold and seed on the fold's
        training window (its last part validates) and tests it on the next window, exactly as eval does;
        trials are ranked by the Sharpe ratio of their seed-averaged test returns. The folder gets
        trials.csv (every trial), tune.json, best.yaml (the best trial as a training config: sentrade
        train --config best.yaml) and run.json. The last line is the deflated Sharpe ratio of the best
        trial counting every trial: if it is low, the best is what luck alone would give. eval --tuned DIR
        trains its agents with the best settings and counts the trials again; tune on a period that ends
        before eval's test folds begin (eval notes an overlap).
        Searchable: \(TuneSpace.searchable.map(\.1).joined(separator: ", ")).
        Action schemes are separated by ';' (actions=discrete3;targets:0,0.5,1).
        """))

    @OptionGroup var data: EvalDatasetOptions
    @Option(help: "First session of the tuning period.") var from: String = "2014-01-01"
    @Option(help: "Last session of the tuning period (keep later data for eval).") var to: String = "2015-12-31"
    @Option(help: "Walk-forward folds per trial.") var folds: Int = 3
    @Option(parsing: .singleValue, help: "A setting and its values, KEY=V1,V2,… (repeatable); see the list above.")
    var space: [String] = []
    @Option(help: "At most this many trials: the whole grid when it is smaller, else a seeded random sample of it.")
    var trials: Int = 12
    @Option(name: .customLong("sample-seed"), help: "Seed of the trial sample.") var sampleSeed: UInt64 = 0
    @Option(name: [.customLong("steps"), .customLong("ppo-steps")], help: "PPO environment steps per agent, fold and seed.")
    var ppoSteps: Int = 100_000
    @Option(help: "Comma-separated training seeds per trial.") var seeds: String = "0,1"
    @Option(name: .customLong("max-turnover"), help: "Pick the best trial among those trading at most this many times their equity a year (every trial still counts).")
    var maxTurnover: Double?
    @Flag(name: .customLong("price-only"), help: "Tune the price-only agent instead of the fused one.") var priceOnly = false
    @Option(help: "Sentiment analyzer: lexicon or model:DIR.") var analyzer: String = "lexicon"
    @Option(name: .customLong("bootstrap-samples"), help: "Bootstrap resamples for the trials' Sharpe intervals.")
    var bootstrapSamples: Int = 1_000
    @Option(help: "Folder for this run's files (default: a new reports/tune/<UTC time>_<slug>/).") var out: String?
    @OptionGroup var execution: ExecutionOptions
    @Flag(help: "Print JSON (tune.json's content plus reportDir; schema docs/schemas/tune.schema.json).") var json = false

    func validate() throws {
        guard folds >= 1 else { throw ValidationError("--folds must be at least 1, got \(folds)") }
        guard ppoSteps > 0 else { throw ValidationError("--steps must be positive, got \(ppoSteps)") }
        if let maxTurnover { guard maxTurnover > 0, maxTurnover.isFinite else { throw ValidationError("--max-turnover must be positive, got \(maxTurnover)") } }
        guard bootstrapSamples >= 100 else { throw ValidationError("--bootstrap-samples must be at least 100, got \(bootstrapSamples)") }
    }

    func run() async throws {
        try execution.validateCash()
        guard let fromDate = try CLI.date(from, option: "--from"), let toDate = try CLI.date(to, option: "--to") else { return }
        let searchSpace = try TuneSpace(parsing: space)
        let chosen = try searchSpace.trials(limit: trials, seed: sampleSeed)
        let seedList = seeds.split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !seedList.isEmpty else { throw ValidationError("--seeds '\(seeds)' has no whole numbers") }
        var config = EvalConfig(from: fromDate, to: toDate)
        config.folds = folds
        config.seeds = seedList
        config.analyzer = analyzer
        config.bootstrapSamples = bootstrapSamples
        config.backtest = BacktestConfig(initialCash: execution.cash, costs: try execution.costs(),
                                         fill: try execution.fillRule(), rules: execution.rules())
        let base = PPOContenderSettings(timesteps: ppoSteps)
        for values in chosen { _ = try searchSpace.apply(values, to: base) }  // every trial decodes before any training
        let dataset = try data.load()
        let started = CLI.wallSeconds()
        let summary = try TuneWorkflow.run(data: dataset, space: searchSpace, trials: chosen, fused: !priceOnly, base: base,
                                           config: config, maxTurnover: maxTurnover) { CLI.note("· \($0)") }
        let folder = try RunFolder.create(command: "tune", slug: CSVText.slug("\(data.dataset)-\(chosen.count)trials"), out: out)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try CLI.write(String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n", to: folder.path("tune.json"))
        try CLI.write(TuneWorkflow.csv(summary), to: folder.path("trials.csv"))
        try CLI.write(try TuneWorkflow.bestConfigYAML(summary, settings: try summary.settings(of: summary.best, base: base)),
                      to: folder.path("best.yaml"))
        var settings = ["dataset": data.dataset, "from": from, "to": to, "folds": "\(folds)", "trials": "\(chosen.count)",
                        "gridSize": "\(searchSpace.gridSize)", "sampleSeed": "\(sampleSeed)", "ppoSteps": "\(ppoSteps)",
                        "seeds": seedList.map(String.init).joined(separator: ","), "features": priceOnly ? "price-only" : "fused",
                        "analyzer": analyzer, "symbols": dataset.bars.map(\.symbol).joined(separator: ",")]
        settings["space"] = space.joined(separator: " ")
        settings["maxTurnover"] = maxTurnover.map { "\($0)" }
        try RunRecord(version: SentradeVersion.current, settings: settings, inputs: dataset.inputFiles).write(to: folder)
        if json {
            struct Output: Encodable { var tune: TuneSummary; var reportDir: String }
            print(try CLI.json(Output(tune: summary, reportDir: folder.url.path)))
            return
        }
        print("Tuning the \(summary.features) agent on \(dataset.source): \(chosen.count) of \(summary.gridSize) settings × "
              + "\(seedList.count) seeds × \(summary.folds.count) folds, \(summary.from)…\(summary.to)")
        let header = ["trial"] + summary.space.map(\.name) + ["Sharpe", "95% CI", "seed Sharpe", "turnover", "max DD"]
        let rows = summary.trials.sorted { $0.sharpe > $1.sharpe }.map { t -> [String] in
            ["\(t.index)\(t.index == summary.best ? " *" : "")"] + t.values.map(TuneSpace.text)
                + [String(format: "%.2f", t.sharpe), String(format: "[%.2f, %.2f]", t.sharpeLow, t.sharpeHigh),
                   String(format: "%.2f ± %.2f", t.seedSharpeMean, t.seedSharpeSD), String(format: "%.1fx", t.turnover),
                   String(format: "%.1f%%", t.maxDrawdown * 100)]
        }
        print(ReportTable.aligned(header: header, rows: rows), terminator: "")
        if let cap = summary.maxTurnover {
            let over = summary.trials.filter { $0.turnover > cap }.count
            print(String(format: "picked among trials with turnover ≤ %.1fx/year (%d of %d were over)", cap, over, summary.trials.count))
        }
        if let bh = summary.buyAndHoldSharpe { print(String(format: "buy-and-hold on the same test windows: Sharpe %.2f", bh)) }
        if let d = summary.deflatedSharpe {
            print(String(format: "deflated Sharpe: best trial %d (Sharpe %.2f) vs %.2f expected from %d trials by luck: P(true Sharpe > that) = %.2f",
                         summary.best, d.sharpe, d.benchmark, d.trials, d.probability))
        }
        print(String(format: "trials: %@, best settings: %@ (%.0f s)", folder.path("trials.csv"), folder.path("best.yaml"), CLI.wallSeconds() - started))
    }
}
