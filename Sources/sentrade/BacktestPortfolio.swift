import ArgumentParser
import Backtest
import Features
import Foundation
import MarketData
import Report
import Strategy
import TradingCore
import Workflows

/// `sentrade backtest --prices-dir DIR`: one policy over several symbols as one portfolio. The
/// capital is split evenly (each symbol trades its own sleeve, as the live runner's do), every
/// symbol runs through the same engine step, and the result has a portfolio row, a row per symbol,
/// and buy-and-hold of the same symbols beside it.
extension BacktestCommand {
    /// The SYMBOL.csv files of a folder (all, or those --symbols names).
    func portfolioFiles(in folder: String) throws -> [(symbol: String, path: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--prices-dir \(folder): no such folder")
        }
        let available = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.lowercased().hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
        let wanted = symbols.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? available
        guard !wanted.isEmpty else { throw ValidationError("--prices-dir \(folder): no SYMBOL.csv files in it") }
        let missing = wanted.filter { !available.contains($0) }
        guard missing.isEmpty else { throw ValidationError("--symbols \(missing.joined(separator: ",")): no price file in \(folder)") }
        return wanted.map { ($0, "\(folder)/\($0).csv") }
    }

    /// Repeated --prices: each file's symbol is its name (FILE.csv), and no two may share one.
    func portfolioFiles(_ paths: [String]) throws -> [(symbol: String, path: String)] {
        guard symbol == nil else { throw ValidationError("--symbol names one file's symbol; with several --prices each file's name is its symbol") }
        guard symbols == nil else { throw ValidationError("--symbols picks files from --prices-dir; with repeated --prices every file is used") }
        let files = paths.map { path in
            (symbol: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, path: path)
        }
        var seen: [String: String] = [:]
        for file in files {
            if let other = seen[file.symbol] {
                throw ValidationError("--prices \(other) and \(file.path) are both symbol \(file.symbol); give each symbol once")
            }
            seen[file.symbol] = file.path
        }
        return files
    }

    func runPortfolio(files: [(symbol: String, path: String)], source: String) async throws {
        let wanted = files.map(\.symbol)
        let cash = execution.cash / Double(wanted.count)
        let config = try backtestConfig(cash: cash)
        var perSymbol: [(symbol: String, results: [BacktestResult])] = []
        var explanations: [(time: Date, explanation: DecisionExplanation)] = []
        var warnings: [String] = []
        var setup: (URL?, FeatureSpec?, LocalDate?)?
        var paths: [String] = []
        for (name, path) in files {
            paths.append(path)
            let bars = try CSVBarLoader(useAdjustedClose: adjusted).load(path: path, symbol: name)
            let sentiment = try await sentiment(for: bars)
            if setup == nil { setup = try checkpointSetup(hasPosts: sentiment != nil) }
            guard let (checkpoint, spec, fromDate) = setup else { continue }
            let series = TradingSeries(series: bars, sentiment: sentiment, spec: spec)
            let range = try tradingRange(series, from: fromDate, source: path)
            let (results, explained, warned) = try runPolicies(on: series, range: range, config: config, checkpoint: checkpoint, spec: spec)
            warnings += warned
            if explanations.isEmpty { explanations = explained }
            perSymbol.append((name, results))
        }
        let policyName = perSymbol.first?.results.first?.policy ?? policy
        let contenders = (0..<(perSymbol.first?.results.count ?? 0)).map { k in perSymbol.map { $0.results[k] } }
        let combined = contenders.compactMap { PortfolioView.combined($0) }
        guard combined.count == contenders.count, let main = combined.first else {
            throw ValidationError("\(source): the symbols share no sessions in the window")
        }
        let periodsPerYear = perSymbol.first?.results.first?.series.timeframe.periodsPerYear ?? 252
        var rows = zip(contenders, combined).map { results, c in
            ReportTable.Row(label: "\(results[0].policy) [portfolio]", metrics: c.metrics(periodsPerYear: periodsPerYear))
        }
        for (symbol, results) in perSymbol { rows += results.map { ReportTable.Row(label: "\($0.policy) [\(symbol)]", metrics: $0.metrics) } }
        let folderOut = try RunFolder.create(command: "backtest", slug: CSVText.slug("\(wanted.count)symbols-\(policyName)"), out: out)
        var settings = runSettings(config, from: setup?.2)
        settings["cash"] = "\(execution.cash)"
        settings["cashPerSymbol"] = "\(cash)"
        settings["symbols"] = wanted.joined(separator: ",")
        let inputs = paths + [posts].compactMap { $0 } + wanted.compactMap { s in stocknet.map { $0 + "/tweets/" + s } }
            + (setup?.0.map { [$0.path] } ?? [])
        let record = RunRecord(version: SentradeVersion.current, settings: settings, inputs: inputs)
        try record.write(to: folderOut)
        var equity = "time,equity,exposure\n"
        for (t, (e, x)) in zip(main.times, zip(main.equity, main.exposure)) { equity += "\(ISO8601.string(t)),\(e),\(x)\n" }
        try CLI.write(equity, to: folderOut.path("equity.csv"))
        let trades = perSymbol.flatMap { $0.results[0].trades }.sorted { $0.entryTime < $1.entryTime }
        try CLI.write(RoundTrip.csvHeader + trades.map(\.csvRow).joined(), to: folderOut.path("trades.csv"))
        try CLI.write(ReportTable.csv(rows), to: folderOut.path("metrics.csv"))
        let period = "\(ISO8601.string(main.times.first ?? Date()).prefix(10))..\(ISO8601.string(main.times.last ?? Date()).prefix(10))"
        let curves = zip(contenders, combined).map { results, c in
            BacktestReport.Curve(label: results[0].policy, times: c.times, equity: c.equity, exposure: c.exposure)
        }
        let report = BacktestReport.document(
            title: "\(wanted.count) symbols: \(policyName) vs buy-and-hold",
            subtitle: "\(period), equal capital per symbol (\(HTML.number(cash))), fill \(config.fill.rawValue), fee \(config.costs.commissionBps) bps, slippage \(config.costs.slippageBps) bps",
            rows: rows, curves: curves, detail: perSymbol.first?.results.first, explanations: explanations,
            provenance: record.provenance, notes: warnings)
        try CLI.write(report.render(), to: folderOut.path("report.html"))
        let stats = TradeStatistics(trades)
        if json {
            struct Output: Encodable {
                var symbols: [String], period: String, fill: String, costs: CostModel, initialCash: Double, cashPerSymbol: Double
                var rows: [Row], drawdown: DrawdownSpan?, tradeStatistics: TradeStatistics, trades: [RoundTrip], reportDir: String
                struct Row: Encodable { var label: String; var metrics: PerformanceMetrics }
            }
            print(try CLI.json(Output(symbols: wanted, period: period, fill: config.fill.rawValue, costs: config.costs,
                                      initialCash: execution.cash, cashPerSymbol: cash,
                                      rows: rows.map { .init(label: $0.label, metrics: $0.metrics) }, drawdown: main.drawdown, tradeStatistics: stats,
                                      trades: trades, reportDir: folderOut.url.path)))
        } else {
            print("\(wanted.joined(separator: ",")) \(period), \(HTML.number(cash)) per symbol, fill \(config.fill.rawValue), fee \(config.costs.commissionBps) bps, slippage \(config.costs.slippageBps) bps")
            print(ReportTable.text(rows), terminator: "")
            print(String(format: "%@ trades: %d, win rate %.1f%%, profit factor %.2f, expectancy %.2f", policyName, stats.trades,
                         100 * stats.winRate, stats.profitFactor, stats.expectancy))
            print(Self.drawdownLine("\(policyName) [portfolio]", main.drawdown))
            print("run folder: \(folderOut.url.path) (equity.csv, trades.csv, metrics.csv, report.html, run.json)")
        }
    }
}
