import Foundation

/// RFC 4180 CSV fields and file-name slugs: every CSV the project writes goes through `field`, so a
/// policy name like `sma:10,30 [portfolio]` stays one field, and every generated file name through
/// `slug`, so it has no spaces, commas or colons.
public enum CSVText {
    /// The value quoted when it contains a comma, a quote, CR or LF (quotes doubled).
    public static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV row of already-formatted values.
    public static func row(_ values: [String]) -> String { values.map(field).joined(separator: ",") + "\n" }

    /// Lower-case `[a-z0-9_-]` only: other characters become `-`, runs collapse, ends are trimmed.
    public static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "-"
            let c: Character = ok ? Character(scalar) : "-"
            if c == "-", out.hasSuffix("-") { continue }
            out.append(c)
        }
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "unnamed" : out
    }
}
