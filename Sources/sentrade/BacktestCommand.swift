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
        discussion: HelpText.reflow("""
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
        """))

    @Option(name: .customLong("prices"),
            help: "CSV of bars: Yahoo (Date,Open,High,Low,Close,Adj Close,Volume) or time,open,high,low,close,volume. Repeat it for several symbols (one portfolio, as --prices-dir).")
    var priceFiles: [String] = []
    @Option(name: .customLong("prices-dir"), help: "A folder of SYMBOL.csv files: one portfolio, capital split evenly, a row per symbol.")
    var pricesDir: String?
    @Option(help: "With --prices-dir: comma-separated symbols (default: every CSV in the folder).")
    var symbols: String?
    @Option(help: "Symbol (default: the file name).")
    var symbol: String?
    @Option(name: .customLong("policy"),
            help: "Policy spec (default sma:10,30). Repeat it, or give ranges (sma:5..20,20..60, sma:5..50/5,20..200/20), for a ranked sweep.")
    var policies: [String] = []
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

    /// The one policy of a single run (the first --policy, or the default).
    var policy: String { policies.first ?? "sma:10,30" }

    func run() async throws {
        try execution.validateCash()
        guard priceFiles.isEmpty != (pricesDir == nil) else {
            throw ValidationError("give either --prices FILE.csv or --prices-dir DIR (a folder of SYMBOL.csv files); --prices may be repeated")
        }
        let specs = try policies.flatMap { try PolicySweepSpec.expand($0) }
        if specs.count > 1 {
            guard priceFiles.count == 1 else {
                throw ValidationError("a sweep (\(specs.count) policy configurations) runs on one --prices file; --prices-dir and repeated --prices take one policy")
            }
            return try await runSweep(specs: specs, prices: priceFiles[0])
        }
        if let pricesDir { return try await runPortfolio(files: try portfolioFiles(in: pricesDir), source: "--prices-dir \(pricesDir)") }
        if priceFiles.count > 1 { return try await runPortfolio(files: try portfolioFiles(priceFiles), source: "--prices") }
        let prices = priceFiles[0]
        let bars = try CSVBarLoader(useAdjustedClose: adjusted).load(path: prices, symbol: symbol)
        let sentiment = try await sentiment(for: bars)
        let (checkpoint, spec, fromDate) = try checkpointSetup(hasPosts: sentiment != nil)
        let series = TradingSeries(series: bars, sentiment: sentiment, spec: spec)
        let range = try tradingRange(series, from: fromDate, source: prices)
        let config = try backtestConfig(cash: execution.cash)
        let (results, explanations, warnings) = try runPolicies(on: series, range: range, config: config, checkpoint: checkpoint, spec: spec)
        let first = results[0]
        // A run folder (never overwritten) unless --equity-csv names the file directly.
        var folder: RunFolder?
        var record: RunRecord?
        if equityCSV == nil {
            folder = try RunFolder.create(command: "backtest", slug: CSVText.slug("\(bars.symbol)-\(first.policy)"), out: out)
        }
        let equityPath = equityCSV ?? folder?.path("equity.csv") ?? "equity.csv"
        if let folder {
            var settings = runSettings(config, from: fromDate)
            settings["cash"] = "\(config.initialCash)"
            settings["symbol"] = bars.symbol
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
                notes: warnings + (sentiment == nil && spec?.usesSentiment == true ? ["Run with --allow-missing-sentiment: every sentiment input was \"no posts\"."] : []))
            try CLI.write(report.render(), to: htmlPath)
        }
        if json {
            struct Output: Encodable {
                var symbol: String, period: String, fill: String, costs: CostModel, initialCash: Double
                var results: [Entry], equityCSV: String, tradesCSV: String?, reportDir: String?
                struct Entry: Encodable {
                    var policy: String, metrics: PerformanceMetrics, drawdown: DrawdownSpan?, tradeStatistics: TradeStatistics, trades: [RoundTrip]
                }
            }
            print(try CLI.json(Output(symbol: bars.symbol, period: period, fill: config.fill.rawValue, costs: config.costs,
                                      initialCash: config.initialCash,
                                      results: results.map { .init(policy: $0.policy, metrics: $0.metrics, drawdown: $0.drawdown,
                                                                   tradeStatistics: TradeStatistics($0.trades), trades: $0.trades) },
                                      equityCSV: equityPath, tradesCSV: tradesPath, reportDir: folder?.url.path)))
        } else if equityPath != "-" {
            print("\(bars.symbol) \(period), fill \(config.fill.rawValue), fee \(config.costs.commissionBps) bps, slippage \(config.costs.slippageBps) bps")
            print(ReportTable.text(results.map { ReportTable.Row(label: $0.policy, metrics: $0.metrics) }), terminator: "")
            print(String(format: "%@ trades: %d, win rate %.1f%%, profit factor %.2f, expectancy %.2f, best %.2f, worst %.2f, avg bars held %.1f",
                         first.policy, stats.trades, 100 * stats.winRate, stats.profitFactor, stats.expectancy, stats.best, stats.worst,
                         stats.averageBarsHeld))
            print(Self.drawdownLine(first.policy, first.drawdown))
            print("equity curve: \(equityPath); trades: \(tradesPath ?? "-"); report: \(htmlPath ?? "-")")
            if let folder { print("run folder: \(folder.url.path)") }
        }
    }
}
