import Backtest
import Foundation
import Report
import Strategy
import TradingCore

/// Builds the HTML report of a backtest (and of the demo's portfolio): metrics, equity against
/// buy-and-hold (linear / log), drawdown, rolling Sharpe, monthly returns, exposure, the price with
/// every entry and exit, the sentiment the agent saw under it, the trade list and — for a PPO
/// agent — how much sentiment and price moved its decisions.
public enum BacktestReport {
    /// One equity curve of the comparison.
    public struct Curve: Sendable {
        public var label: String
        public var times: [Date]
        public var equity: [Double]
        public var exposure: [Double]
        public init(label: String, times: [Date], equity: [Double], exposure: [Double]) {
            self.label = label
            self.times = times
            self.equity = equity
            self.exposure = exposure
        }
        public init(_ r: BacktestResult) {
            self.init(label: r.policy, times: Array(r.times), equity: r.equity, exposure: r.exposure)
        }
    }

    /// - Parameters:
    ///   - rows: the metrics table (label, metrics), in order.
    ///   - curves: equity curves on the same bars; the first is the subject, compared with the rest.
    ///   - detail: the backtest whose price, trades and sentiment are drawn.
    public static func document(title: String, subtitle: String, rows: [ReportTable.Row], curves: [Curve],
                                detail: BacktestResult?, explanations: [(time: Date, explanation: DecisionExplanation)] = [],
                                provenance: Provenance?, notes: [String] = []) -> ReportDocument {
        var doc = ReportDocument(title: title, subtitle: subtitle, provenance: provenance, notes: notes)
        if let first = rows.first {
            let m = first.metrics
            doc.add("Summary", ReportDocument.kpis([
                ("policy", first.label), ("total return", HTML.percent(m.totalReturn)), ("Sharpe", HTML.number(m.sharpe)),
                ("max drawdown", HTML.percent(m.maxDrawdown)), ("trades", "\(m.trades)"), ("turnover", HTML.number(m.turnover, 1) + "×/yr"),
                ("costs paid", HTML.number(m.costsPaid)),
            ]) + HTML.table(id: "metrics", header: ["policy"] + ReportTable.columns.map(\.0),
                             rows: rows.map { r in [r.label] + ReportTable.columns.map { $0.1(r.metrics) } }))
        }
        guard let base = curves.first else { return doc }
        let times = base.times
        let perYear = detail?.series.timeframe.periodsPerYear ?? 252
        doc.add("Equity", ReportDocument.withLogToggle(LineChart(
            id: "equity", title: "Equity, start = 1", times: times,
            lines: curves.map { .init($0.label, SeriesMath.normalised($0.equity)) }, format: .multiple)))
        doc.add("Drawdown", LineChart(id: "drawdown", title: "Drawdown from the running peak", times: times,
                                      lines: curves.map { .init($0.label, SeriesMath.drawdown($0.equity), style: .line) },
                                      format: .percent, height: 180).render())
        let window = 63
        doc.add("Rolling Sharpe", LineChart(id: "rolling-sharpe", title: "Rolling \(window)-bar Sharpe (annualised)", times: times,
                                            lines: curves.map { .init($0.label, SeriesMath.rollingSharpe($0.equity, window: window, periodsPerYear: perYear)) },
                                            zeroLine: true, height: 200).render()
                + (times.count <= window + 1 ? "<p class=\"empty\">The period has \(times.count) bars: too short for a \(window)-bar window.</p>" : ""))
        doc.add("Monthly returns", MonthlyHeatMap(id: "monthly", title: "\(base.label): monthly returns",
                                                  months: SeriesMath.monthlyReturns(times: times, equity: base.equity)).render())
        doc.add("Exposure", LineChart(id: "exposure", title: "Exposure (position value / equity)", times: times,
                                      lines: curves.map { .init($0.label, $0.exposure, style: .line) }, zeroLine: true, height: 160).render())
        if let detail { doc.add("Price, trades and sentiment", priceSection(detail)) }
        if !explanations.isEmpty { doc.add("Why it traded", explanationSection(explanations, times: times)) }
        return doc
    }

    /// Price with markers at every fill, and the posts the agent saw, bar by bar, under it.
    static func priceSection(_ r: BacktestResult) -> String {
        let times = Array(r.times)
        var index: [Date: Int] = [:]
        for (i, t) in times.enumerated() { index[t] = i }
        let markers = r.fills.compactMap { f -> LineChart.Marker? in
            guard let i = index[f.time] else { return nil }
            let note = "\(HTML.day(f.time)) \(f.side.rawValue) \(HTML.number(f.quantity, 4)) @ \(HTML.number(f.price))"
            return LineChart.Marker(index: i, kind: f.side == .buy ? .buy : .sell, note: note)
        }
        var html = LineChart(id: "price", title: "\(r.symbol) close, with \(r.policy)'s fills", times: times,
                             lines: [.init(r.symbol, Array(r.closes))], height: 280, markers: markers).render()
        let sentiment = Array(r.series.sentiment[r.range])
        if sentiment.contains(where: { $0.logPostCount > 0 }) {
            html += LineChart(id: "posts", title: "Posts per bar (kept after filtering)", times: times,
                              lines: [.init("posts", sentiment.map { Foundation.expm1($0.logPostCount) }, style: .columns)],
                              format: .number(0), height: 120).render()
            html += LineChart(id: "polarity", title: "Sentiment: mean polarity and decayed polarity", times: times,
                              lines: [.init("mean polarity", sentiment.map { $0.logPostCount > 0 ? $0.meanPolarity : .nan }),
                                      .init("decayed polarity", sentiment.map(\.decayedPolarity), style: .dashed)],
                              zeroLine: true, height: 150).render()
        } else {
            html += "<p class=\"empty\">No posts in this period: the sentiment inputs were all \"no posts\".</p>"
        }
        let trips = r.trades
        let shown = trips.prefix(200)
        html += HTML.table(id: "trades", header: ["entry", "exit", "side", "entry price", "exit price", "quantity", "fees", "P&L", "return", "bars"],
                           rows: shown.map { t in
                               [HTML.day(t.entryTime), t.exitTime.map(HTML.day) ?? "open", t.side, HTML.number(t.entryPrice), HTML.number(t.exitPrice),
                                HTML.number(t.quantity, 4), HTML.number(t.fees), HTML.number(t.pnl), HTML.percent(t.returnFraction), "\(t.barsHeld)"]
                           }, numericFrom: 3)
        if trips.count > shown.count { html += "<p class=\"empty\">First \(shown.count) of \(trips.count) trades; all are in trades.csv.</p>" }
        return html
    }

    /// The summary of a PPO agent's explanations over the run.
    static func explanationSection(_ entries: [(time: Date, explanation: DecisionExplanation)], times: [Date]) -> String {
        let summary = ExplanationSummary(entries.map(\.explanation))
        var html = "<p>For each decision the agent's action probabilities were recomputed with the sentiment inputs set to neutral "
            + "(no posts: polarity 0; post count at its usual level) and with the price inputs set to neutral (an ordinary bar). "
            + "The shift is the total variation distance between the two distributions (0: no effect, 1: a different certain choice).</p>"
        var kpis: [(String, String)] = [("decisions", "\(summary.decisions)"), ("mean price shift", HTML.number(summary.meanPriceShift))]
        if let shift = summary.meanSentimentShift {
            kpis += [("mean sentiment shift", HTML.number(shift)),
                     ("decisions sentiment changed",
                      "\(summary.changedBySentiment) (\(HTML.percent(Double(summary.changedBySentiment) / Double(summary.withSentiment))))")]
        }
        html += ReportDocument.kpis(kpis)
        var byTime: [Date: DecisionExplanation] = [:]
        for e in entries { byTime[e.time] = e.explanation }
        var lines: [LineChart.Line] = [.init("price shift", times.map { byTime[$0]?.priceShift ?? .nan })]
        if summary.meanSentimentShift != nil { lines.insert(.init("sentiment shift", times.map { byTime[$0]?.sentimentShift ?? .nan }), at: 0) }
        html += LineChart(id: "explanation-shift", title: "How much each input group moved the decision", times: times,
                          lines: lines, height: 160).render()
        let top = entries.sorted { ($0.explanation.sentimentShift ?? $0.explanation.priceShift) > ($1.explanation.sentimentShift ?? $1.explanation.priceShift) }.prefix(15)
        html += HTML.table(id: "explanations", header: ["bar", "decision", "p", "sentiment shift", "without sentiment", "price shift", "neutral price"],
                           rows: top.map { e in
                               let x = e.explanation
                               return [HTML.day(e.time), x.actions[x.chosen], HTML.number(x.probabilities[x.chosen]),
                                       x.sentimentShift.map { HTML.number($0) } ?? "–", x.chosenWithoutSentiment.map { x.actions[$0] } ?? "–",
                                       HTML.number(x.priceShift), x.actions[x.chosenWithNeutralPrice]]
                           }, numericFrom: 2)
        return html
    }
}

extension RunRecord {
    /// The report header's provenance.
    public var provenance: Provenance {
        Provenance(command: command, createdAt: createdAt, version: version, gitCommit: gitCommit, settings: settings,
                   files: inputs.map { .init(path: $0.path, sha256: $0.sha256) })
    }
}
