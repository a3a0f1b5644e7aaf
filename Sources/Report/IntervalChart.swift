import Foundation

/// Point estimates with intervals as horizontal bars (Sharpe with its bootstrap interval, an
/// ablation's Sharpe difference with its paired interval), with a reference line at zero.
public struct IntervalChart: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var value: Double
        public var low: Double
        public var high: Double
        public init(label: String, value: Double, low: Double, high: Double) {
            self.label = label
            self.value = value
            self.low = low
            self.high = high
        }
    }

    public var id: String
    public var title: String
    public var rows: [Row]
    public init(id: String, title: String, rows: [Row]) {
        self.id = id
        self.title = title
        self.rows = rows
    }

    public func render() -> String {
        let finite = rows.filter { $0.value.isFinite }
        let out = "<figure class=\"chart\" data-chart=\"\(HTML.escape(id))\" data-points=\"\(finite.count)\"><figcaption>\(HTML.escape(title))</figcaption>"
        let values = finite.flatMap { [$0.value, $0.low, $0.high] }.filter(\.isFinite) + [0]
        guard let minV = values.min(), let maxV = values.max(), !finite.isEmpty else { return out + "<p class=\"empty\">no data</p></figure>" }
        let lo = minV - (maxV - minV) * 0.05 - 1e-9, hi = maxV + (maxV - minV) * 0.05 + 1e-9
        let w = 900.0, labelW = 220.0, rowH = 24.0, h = Double(rows.count) * rowH + 30
        func x(_ v: Double) -> Double { labelW + (v - lo) / (hi - lo) * (w - labelW - 60) }
        var s = "<svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        let zero = HTML.coordinate(x(0))
        s += "<line class=\"zero\" x1=\"\(zero)\" x2=\"\(zero)\" y1=\"0\" y2=\"\(Int(h - 20))\"/>"
        for k in 0...4 {
            let v = lo + (hi - lo) * Double(k) / 4
            s += "<text class=\"axis\" text-anchor=\"middle\" x=\"\(HTML.coordinate(x(v)))\" y=\"\(Int(h - 6))\">\(HTML.number(v, 2))</text>"
        }
        for (i, row) in rows.enumerated() {
            let cy = Double(i) * rowH + rowH / 2 + 2
            s += "<text class=\"label\" x=\"4\" y=\"\(HTML.coordinate(cy + 4))\">\(HTML.escape(row.label))</text>"
            guard row.value.isFinite else { continue }
            let color = row.value >= 0 ? "#2ca02c" : "#d62728"
            let x0 = min(x(0), x(row.value)), width = abs(x(row.value) - x(0))
            s += "<rect x=\"\(HTML.coordinate(x0))\" y=\"\(HTML.coordinate(cy - 7))\" width=\"\(HTML.coordinate(max(width, 1)))\" height=\"14\" fill=\"\(color)\" opacity=\"0.55\"/>"
            if row.low.isFinite, row.high.isFinite {
                let y = HTML.coordinate(cy)
                s += "<line class=\"interval\" x1=\"\(HTML.coordinate(x(row.low)))\" x2=\"\(HTML.coordinate(x(row.high)))\" y1=\"\(y)\" y2=\"\(y)\"/>"
                for end in [row.low, row.high] {
                    s += "<line class=\"interval\" x1=\"\(HTML.coordinate(x(end)))\" x2=\"\(HTML.coordinate(x(end)))\" y1=\"\(HTML.coordinate(cy - 5))\" y2=\"\(HTML.coordinate(cy + 5))\"/>"
                }
            }
            s += "<text class=\"axis\" x=\"\(Int(w - 55))\" y=\"\(HTML.coordinate(cy + 4))\">\(HTML.signed(row.value, 2))</text>"
        }
        return out + s + "</svg></figure>"
    }
}

/// Monthly returns as a year × month table whose cells are coloured by sign and size.
public struct MonthlyHeatMap: Sendable {
    public var id: String
    public var title: String
    public var months: [SeriesMath.MonthReturn]
    public init(id: String, title: String, months: [SeriesMath.MonthReturn]) {
        self.id = id
        self.title = title
        self.months = months
    }

    public func render() -> String {
        var out = "<figure class=\"chart heat\" data-chart=\"\(HTML.escape(id))\" data-points=\"\(months.count)\"><figcaption>\(HTML.escape(title))</figcaption>"
        guard !months.isEmpty else { return out + "<p class=\"empty\">no data</p></figure>" }
        let scale = max(months.map { abs($0.value) }.max() ?? 0, 1e-9)
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        out += "<div class=\"scroll\"><table class=\"heat\"><thead><tr><th>year</th>" + names.map { "<th>\($0)</th>" }.joined() + "<th>year</th></tr></thead><tbody>"
        for year in Set(months.map(\.year)).sorted() {
            out += "<tr><th>\(year)</th>"
            var compounded = 1.0
            for m in 1...12 {
                if let r = months.first(where: { $0.year == year && $0.month == m }) {
                    compounded *= 1 + r.value
                    let alpha = HTML.number(0.15 + 0.75 * min(abs(r.value) / scale, 1), 2)
                    let rgb = r.value >= 0 ? "44,160,44" : "214,39,40"
                    out += "<td style=\"background:rgba(\(rgb),\(alpha))\">\(HTML.percent(r.value))</td>"
                } else {
                    out += "<td></td>"
                }
            }
            out += "<td><b>\(HTML.percent(compounded - 1))</b></td></tr>"
        }
        return out + "</tbody></table></div></figure>"
    }
}
