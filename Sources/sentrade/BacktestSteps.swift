import ArgumentParser
import Backtest
import Connectors
import Features
import Foundation
import Learning
import Live
import MarketData
import Sentiment
import Strategy
import TradingCore
import Workflows

/// The steps of `sentrade backtest` shared by the one-file and the portfolio run.
extension BacktestCommand {
    /// Per-bar sentiment for one symbol from --posts and/or --stocknet (nil: no posts given).
    func sentiment(for bars: BarSeries) async throws -> [SentimentFeatures]? {
        guard posts != nil || stocknet != nil else {
            if let reader = policies.first(where: { $0.hasPrefix("sentiment") }) {
                throw ValidationError("policy '\(reader)' reads sentiment: give --posts FILE.jsonl or --stocknet ROOT")
            }
            return nil
        }
        var loaded = PostLoadResult()
        if let posts {
            loaded = try PostFileLoader().load(path: posts, defaultSymbol: bars.symbol)
            if pricesDir != nil || priceFiles.count > 1 { loaded.posts = loaded.posts.filter { $0.symbols.contains(bars.symbol) } }
        }
        if let stocknet {
            let more = try StockNetLoader(root: stocknet).posts(bars.symbol)
            loaded.posts += more.posts
            loaded.skipped += more.skipped
            loaded.posts.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        }
        for line in loaded.skipped.prefix(5) { CLI.note("skipped \(line)") }
        if loaded.skipped.count > 5 { CLI.note("… \(loaded.skipped.count - 5) more skipped lines") }
        var builder = SentimentFeatureBuilder()
        if RemoteAnalyzers.handles(analyzer), let remote = try RemoteAnalyzers.make(spec: analyzer) {
            // Remote analyzers score the filtered texts once (cached), then feed the same pipeline.
            let texts = builder.keptTexts(posts: loaded.posts, bars: bars)
            if let estimate = RemoteAnalyzers.costEstimate(spec: analyzer, texts: texts) { CLI.note(estimate) }
            builder = SentimentFeatureBuilder(analyzer: try await RemoteAnalyzers.prescore(texts, with: remote))
        } else {
            builder = SentimentFeatureBuilder(analyzer: try AnalyzerSpec.load(analyzer))
        }
        let built = try builder.build(posts: loaded.posts, bars: bars)
        for note in built.notes { CLI.note("\(bars.symbol): \(note)") }
        return built.perBar
    }

    /// The checkpoint (if the policy is one), the features it needs, and the first session to trade:
    /// a sentiment-trained agent refuses to run without posts (unless allowed), and a backtest never
    /// trades the checkpoint's own training or validation window without saying so.
    func checkpointSetup(hasPosts: Bool) throws -> (URL?, FeatureSpec?, LocalDate?) {
        var fromDate = try CLI.date(from, option: "--from")
        let toDate = try CLI.date(to, option: "--to")
        if let f = fromDate, let t = toDate, t < f { throw ValidationError("--to \(t) is before --from \(f)") }
        let checkpoint = policy.hasPrefix("ckpt:") ? URL(fileURLWithPath: String(policy.dropFirst(5))) : nil
        let manifest = try checkpoint.map { try TrainedPolicy.manifest(at: $0) }
        let spec = manifest?.featureSpec
        if checkpoint != nil, spec == nil {
            throw ValidationError("\(policy): checkpoint.json has no featureSpec; it is not a trading policy")
        }
        if spec?.usesSentiment == true, !hasPosts {
            guard allowMissingSentiment else {
                throw ValidationError("\(policy) was trained with sentiment features: give --posts FILE.jsonl or --stocknet ROOT "
                                      + "(or --allow-missing-sentiment to run it on \"no posts\" inputs, which the report then states)")
            }
            CLI.note("warning: \(policy) reads sentiment but no posts were given: every sentiment input is \"no posts\"")
        }
        let trained = (manifest?.dataRange?["validation"] ?? manifest?.dataRange?["train"]).flatMap { range in
            range.split(separator: ".").last.flatMap { LocalDate(String($0)) }
        }
        if let trained {
            if fromDate == nil {
                fromDate = trained.adding(days: 1)
                CLI.note("--from defaults to \(trained.adding(days: 1)), the day after the checkpoint's validation window")
            } else if let f = fromDate, f <= trained {
                CLI.note("warning: the backtest starts \(f), inside the checkpoint's training/validation data (up to \(trained)): in-sample")
            }
        }
        return (checkpoint, spec, fromDate)
    }

    /// The settings `run.json` records for any backtest (callers add what is particular to theirs).
    func runSettings(_ config: BacktestConfig, from fromDate: LocalDate?) -> [String: String] {
        var settings = ["policy": policy, "fill": config.fill.rawValue, "feeBps": "\(config.costs.commissionBps)",
                        "slippageBps": "\(config.costs.slippageBps)", "fixedFee": "\(config.costs.fixedFee)", "analyzer": analyzer]
        settings["from"] = fromDate.map { "\($0)" }
        settings["to"] = to
        return settings
    }

    func backtestConfig(cash: Double) throws -> BacktestConfig {
        BacktestConfig(initialCash: cash, costs: try execution.costs(), fill: try execution.fillRule(), rules: execution.rules())
    }

    /// Runs the policy (explained, when it is an agent) and buy-and-hold on one series.
    func runPolicies(on series: TradingSeries, range: Range<Int>, config: BacktestConfig, checkpoint: URL?, spec: FeatureSpec?) throws
        -> ([BacktestResult], [(time: Date, explanation: DecisionExplanation)], [String]) {
        var main: any Policy
        if let checkpoint, let spec {
            main = try TrainedPolicy.load(checkpoint, featureSpec: spec,
                                          sentiment: SentimentFeatureBuilder().settings(analyzerID: SentimentSettings.analyzerID(analyzer)))
        } else {
            main = try PolicySpec.baseline(policy, allowShort: execution.allowShort)
        }
        // A policy that cannot see enough history in the window decides on too little (or never).
        var warnings: [String] = []
        if main.lookback > range.upperBound {
            warnings.append("\(series.symbol): \(main.name) needs \(main.lookback) bars of history but the data ends after \(range.upperBound): it never had enough to decide")
        } else if main.lookback - 1 > range.lowerBound {
            warnings.append("\(series.symbol): \(main.name) needs \(main.lookback) bars of history; the first \(main.lookback - 1 - range.lowerBound) bars of the window had less (start --from later, or give earlier data)")
        }
        for w in warnings { CLI.note("warning: " + w) }
        // A PPO agent's decisions are explained as it runs (the wrapper decides exactly as the agent).
        var explanations: [(time: Date, explanation: DecisionExplanation)] = []
        func explained<P: ExplainablePolicy>(_ policy: P) -> BacktestResult {
            var recorder = ExplanationRecorder(policy)
            defer { explanations = recorder.log.entries }
            return Backtester.run(&recorder, on: series, range: range, config: config)
        }
        var results: [BacktestResult]
        if let agent = main as? any ExplainablePolicy {
            results = [explained(agent)]
        } else {
            results = [Backtester.run(any: &main, on: series, range: range, config: config)]
        }
        if !(main is BuyAndHoldPolicy) {
            var bh: any Policy = BuyAndHoldPolicy()
            results.append(Backtester.run(any: &bh, on: series, range: range, config: config))
        }
        return (results, explanations, warnings)
    }

    /// Bar indices from --from to --to; refuses a window with fewer than two bars.
    func tradingRange(_ series: TradingSeries, from fromDate: LocalDate?, source: String) throws -> Range<Int> {
        let toDate = try CLI.date(to, option: "--to")
        let start = fromDate.map { series.index(atOrAfter: $0.instant(hour: 0, in: .newYork)) } ?? 0
        let end = toDate.map { series.index(atOrAfter: $0.adding(days: 1).instant(hour: 0, in: .newYork)) } ?? series.count
        guard end - start >= 2 else {
            throw ValidationError("\(source): only \(max(end - start, 0)) bars between \(from ?? "start") and \(to ?? "end"); need at least 2")
        }
        return start..<end
    }

    /// `POLICY max drawdown -18.6%: peak 2015-07-20, trough 2015-08-24, recovered 2016-01-04 (114 bars)`.
    static func drawdownLine(_ policy: String, _ d: DrawdownSpan?) -> String {
        guard let d else { return "\(policy) max drawdown: none (the equity never fell)" }
        let recovered = d.end.map { "recovered \(ISO8601.string($0).prefix(10))" } ?? "not recovered by the end"
        return String(format: "%@ max drawdown %.1f%%: peak %@, trough %@, %@ (%d bars)", policy, 100 * d.depth,
                      String(ISO8601.string(d.start).prefix(10)), String(ISO8601.string(d.trough).prefix(10)), recovered, d.durationBars)
    }
}
