import Foundation

/// A time-series chart drawn as inline SVG: lines (or columns) over a shared time axis, optional
/// log scale, a zero line, and entry/exit markers. The `figure` carries `data-chart` and
/// `data-points` (data points, not drawn vertices) so a test can check every chart has data.
public struct LineChart: Sendable {
    public enum Style: Sendable { case line, dashed, columns, area }
    public enum Format: Sendable { case number(Int), percent, multiple }

    public struct Line: Sendable {
        public var label: String
        public var values: [Double]
        public var style: Style
        public init(_ label: String, _ values: [Double], style: Style = .line) {
            self.label = label
            self.values = values
            self.style = style
        }
    }

    /// An entry or exit at a point of the first line.
    public struct Marker: Sendable {
        public enum Kind: String, Sendable { case buy, sell }
        public var index: Int
        public var kind: Kind
        public var note: String
        public init(index: Int, kind: Kind, note: String) {
            self.index = index
            self.kind = kind
            self.note = note
        }
    }

    public var id: String
    public var title: String
    public var times: [Date]
    public var lines: [Line]
    public var markers: [Marker] = []
    public var format: Format = .number(2)
    public var logScale = false
    public var zeroLine = false
    public var height = 260.0

    public init(id: String, title: String, times: [Date], lines: [Line], format: Format = .number(2),
                logScale: Bool = false, zeroLine: Bool = false, height: Double = 260, markers: [Marker] = []) {
        self.id = id
        self.title = title
        self.times = times
        self.lines = lines
        self.format = format
        self.logScale = logScale
        self.zeroLine = zeroLine
        self.height = height
        self.markers = markers
    }

    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    static let width = 900.0, left = 56.0, right = 12.0, top = 10.0, bottom = 26.0
    /// Vertices drawn per line at most (about two per horizontal pixel).
    static let maxVertices = 1800

    /// The number of data points (the longest line's finite values).
    public var points: Int { lines.map { $0.values.filter(\.isFinite).count }.max() ?? 0 }

    public func render() -> String {
        var out = "<figure class=\"chart\" data-chart=\"\(HTML.escape(id))\" data-points=\"\(points)\""
        if !markers.isEmpty { out += " data-markers=\"\(markers.count)\"" }
        out += "><figcaption>\(HTML.escape(title))\(logScale ? " (log scale)" : "")</figcaption>"
        out += legend()
        out += svg()
        return out + "</figure>"
    }

    func legend() -> String {
        guard lines.count > 1 || !markers.isEmpty else { return "" }
        var out = "<div class=\"legend\">"
        for (i, line) in lines.enumerated() {
            out += "<span style=\"color:\(Self.palette[i % Self.palette.count])\">&#9632; \(HTML.escape(line.label))</span>"
        }
        if !markers.isEmpty { out += "<span class=\"buy\">&#9650; entry / add</span><span class=\"sell\">&#9660; exit / reduce</span>" }
        return out + "</div>"
    }

    func transform(_ v: Double) -> Double { logScale ? (v > 0 ? Foundation.log(v) : .nan) : v }

    func svg() -> String {
        let w = Self.width, h = height
        let all = lines.flatMap { $0.values }.map(transform).filter(\.isFinite)
        guard var lo = all.min(), var hi = all.max() else {
            return "<p class=\"empty\">no data</p>"
        }
        if zeroLine || lines.contains(where: { $0.style == .columns || $0.style == .area }) {
            lo = min(lo, 0)
            hi = max(hi, 0)
        }
        if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
        let pad = (hi - lo) * 0.04
        lo -= pad
        hi += pad
        let count = max(lines.map(\.values.count).max() ?? 0, 2)
        let plotW = w - Self.left - Self.right, plotH = h - Self.top - Self.bottom
        func x(_ i: Int) -> Double { Self.left + Double(i) / Double(count - 1) * plotW }
        func y(_ v: Double) -> Double { Self.top + (hi - transform(v)) / (hi - lo) * plotH }
        func yRaw(_ t: Double) -> Double { Self.top + (hi - t) / (hi - lo) * plotH }
        var s = "<svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        // Horizontal grid with value labels.
        for k in 0...4 {
            let t = lo + (hi - lo) * Double(k) / 4
            let value = logScale ? Foundation.exp(t) : t
            let yy = HTML.coordinate(yRaw(t))
            s += "<line class=\"grid\" x1=\"\(Int(Self.left))\" x2=\"\(Int(w - Self.right))\" y1=\"\(yy)\" y2=\"\(yy)\"/>"
            s += "<text class=\"axis\" x=\"4\" y=\"\(HTML.coordinate(yRaw(t) + 4))\">\(label(value))</text>"
        }
        if (zeroLine || lo < 0) && !logScale && lo < 0 && hi > 0 {
            let yy = HTML.coordinate(yRaw(0))
            s += "<line class=\"zero\" x1=\"\(Int(Self.left))\" x2=\"\(Int(w - Self.right))\" y1=\"\(yy)\" y2=\"\(yy)\"/>"
        }
        // Time axis: five dates.
        if times.count >= 2 {
            for k in 0...4 {
                let i = min(times.count - 1, k * (times.count - 1) / 4)
                let anchor = k == 0 ? "start" : (k == 4 ? "end" : "middle")
                s += "<text class=\"axis\" text-anchor=\"\(anchor)\" x=\"\(HTML.coordinate(x(i)))\" y=\"\(Int(h - 6))\">\(HTML.day(times[i]))</text>"
            }
        }
        for (n, line) in lines.enumerated() {
            let color = Self.palette[n % Self.palette.count]
            let step = max(1, line.values.count / Self.maxVertices)
            switch line.style {
            case .columns:
                let barW = max(plotW / Double(count) * 0.8, 0.6)
                let base = y(0)
                s += "<g fill=\"\(color)\" opacity=\"0.75\">"
                for i in stride(from: 0, to: line.values.count, by: step) where line.values[i].isFinite && line.values[i] != 0 {
                    let top = y(line.values[i])
                    s += "<rect x=\"\(HTML.coordinate(x(i) - barW / 2))\" y=\"\(HTML.coordinate(min(top, base)))\" width=\"\(HTML.coordinate(barW))\" height=\"\(HTML.coordinate(abs(base - top)))\"/>"
                }
                s += "</g>"
            case .line, .dashed, .area:
                // Non-finite values break the line into segments.
                var segments: [[String]] = [[]]
                for i in stride(from: 0, to: line.values.count, by: step) {
                    let v = line.values[i]
                    if v.isFinite, transform(v).isFinite {
                        segments[segments.count - 1].append("\(HTML.coordinate(x(i))),\(HTML.coordinate(y(v)))")
                    } else if !(segments.last?.isEmpty ?? true) {
                        segments.append([])
                    }
                }
                for seg in segments where seg.count > 1 {
                    if line.style == .area, let first = seg.first, let last = seg.last {
                        let base = HTML.coordinate(y(0))
                        let x0 = first.split(separator: ",")[0], x1 = last.split(separator: ",")[0]
                        s += "<polygon fill=\"\(color)\" opacity=\"0.25\" points=\"\(x0),\(base) \(seg.joined(separator: " ")) \(x1),\(base)\"/>"
                    }
                    s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.4\"\(line.style == .dashed ? " stroke-dasharray=\"5 3\"" : "") points=\"\(seg.joined(separator: " "))\"/>"
                }
            }
        }
        if let base = lines.first?.values {
            for m in markers where m.index >= 0 && m.index < base.count && base[m.index].isFinite {
                let cx = x(m.index), cy = y(base[m.index])
                let path = m.kind == .buy
                    ? "M\(HTML.coordinate(cx)),\(HTML.coordinate(cy + 4)) l-5,9 h10 z"
                    : "M\(HTML.coordinate(cx)),\(HTML.coordinate(cy - 4)) l-5,-9 h10 z"
                s += "<path class=\"\(m.kind.rawValue)\" d=\"\(path)\"><title>\(HTML.escape(m.note))</title></path>"
            }
        }
        return s + "</svg>"
    }

    func label(_ v: Double) -> String {
        switch format {
        case .number(let d): return HTML.number(v, d)
        case .percent: return HTML.percent(v, 0)
        case .multiple: return HTML.number(v, 2) + "×"
        }
    }
}
