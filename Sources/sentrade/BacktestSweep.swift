import ArgumentParser
import Backtest
import Features
import Foundation
import MarketData
import Report
import Strategy
import TradingCore
import Workflows

/// `sentrade backtest --policy sma:5..20,20..60` (or several --policy): every configuration on the
/// same bars, ranked by Sharpe ratio, with the deflated Sharpe ratio of the winner over all the
/// configurations tried. The winner is picked in-sample, and the output says so.
extension BacktestCommand {
    func runSweep(specs: [String], prices: String) async throws {
        guard !specs.contains(where: { $0.hasPrefix("ckpt:") }) else {
            throw ValidationError("a sweep runs baseline policies; compare trained checkpoints with `sentrade eval`")
        }
        let bars = try CSVBarLoader(useAdjustedClose: adjusted).load(path: prices, symbol: symbol)
        let sentiment = try await sentiment(for: bars)
        let (_, _, fromDate) = try checkpointSetup(hasPosts: sentiment != nil)  // --from/--to, checked as for one policy
        let series = TradingSeries(series: bars, sentiment: sentiment, spec: nil)
        let range = try tradingRange(series, from: fromDate, source: prices)
        let config = try backtestConfig(cash: execution.cash)
        let sweep = try PolicySweep.run(specs: specs, on: series, range: range, config: config)
        let best = sweep.best
        let shown = Array(sweep.entries.prefix(20))
        let rows = shown.map { ReportTable.Row(label: "#\($0.rank) \($0.policy)", metrics: $0.metrics) }
            + [ReportTable.Row(label: "buy-and-hold", metrics: sweep.buyAndHold.metrics)]
        let verdict = Self.verdict(sweep)

        let folder = try RunFolder.create(command: "backtest", slug: CSVText.slug("\(bars.symbol)-sweep-\(specs.count)"), out: out)
        var settings = runSettings(config, from: fromDate)
        settings["policy"] = policies.joined(separator: " ")
        settings["configurations"] = "\(specs.count)"
        settings["cash"] = "\(config.initialCash)"
        settings["symbol"] = bars.symbol
        let inputs = [prices] + [posts, stocknet.map { $0 + "/tweets/" + bars.symbol }].compactMap { $0 }
        let record = RunRecord(version: SentradeVersion.current, settings: settings, inputs: inputs)
        try record.write(to: folder)
        try CLI.write(sweep.csv(), to: folder.path("sweep.csv"))
        try CLI.write(best.equityCSV(), to: folder.path("equity.csv"))
        try CLI.write(RoundTrip.csvHeader + best.trades.map(\.csvRow).joined(), to: folder.path("trades.csv"))
        let period = "\(ISO8601.string(best.times.first ?? Date()).prefix(10))..\(ISO8601.string(best.times.last ?? Date()).prefix(10))"
        let report = BacktestReport.document(
            title: "\(bars.symbol): \(specs.count) configurations, best \(best.policy)",
            subtitle: "\(period), fill \(config.fill.rawValue), fee \(config.costs.commissionBps) bps, slippage \(config.costs.slippageBps) bps, start cash \(config.initialCash); the top 20 by Sharpe (all in sweep.csv)",
            rows: rows, curves: [BacktestReport.Curve(best), BacktestReport.Curve(sweep.buyAndHold)], detail: best,
            provenance: record.provenance, notes: [verdict])
        try CLI.write(report.render(), to: folder.path("report.html"))

        if json {
            struct Output: Encodable {
                var symbol: String, period: String, fill: String, costs: CostModel, initialCash: Double, configurations: Int
                var ranked: [PolicySweep.Entry], buyAndHold: PerformanceMetrics
                var deflatedSharpe: SharpeSignificance.BestOfTrials?, verdict: String, reportDir: String
            }
            print(try CLI.json(Output(symbol: bars.symbol, period: period, fill: config.fill.rawValue, costs: config.costs,
                                      initialCash: config.initialCash, configurations: specs.count, ranked: sweep.entries,
                                      buyAndHold: sweep.buyAndHold.metrics, deflatedSharpe: sweep.deflated, verdict: verdict,
                                      reportDir: folder.url.path)))
        } else {
            print("\(bars.symbol) \(period), \(specs.count) configurations, fill \(config.fill.rawValue), fee \(config.costs.commissionBps) bps, slippage \(config.costs.slippageBps) bps")
            print(ReportTable.text(rows), terminator: "")
            if sweep.entries.count > shown.count { print("… \(sweep.entries.count - shown.count) more in sweep.csv") }
            print(verdict)
            print("run folder: \(folder.url.path) (sweep.csv, equity.csv and trades.csv of the best, report.html, run.json)")
        }
    }

    /// One sentence on how much of the winner's Sharpe ratio the number of tries explains.
    static func verdict(_ sweep: PolicySweep) -> String {
        guard let d = sweep.deflated else { return "too few returns to judge the best configuration" }
        let best = sweep.entries[0].policy
        let reading = d.probability >= 0.95 ? "unlikely to be luck alone"
            : "not distinguishable from the best of \(d.trials) skill-less tries"
        return String(format: "best %@: Sharpe %.2f, picked in-sample from %d configurations; luck alone would reach %.2f; deflated Sharpe probability %.2f (%@)",
                      best, d.sharpe, d.trials, d.benchmark, d.probability, reading)
    }
}
