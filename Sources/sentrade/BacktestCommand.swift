import ArgumentParser
import Backtest
import Connectors
import Strategy
import Features
import Foundation
import Learning
import Live
import MarketData
import Sentiment
import TradingCore
import Workflows
import Report

/// `sentrade backtest`: one policy on one price file, next to buy-and-hold.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Backtest a policy on a CSV of bars and compare it with buy-and-hold.",
        discussion: """
        Examples:
          sentrade backtest --prices AAPL.csv --policy sma:10,30 --from 2014-01-01 --to 2015-12-31
          sentrade backtest --prices AAPL.csv --policy sma:10,30 --fill close --fee-bps 10 --slippage-bps 0 --json
          sentrade backtest --prices AAPL.csv --stocknet ../shared/data/stocknet --policy sentiment:0.1,-0.1
          sentrade backtest --prices X.csv --posts x.jsonl --analyzer model:models/fpb --policy sentiment
          sentrade backtest --prices AAPL.csv --stocknet ../shared/data/stocknet --policy ckpt:runs/fused --from 2015-07-01
        Policies: buy-and-hold, sma:FAST,SLOW, sentiment[:BUY,SELL] (needs --posts or --stocknet),
        random[:SEED], ckpt:DIR (a `sentrade train` checkpoint; its feature spec decides the features
        computed — give --posts/--stocknet for a sentiment-fused agent). Bars before --from are used as
        history (indicator warm-up) but never traded.
        """)

    @Option(help: "CSV of bars: Yahoo (Date,Open,High,Low,Close,Adj Close,Volume) or time,open,high,low,close,volume.")
    var prices: String
    @Option(help: "Symbol (default: the file name).")
    var symbol: String?
    @Option(help: "Policy spec.")
    var policy: String = "sma:10,30"
    @Option(help: "First session to trade (YYYY-MM-DD).")
    var from: String?
    @Option(help: "Last session to trade (YYYY-MM-DD).")
    var to: String?
    @Option(help: "JSON Lines posts for this symbol (fields: id, time, text, …; see README).")
    var posts: String?
    @Option(help: "StockNet root: reads tweets/SYMBOL/ for the symbol's posts.")
    var stocknet: String?
    @Option(help: "Sentiment analyzer for posts: lexicon, model:DIR, comprehend[:LANG] or sagemaker:ENDPOINT.")
    var analyzer: String = "lexicon"
    @Flag(help: "Use dividend-adjusted prices (scales OHLC by Adj Close / Close).")
    var adjusted = false
    @OptionGroup var execution: ExecutionOptions
    @Option(help: "Folder for this run's files (default: a new reports/backtest/<UTC time>_<slug>/).")
    var out: String?
    @Option(name: .customLong("equity-csv"), help: "Write the equity curve CSV here instead ('-' for stdout); trades and report go beside it.")
    var equityCSV: String?
    @Flag(name: .customLong("allow-missing-sentiment"), help: "Run a sentiment-trained checkpoint without posts (stated in the output).")
    var allowMissingSentiment = false
    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        try execution.validateCash()
        let bars = try CSVBarLoader(useAdjustedClose: adjusted).load(path: prices, symbol: symbol)
        var fromDate = try CLI.date(from, option: "--from")
        let toDate = try CLI.date(to, option: "--to")
        if let f = fromDate, let t = toDate, t < f { throw ValidationError("--to \(t) is before --from \(f)") }
        var sentiment: [SentimentFeatures]?
        if posts != nil || stocknet != nil {
            var loaded = PostLoadResult()
            if let posts { loaded = try PostFileLoader().load(path: posts, defaultSymbol: bars.symbol) }
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
            sentiment = built.perBar
        } else if policy.hasPrefix("sentiment") {
            throw ValidationError("policy '\(policy)' reads sentiment: give --posts FILE.jsonl or --stocknet ROOT")
        }
        // A trained agent needs the features it was trained on; baselines need none.
        let checkpoint = policy.hasPrefix("ckpt:") ? URL(fileURLWithPath: String(policy.dropFirst(5))) : nil
        let manifest = try checkpoint.map { try TrainedPolicy.manifest(at: $0) }
        let spec = manifest?.featureSpec
        if spec?.usesSentiment == true, sentiment == nil {
            guard allowMissingSentiment else {
                throw ValidationError("\(policy) was trained with sentiment features: give --posts FILE.jsonl or --stocknet ROOT "
                                      + "(or --allow-missing-sentiment to run it on \"no posts\" inputs, which the report then states)")
            }
            CLI.note("warning: \(policy) reads sentiment but no posts were given: every sentiment input is \"no posts\"")
        }
        // Never trade a checkpoint's own training or validation window without saying so.
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
        let series = TradingSeries(series: bars, sentiment: sentiment, spec: spec)
        let start = fromDate.map { series.index(atOrAfter: $0.instant(hour: 0, in: .newYork)) } ?? 0
        let end = toDate.map { series.index(atOrAfter: $0.adding(days: 1).instant(hour: 0, in: .newYork)) } ?? series.count
        guard end - start >= 2 else {
            throw ValidationError("\(prices): only \(max(end - start, 0)) bars between \(from ?? "start") and \(to ?? "end"); need at least 2")
        }
        let config = BacktestConfig(initialCash: execution.cash, costs: try execution.costs(),
                                    fill: try execution.fillRule(), rules: execution.rules())
        var main: any Policy
        if let checkpoint, let spec {
            main = try TrainedPolicy.load(checkpoint, featureSpec: spec,
                                          sentiment: SentimentFeatureBuilder().settings(analyzerID: SentimentSettings.analyzerID(analyzer)))
        } else if checkpoint != nil {
            throw ValidationError("\(policy): checkpoint.json has no featureSpec; it is not a trading policy")
        } else {
            main = try PolicySpec.baseline(policy, allowShort: execution.allowShort)
        }
        // A PPO agent's decisions are explained as it runs (the wrapper decides exactly as the agent).
        var explanations: [(time: Date, explanation: DecisionExplanation)] = []
        var results: [BacktestResult]
        func explained<P: ExplainablePolicy>(_ policy: P) -> BacktestResult {
            var recorder = ExplanationRecorder(policy)
            defer { explanations = recorder.log.entries }
            return Backtester.run(&recorder, on: series, range: start..<end, config: config)
        }
        if let agent = main as? any ExplainablePolicy {
            results = [explained(agent)]
        } else {
            results = [Backtester.run(any: &main, on: series, range: start..<end, config: config)]
        }
        if !(main is BuyAndHoldPolicy) {
            var bh: any Policy = BuyAndHoldPolicy()
            results.append(Backtester.run(any: &bh, on: series, range: start..<end, config: config))
        }
        let first = results[0]
        // A run folder (never overwritten) unless --equity-csv names the file directly.
        var folder: RunFolder?
        var record: RunRecord?
        if equityCSV == nil {
            folder = try RunFolder.create(command: "backtest", slug: CSVText.slug("\(bars.symbol)-\(first.policy)"), out: out)
        }
        let equityPath = equityCSV ?? folder?.path("equity.csv") ?? "equity.csv"
        if let folder {
            var settings = ["policy": policy, "fill": config.fill.rawValue, "feeBps": "\(config.costs.commissionBps)",
                            "slippageBps": "\(config.costs.slippageBps)", "fixedFee": "\(config.costs.fixedFee)",
                            "cash": "\(config.initialCash)", "analyzer": analyzer, "symbol": bars.symbol]
            settings["from"] = fromDate.map { "\($0)" }
            settings["to"] = toDate.map { "\($0)" }
            let inputs = [prices] + [posts, stocknet.map { $0 + "/tweets/" + bars.symbol }].compactMap { $0 } + (checkpoint.map { [$0.path] } ?? [])
            record = RunRecord(version: SentradeVersion.current, settings: settings, inputs: inputs)
            try record?.write(to: folder)
        }
        if equityPath == "-" {
            print(first.equityCSV(), terminator: "")
        } else {
            try CLI.write(first.equityCSV(), to: equityPath)
        }
        let tradesPath = folder?.path("trades.csv")
            ?? (equityPath == "-" ? nil : (equityPath.hasSuffix(".csv") ? String(equityPath.dropLast(4)) : equityPath) + "-trades.csv")
        if let tradesPath { try CLI.write(RoundTrip.csvHeader + first.trades.map(\.csvRow).joined(), to: tradesPath) }
        let stats = TradeStatistics(first.trades)
        let period = "\(ISO8601.string(first.times.first ?? Date()).prefix(10))..\(ISO8601.string(first.times.last ?? Date()).prefix(10))"
        let htmlPath = folder?.path("report.html")
            ?? (equityPath == "-" ? nil : (equityPath.hasSuffix(".csv") ? String(equityPath.dropLast(4)) : equityPath) + ".html")
        if let htmlPath {
            let report = BacktestReport.document(
                title: "\(bars.symbol): \(first.policy) vs buy-and-hold",
                subtitle: "\(period), fill \(config.fill.rawValue), fee \(config.costs.commissionBps) bps, slippage \(config.costs.slippageBps) bps, start cash \(config.initialCash)",
                rows: results.map { .init(label: $0.policy, metrics: $0.metrics) },
                curves: results.map(BacktestReport.Curve.init), detail: first, explanations: explanations,
                provenance: (record ?? RunRecord(version: SentradeVersion.current, settings: ["policy": policy], inputs: [prices])).provenance,
                notes: sentiment == nil && spec?.usesSentiment == true ? ["Run with --allow-missing-sentiment: every sentiment input was \"no posts\"."] : [])
            try CLI.write(report.render(), to: htmlPath)
        }
        if json {
            struct Output: Encodable {
                var symbol: String, period: String, fill: String, costs: CostModel, initialCash: Double
                var results: [Entry], equityCSV: String, tradesCSV: String?, reportDir: String?
                struct Entry: Encodable { var policy: String; var metrics: PerformanceMetrics; var tradeStatistics: TradeStatistics; var trades: [RoundTrip] }
            }
            print(try CLI.json(Output(symbol: bars.symbol, period: period, fill: config.fill.rawValue, costs: config.costs,
                                      initialCash: config.initialCash,
                                      results: results.map { .init(policy: $0.policy, metrics: $0.metrics,
                                                                   tradeStatistics: TradeStatistics($0.trades), trades: $0.trades) },
                                      equityCSV: equityPath, tradesCSV: tradesPath, reportDir: folder?.url.path)))
        } else if equityPath != "-" {
            print("\(bars.symbol) \(period), fill \(config.fill.rawValue), fee \(config.costs.commissionBps) bps, slippage \(config.costs.slippageBps) bps")
            print(ReportTable.text(results.map { ReportTable.Row(label: $0.policy, metrics: $0.metrics) }), terminator: "")
            print(String(format: "%@ trades: %d, win rate %.1f%%, profit factor %.2f, expectancy %.2f, best %.2f, worst %.2f, avg bars held %.1f",
                         first.policy, stats.trades, 100 * stats.winRate, stats.profitFactor, stats.expectancy, stats.best, stats.worst,
                         stats.averageBarsHeld))
            print("equity curve: \(equityPath); trades: \(tradesPath ?? "-"); report: \(htmlPath ?? "-")")
            if let folder { print("run folder: \(folder.url.path)") }
        }
    }
}
