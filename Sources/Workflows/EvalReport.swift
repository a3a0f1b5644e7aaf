import Backtest
import Foundation
import Report
import TradingCore

/// The HTML report of a walk-forward evaluation: each contender's Sharpe with its bootstrap
/// interval, the chained out-of-sample equity curves, the fold-by-fold table, ablation deltas
/// with paired intervals, the deflated Sharpe ratio over every trial, and the movement view.
public enum EvalReport {
    public static func document(_ summary: EvalSummary, source: String, symbols: [String], provenance: Provenance?,
                                ablations: [(name: String, delta: Double, low: Double, high: Double)],
                                probabilityFusedBeatsPriceOnly: Double?,
                                pairwise: [(contender: String, versus: String, probability: Double)] = []) -> ReportDocument {
        let folds = summary.plan.folds.compactMap { f -> String? in
            guard let tr = summary.plan.dates(f.train), let te = summary.plan.dates(f.test) else { return nil }
            return "fold \(f.index + 1): train \(tr.lowerBound)…\(tr.upperBound), test \(te.lowerBound)…\(te.upperBound)"
        }
        var doc = ReportDocument(title: "Walk-forward evaluation: \(source)",
                                 subtitle: "\(symbols.joined(separator: ", ")); \(folds.count) folds. Every fitted policy saw only its fold's training window.",
                                 provenance: provenance, notes: summary.notes)
        let rows = summary.rows
        doc.add("Sharpe with 95% intervals", IntervalChart(
            id: "sharpe-intervals", title: "Annualised Sharpe of the chained test returns (stationary bootstrap, 95%)",
            rows: rows.map { .init(label: $0.contender, value: $0.metrics.sharpe, low: $0.sharpeLow, high: $0.sharpeHigh) }).render()
            + HTML.table(id: "contenders", header: ["contender", "seeds", "total return", "Sharpe", "95% interval", "seed Sharpe", "Sortino", "max DD", "turnover", "costs"],
                         rows: rows.map { r in
                             [r.contender, "\(r.seeds)", HTML.percent(r.metrics.totalReturn), HTML.number(r.metrics.sharpe),
                              "[\(HTML.number(r.sharpeLow)), \(HTML.number(r.sharpeHigh))]",
                              r.seeds > 1 ? "\(HTML.number(r.seedSharpeMean)) ± \(HTML.number(r.seedSharpeSD))" : "–",
                              HTML.number(r.metrics.sortino), HTML.percent(r.metrics.maxDrawdown), HTML.number(r.metrics.turnover, 1) + "×",
                              HTML.number(r.metrics.costsPaid, 0)]
                         }))
        if let curves = chainedCurves(summary) {
            doc.add("Out-of-sample equity", ReportDocument.withLogToggle(LineChart(
                id: "equity", title: "Chained test-window equity (start = 1; learned agents averaged over seeds)",
                times: curves.times, lines: curves.lines, format: .multiple)))
        }
        doc.add("Fold by fold", foldTable(summary) + "<ul>" + folds.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>")
        var comparisons = ""
        if let p = probabilityFusedBeatsPriceOnly {
            comparisons += "<p data-probability-fused>P(fused Sharpe &gt; price-only Sharpe), paired stationary bootstrap: <b>\(HTML.number(p))</b></p>"
        }
        for p in pairwise {
            comparisons += "<p data-probability-pair>P(\(HTML.escape(p.contender)) Sharpe &gt; \(HTML.escape(p.versus)) Sharpe), paired stationary bootstrap: <b>\(HTML.number(p.probability))</b></p>"
        }
        if !ablations.isEmpty {
            comparisons += IntervalChart(id: "ablations", title: "Ablations: Sharpe minus the full fused agent's (paired 95% interval)",
                                         rows: ablations.map { .init(label: $0.name, value: $0.delta, low: $0.low, high: $0.high) }).render()
        }
        if let d = summary.deflatedSharpe {
            comparisons += "<p data-deflated-sharpe>Deflated Sharpe: the best of \(d.trials) trials (\(HTML.escape(d.best)), annualised Sharpe "
                + "\(HTML.number(d.sharpe))) against \(HTML.number(d.benchmark)) expected from that many tries by luck: "
                + "P(true Sharpe &gt; that) = <b>\(HTML.number(d.probability))</b>.</p>"
        }
        if !comparisons.isEmpty { doc.add("Is it skill?", comparisons) }
        if !summary.movement.isEmpty {
            let window = summary.movementWindow.map { "\($0.lowerBound)…\($0.upperBound)" } ?? "?"
            let comparable = summary.movementWindow == EvalConfig.stockNetPaperWindow && source.hasPrefix("stocknet")
            doc.add("Next-day movement", "<p>Up / down calls for the next session, scored on \(window)"
                    + (comparable ? ": the StockNet paper's test window (its model: accuracy 58.23%, MCC 0.0808).</p>" : " (the last test window).</p>")
                    + HTML.table(id: "movement", header: ["predictor", "accuracy", "MCC", "symbol-days"],
                                 rows: summary.movement.map { [$0.predictor, HTML.percent($0.accuracy, 2), HTML.number($0.mcc, 4), "\($0.days)"] }))
        }
        return doc
    }

    /// Sharpe per contender and fold (mean over seeds).
    static func foldTable(_ summary: EvalSummary) -> String {
        let folds = Set(summary.outcomes.map(\.fold)).sorted()
        let rows = summary.contenders.map { name -> [String] in
            [name] + folds.map { fold in
                let mine = summary.outcomes.filter { $0.contender == name && $0.fold == fold }
                guard !mine.isEmpty else { return "–" }
                let mean = mine.map(\.metrics.sharpe).reduce(0, +) / Double(mine.count)
                let turnover = mine.map(\.metrics.turnover).reduce(0, +) / Double(mine.count)
                return "\(HTML.number(mean)) (\(HTML.number(turnover, 0))×)"
            }
        }
        return HTML.table(id: "folds", header: ["contender"] + folds.map { "fold \($0 + 1) Sharpe (turnover)" }, rows: rows)
    }

    /// Each contender's seed-averaged test returns chained into one curve over the test windows.
    static func chainedCurves(_ summary: EvalSummary) -> (times: [Date], lines: [LineChart.Line])? {
        guard let first = summary.contenders.first else { return nil }
        let mine = summary.outcomes.filter { $0.contender == first && $0.seed == summary.outcomes.first { $0.contender == first }?.seed }
            .sorted { $0.fold < $1.fold }
        var times: [Date] = []
        for o in mine { times += times.isEmpty ? o.portfolio.times : Array(o.portfolio.times.dropFirst()) }
        guard times.count > 1 else { return nil }
        let lines = summary.contenders.map { name -> LineChart.Line in
            var equity = [1.0]
            for r in summary.returns(name) { equity.append(equity[equity.count - 1] * (1 + r)) }
            return .init(name, equity)
        }
        return (times, lines)
    }
}

/// The HTML report of a training run: learning curves and PPO diagnostics per iteration.
public enum TrainingReport {
    public static func document(events: [TrainingEvent], title: String, subtitle: String, provenance: Provenance?, notes: [String]) -> ReportDocument {
        var doc = ReportDocument(title: title, subtitle: subtitle, provenance: provenance, notes: notes)
        func chart(_ id: String, _ title: String, _ values: (TrainingEvent) -> Double?, height: Double = 170) -> String {
            IterationChart(id: id, title: title, iterations: events.map(\.iteration), values: events.map { values($0) ?? .nan }, height: height).render()
        }
        doc.add("Learning", chart("episode-return", "Mean training-episode return", \.episodeReturn, height: 220)
                + chart("validation-sharpe", "Validation Sharpe (greedy policy on the validation window)", \.validationSharpe, height: 220)
                + chart("validation-turnover", "Validation turnover (× per year)", \.validationTurnover))
        doc.add("PPO diagnostics", chart("entropy", "Policy entropy (nats)", \.entropy)
                + chart("approx-kl", "Approximate KL to the rollout policy", \.approxKL)
                + chart("clip-fraction", "Clip fraction", \.clipFraction)
                + chart("explained-variance", "Explained variance of the critic", \.explainedVariance))
        doc.add("Iterations", HTML.table(id: "iterations", header: ["iteration", "timesteps", "episode return", "validation Sharpe", "entropy", "KL", "clip", "expl. var", "SPS"],
                                         rows: events.map { e in
                                             [
                                                 "\(e.iteration)", "\(e.timesteps)", e.episodeReturn.map { HTML.number($0, 3) } ?? "–",
                                                 e.validationSharpe.map { HTML.number($0, 3) + (e.improved ? " *" : "") } ?? "–",
                                                 e.entropy.map { HTML.number($0, 3) } ?? "–", e.approxKL.map { HTML.number($0, 4) } ?? "–",
                                                 e.clipFraction.map { HTML.number($0, 3) } ?? "–", e.explainedVariance.map { HTML.number($0, 3) } ?? "–",
                                                 HTML.number(e.stepsPerSecond, 0),
                                             ]
                                         }))
        return doc
    }
}
