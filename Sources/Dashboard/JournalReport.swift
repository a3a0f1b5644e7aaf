import Foundation
import Live
import Report
import Strategy
import TradingCore

/// A live or simulated session's report, rendered from its journal with the same report module
/// as a backtest: equity, drawdown, rolling Sharpe, monthly returns, fills, and what moved the
/// agent's decisions. `GET /report` on the dashboard.
enum JournalReport {
    static func document(_ data: DashboardData) throws -> ReportDocument {
        let status = try data.status()
        let equity = try data.journal.equity()
        let times = equity.map(\.time), values = equity.map(\.equity)
        var doc = ReportDocument(
            title: "Session report: \(status.strategy ?? "no run")",
            subtitle: "journal \(status.journal); mode \(status.mode ?? "–"); \(equity.count) account snapshots; risk state \(status.riskState)",
            provenance: nil)
        if let last = values.last, let first = values.first {
            doc.add("Summary", ReportDocument.kpis([
                ("equity", HTML.number(last)), ("return", HTML.percent(first > 0 ? last / first - 1 : 0)),
                ("max drawdown", HTML.percent(SeriesMath.drawdown(values).min() ?? 0)),
                ("fills", "\(status.counts["fills"] ?? 0)"), ("orders", "\(status.counts["orders"] ?? 0)"),
            ]))
        }
        doc.add("Equity", ReportDocument.withLogToggle(LineChart(id: "equity", title: "Account equity", times: times,
                                                                 lines: [.init("equity", values)])))
        doc.add("Drawdown", LineChart(id: "drawdown", title: "Drawdown from the running peak", times: times,
                                      lines: [.init("drawdown", SeriesMath.drawdown(values))], format: .percent, height: 180).render())
        doc.add("Rolling Sharpe", LineChart(id: "rolling-sharpe", title: "Rolling 63-bar Sharpe (annualised, daily bars assumed)", times: times,
                                            lines: [.init("Sharpe", SeriesMath.rollingSharpe(values))], zeroLine: true, height: 180).render())
        doc.add("Monthly returns", MonthlyHeatMap(id: "monthly", title: "Monthly returns",
                                                  months: SeriesMath.monthlyReturns(times: times, equity: values)).render())
        let fills = try data.journal.fills()
        doc.add("Fills", HTML.table(id: "fills", header: ["time", "symbol", "side", "quantity", "price", "fees", "source"],
                                    rows: fills.suffix(500).map { f in
                                        [ISO8601.string(f.time), f.symbol, f.side.rawValue, HTML.number(f.quantity, 4), HTML.number(f.price),
                                         HTML.number(f.commission + f.slippage), f.source]
                                    }, numericFrom: 3))
        let explained = try data.decisions(limit: 100_000).compactMap(\.explanation)
        if !explained.isEmpty {
            let summary = ExplanationSummary(explained)
            var items = [("explained decisions", "\(summary.decisions)"), ("mean price shift", HTML.number(summary.meanPriceShift))]
            if let shift = summary.meanSentimentShift {
                items += [("mean sentiment shift", HTML.number(shift)), ("changed by sentiment", "\(summary.changedBySentiment)")]
            }
            doc.add("Why it traded", ReportDocument.kpis(items))
        }
        return doc
    }
}
