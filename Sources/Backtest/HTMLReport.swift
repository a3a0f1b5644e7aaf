import Foundation
import TradingCore

/// A self-contained HTML report (no scripts, no external assets): a metrics table, equity curves
/// normalised to 1 at the start, and drawdowns, drawn as inline SVG. Opens in any browser, can be
/// attached to an issue or served from S3 as one file.
public struct HTMLReport: Sendable {
    public struct Series: Sendable {
        public var label: String
        public var times: [Date]
        public var equity: [Double]
        public init(label: String, times: [Date], equity: [Double]) {
            self.label = label
            self.times = times
            self.equity = equity
        }
    }

    public var title: String
    public var subtitle: String
    public var rows: [ReportTable.Row]
    public var curves: [Series]
    public var notes: [String]

    public init(title: String, subtitle: String, rows: [ReportTable.Row], curves: [Series], notes: [String] = []) {
        self.title = title
        self.subtitle = subtitle
        self.rows = rows
        self.curves = curves
        self.notes = notes
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    public func render() -> String {
        let normalised = curves.map { c -> [Double] in
            let start = c.equity.first ?? 1
            return c.equity.map { start > 0 ? $0 / start : 1 }
        }
        let drawdowns = curves.map { c -> [Double] in
            var peak = -Double.infinity
            return c.equity.map { e in peak = max(peak, e); return peak > 0 ? e / peak - 1 : 0 }
        }
        var html = """
        <!doctype html><html><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:13px}
        td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}
        .legend span{display:inline-block;margin-right:1em}.note{color:#555;font-size:13px}</style></head><body>
        <h1>\(escape(title))</h1><p>\(escape(subtitle))</p>
        """
        html += table()
        html += "<h2>Equity (start = 1)</h2>" + legend() + chart(normalised, height: 320, percent: false)
        html += "<h2>Drawdown</h2>" + chart(drawdowns, height: 180, percent: true)
        for note in notes { html += "<p class=\"note\">\(escape(note))</p>" }
        if let first = curves.first?.times.first, let last = curves.first?.times.last {
            html += "<p class=\"note\">Period \(ISO8601.string(first).prefix(10)) to \(ISO8601.string(last).prefix(10)).</p>"
        }
        return html + "</body></html>\n"
    }

    func table() -> String {
        var out = "<table><tr><th>policy</th>" + ReportTable.columns.map { "<th>\(escape($0.0))</th>" }.joined() + "</tr>"
        for row in rows {
            out += "<tr><td>\(escape(row.label))</td>" + ReportTable.columns.map { "<td>\(escape($0.1(row.metrics)))</td>" }.joined() + "</tr>"
        }
        return out + "</table>"
    }

    func legend() -> String {
        "<div class=\"legend\">" + curves.enumerated().map { i, c in
            "<span style=\"color:\(Self.palette[i % Self.palette.count])\">&#9632; \(escape(c.label))</span>"
        }.joined() + "</div>"
    }

    func chart(_ lines: [[Double]], height: Double, percent: Bool) -> String {
        let width = 900.0, pad = 50.0
        let values = lines.flatMap { $0 }.filter(\.isFinite)
        guard var lo = values.min(), var hi = values.max() else { return "" }
        if hi - lo < 1e-9 { lo -= 0.5; hi += 0.5 }
        let maxCount = max(lines.map(\.count).max() ?? 2, 2)
        func x(_ i: Int) -> Double { pad + Double(i) / Double(maxCount - 1) * (width - 2 * pad) }
        func y(_ v: Double) -> Double { height - pad / 2 - (v - lo) / (hi - lo) * (height - pad) }
        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        for k in 0...4 {
            let v = lo + (hi - lo) * Double(k) / 4
            let label = percent ? String(format: "%.0f%%", v * 100) : String(format: "%.2f", v)
            svg += "<line x1=\"\(pad)\" x2=\"\(width - pad)\" y1=\"\(y(v))\" y2=\"\(y(v))\" stroke=\"#eee\"/>"
            svg += "<text x=\"4\" y=\"\(y(v) + 4)\" font-size=\"11\" fill=\"#666\">\(label)</text>"
        }
        for (i, line) in lines.enumerated() where line.count > 1 {
            // At most ~2 points per pixel column keeps the file small for long series.
            let step = max(1, line.count / 1800)
            let points = stride(from: 0, to: line.count, by: step).map { String(format: "%.1f,%.1f", x($0), y(line[$0])) }
            svg += "<polyline fill=\"none\" stroke-width=\"1.3\" stroke=\"\(Self.palette[i % Self.palette.count])\" points=\"\(points.joined(separator: " "))\"/>"
        }
        return svg + "</svg>"
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
