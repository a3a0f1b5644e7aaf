import Foundation
import TradingCore

/// Renders metrics side by side as a plain-text table (stdout) or CSV (report files), so every
/// command prints results the same way.
public enum ReportTable {
    public struct Row: Sendable {
        public var label: String
        public var metrics: PerformanceMetrics
        public init(label: String, metrics: PerformanceMetrics) {
            self.label = label
            self.metrics = metrics
        }
    }

    public static let columns: [(String, @Sendable (PerformanceMetrics) -> String)] = [
        ("final equity", { String(format: "%.2f", $0.finalEquity) }),
        ("total ret", { pct($0.totalReturn) }),
        ("CAGR", { pct($0.cagr) }),
        ("vol", { pct($0.annualVolatility) }),
        ("Sharpe", { String(format: "%.2f", $0.sharpe) }),
        ("Sortino", { String(format: "%.2f", $0.sortino) }),
        ("max DD", { pct($0.maxDrawdown) }),
        ("Calmar", { String(format: "%.2f", $0.calmar) }),
        ("trades", { "\($0.trades)" }),
        ("turnover", { String(format: "%.1fx", $0.turnover) }),
        ("win", { pct($0.winRate) }),
        ("exposure", { pct($0.exposure) }),
        ("costs", { String(format: "%.2f", $0.costsPaid) }),
    ]

    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    public static func text(_ rows: [Row]) -> String {
        aligned(header: ["policy"] + columns.map(\.0),
                rows: rows.map { row in [row.label] + columns.map { $0.1(row.metrics) } })
    }

    /// A plain-text table: first column left-aligned, the others right-aligned, a rule under the header.
    public static func aligned(header: [String], rows body: [[String]]) -> String {
        let widths = header.indices.map { i in ([header[i]] + body.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for cells in body { out += line(cells) + "\n" }
        return out
    }

    public static func csv(_ rows: [Row]) -> String {
        var out = "policy,final_equity,total_return,cagr,annual_volatility,sharpe,sortino,max_drawdown,calmar,trades,turnover,win_rate,exposure,costs_paid,periods\n"
        for r in rows {
            let m = r.metrics
            out += "\(CSVText.field(r.label)),\(m.finalEquity),\(m.totalReturn),\(m.cagr),\(m.annualVolatility),\(m.sharpe),\(m.sortino),"
            out += "\(m.maxDrawdown),\(m.calmar),\(m.trades),\(m.turnover),\(m.winRate),\(m.exposure),\(m.costsPaid),\(m.periods)\n"
        }
        return out
    }
}
