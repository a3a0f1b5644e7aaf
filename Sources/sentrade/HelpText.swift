import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Re-flows a command's discussion to the terminal's width, so help reads as paragraphs at any
/// width instead of lines broken where the source happened to break them.
///
/// Lines that start at the margin are prose: consecutive ones join into a paragraph, wrapped at
/// word boundaries (a line ending in ':' is a heading and stays on its own). Indented lines are
/// examples: kept as written, and one too long for the terminal continues on the next line after
/// a shell continuation (` \`), so it can still be pasted. The width is the one swift-argument-parser
/// wraps the rest of the help at (COLUMNS, else the terminal's, else 80).
enum HelpText {
    static func reflow(_ text: String, width: Int = terminalWidth()) -> String {
        let width = max(width - 1, 40)
        var out: [String] = []
        var paragraph: [String] = []
        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            out += wrap(paragraph.joined(separator: " "), width: width, continuation: "", marker: "")
            paragraph = []
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flushParagraph()
                out.append("")
            } else if line.first == " " {
                flushParagraph()
                let indent = String(line.prefix { $0 == " " })
                var command = line
                // A trailing comment that does not fit goes on its own line above its command.
                if line.count > width, let hash = line.range(of: "  # ") {
                    let comment = line[hash.upperBound...]
                    command = String(line[..<hash.lowerBound]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                    if command.count + comment.count + 4 <= width {
                        command += "  # " + comment
                    } else {
                        out.append(indent + "# " + comment)
                    }
                }
                out += wrap(command, width: width, continuation: indent + "    ", marker: " \\")
            } else {
                paragraph.append(line)
                if line.hasSuffix(":") { flushParagraph() }
            }
        }
        flushParagraph()
        return out.joined(separator: "\n")
    }

    /// Greedy word wrap; every line but the last gets `marker`, every line but the first `continuation`.
    static func wrap(_ text: String, width: Int, continuation: String, marker: String) -> [String] {
        var lines: [String] = []
        var rest = Substring(text)
        var prefix = ""
        while prefix.count + rest.count > width {
            let room = width - prefix.count - marker.count
            guard room > 8 else { break }
            // Break at the last space that fits (after any leading indent), else at the first space.
            let body = rest.drop { $0 == " " }
            let lead = rest.count - body.count
            let candidates = body.indices.filter { body[$0] == " " && body.distance(from: body.startIndex, to: $0) + lead <= room }
            guard let cut = candidates.last ?? body.firstIndex(of: " ") else { break }
            lines.append(prefix + String(rest[..<cut]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + marker)
            rest = rest[cut...].drop { $0 == " " }
            prefix = continuation
        }
        lines.append(prefix + rest)
        return lines
    }

    /// COLUMNS, else the terminal's width, else 80 (swift-argument-parser's rule).
    static func terminalWidth() -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        #if canImport(Glibc)
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        #endif
        return 80
    }
}
