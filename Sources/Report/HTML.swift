import Foundation
import TradingCore

/// Text helpers for building HTML by hand: escaping and compact number formatting. Reports build
/// strings directly (no template engine) so a report is one dependency-free file.
public enum HTML {
    /// Escapes text for an element body or a double-quoted attribute.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A table: header cells and rows of already-formatted cells (escaped here). `id` becomes
    /// `data-table`, so tests and scripts can find it.
    public static func table(id: String, header: [String], rows: [[String]], numericFrom: Int = 1) -> String {
        var out = "<div class=\"scroll\"><table data-table=\"\(escape(id))\" data-rows=\"\(rows.count)\"><thead><tr>"
        for (i, h) in header.enumerated() { out += "<th\(i >= numericFrom ? " class=\"num\"" : "")>\(escape(h))</th>" }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() { out += "<td\(i >= numericFrom ? " class=\"num\"" : "")>\(escape(cell))</td>" }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    /// `value` with `decimals` places; "–" for non-finite values.
    public static func number(_ value: Double, _ decimals: Int = 2) -> String {
        value.isFinite ? String(format: "%.\(decimals)f", value) : "–"
    }

    /// A fraction as a percentage (0.123 → "12.3%").
    public static func percent(_ value: Double, _ decimals: Int = 1) -> String {
        value.isFinite ? String(format: "%.\(decimals)f%%", value * 100) : "–"
    }

    /// A signed value ("+0.12").
    public static func signed(_ value: Double, _ decimals: Int = 2) -> String {
        value.isFinite ? String(format: "%+.\(decimals)f", value) : "–"
    }

    /// SVG coordinates: one decimal is enough at report sizes and keeps files small.
    static func coordinate(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    /// Day of a time, as YYYY-MM-DD (UTC).
    public static func day(_ time: Date) -> String { String(ISO8601.string(time).prefix(10)) }
}
