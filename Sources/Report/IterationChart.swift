import Foundation

/// A line over training iterations (not time): learning curves and optimiser diagnostics.
/// Missing values (an iteration without validation) are skipped, not drawn as zero.
public struct IterationChart: Sendable {
    public var id: String
    public var title: String
    public var iterations: [Int]
    public var values: [Double]
    public var height: Double

    public init(id: String, title: String, iterations: [Int], values: [Double], height: Double = 170) {
        self.id = id
        self.title = title
        self.iterations = iterations
        self.values = values
        self.height = height
    }

    public func render() -> String {
        let points = zip(iterations, values).filter { $0.1.isFinite }
        let out = "<figure class=\"chart\" data-chart=\"\(HTML.escape(id))\" data-points=\"\(points.count)\"><figcaption>\(HTML.escape(title))</figcaption>"
        guard let firstX = points.first?.0, let lastX = points.last?.0, var lo = points.map(\.1).min(), var hi = points.map(\.1).max() else {
            return out + "<p class=\"empty\">no data</p></figure>"
        }
        if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
        let w = 900.0, left = 56.0, right = 12.0, top = 10.0, bottom = 24.0
        let span = Double(max(lastX - firstX, 1))
        func x(_ i: Int) -> Double { left + Double(i - firstX) / span * (w - left - right) }
        func y(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * (height - top - bottom) }
        var s = "<svg viewBox=\"0 0 \(Int(w)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        for k in 0...4 {
            let v = lo + (hi - lo) * Double(k) / 4
            let yy = HTML.coordinate(y(v))
            s += "<line class=\"grid\" x1=\"\(Int(left))\" x2=\"\(Int(w - right))\" y1=\"\(yy)\" y2=\"\(yy)\"/>"
            s += "<text class=\"axis\" x=\"4\" y=\"\(HTML.coordinate(y(v) + 4))\">\(HTML.number(v, abs(hi - lo) < 0.1 ? 4 : 2))</text>"
        }
        for k in 0...4 {
            let i = firstX + Int(Double(k) / 4 * span)
            let anchor = k == 0 ? "start" : (k == 4 ? "end" : "middle")
            s += "<text class=\"axis\" text-anchor=\"\(anchor)\" x=\"\(HTML.coordinate(x(i)))\" y=\"\(Int(height - 6))\">\(i)</text>"
        }
        let vertices = points.map { "\(HTML.coordinate(x($0.0))),\(HTML.coordinate(y($0.1)))" }
        if vertices.count == 1 {
            s += "<circle cx=\"\(HTML.coordinate(x(firstX)))\" cy=\"\(HTML.coordinate(y(points[0].1)))\" r=\"3\" fill=\"\(LineChart.palette[0])\"/>"
        } else {
            s += "<polyline fill=\"none\" stroke=\"\(LineChart.palette[0])\" stroke-width=\"1.4\" points=\"\(vertices.joined(separator: " "))\"/>"
        }
        return out + s + "</svg></figure>"
    }
}
