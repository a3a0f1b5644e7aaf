import Foundation

/// What produced a report: the command line, the data files with their SHA-256, the checkpoint's
/// hash, the settings, the git commit and the Sentrade version — so anyone holding the report can
/// reproduce the result or challenge it.
public struct Provenance: Sendable, Codable {
    public struct File: Sendable, Codable {
        public var path: String
        public var sha256: String?
        public init(path: String, sha256: String?) {
            self.path = path
            self.sha256 = sha256
        }
    }

    public var command: [String]
    public var createdAt: String
    public var version: String
    public var gitCommit: String?
    public var settings: [String: String]
    public var files: [File]

    public init(command: [String], createdAt: String, version: String, gitCommit: String?, settings: [String: String], files: [File]) {
        self.command = command
        self.createdAt = createdAt
        self.version = version
        self.gitCommit = gitCommit
        self.settings = settings
        self.files = files
    }

    func render() -> String {
        var out = "<section class=\"provenance\" data-provenance><h2>Provenance</h2><dl>"
        out += "<dt>command</dt><dd><code data-command>\(HTML.escape(command.map(Self.quoted).joined(separator: " ")))</code></dd>"
        out += "<dt>created</dt><dd>\(HTML.escape(createdAt))</dd>"
        out += "<dt>Sentrade</dt><dd data-version>\(HTML.escape(version))</dd>"
        out += "<dt>git commit</dt><dd data-git-commit>\(HTML.escape(gitCommit ?? "unknown (not run from a git checkout)"))</dd>"
        out += "</dl>"
        if !files.isEmpty {
            out += "<div class=\"scroll\"><table data-table=\"inputs\" data-rows=\"\(files.count)\"><thead><tr><th>input</th><th>SHA-256</th></tr></thead><tbody>"
            for f in files {
                out += "<tr data-file=\"\(HTML.escape(f.path))\" data-sha256=\"\(HTML.escape(f.sha256 ?? ""))\"><td>\(HTML.escape(f.path))</td>"
                out += "<td><code>\(HTML.escape(f.sha256 ?? "missing"))</code></td></tr>"
            }
            out += "</tbody></table></div>"
        }
        if !settings.isEmpty {
            out += "<details><summary>settings (\(settings.count))</summary><div class=\"scroll\"><table data-table=\"settings\"><tbody>"
            for key in settings.keys.sorted() {
                out += "<tr><td>\(HTML.escape(key))</td><td><code>\(HTML.escape(settings[key] ?? ""))</code></td></tr>"
            }
            out += "</tbody></table></div></details>"
        }
        return out + "</section>"
    }

    static func quoted(_ word: String) -> String {
        word.contains(where: { " \"'$\\".contains($0) }) ? "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" : word
    }
}

/// One self-contained HTML report: a title, key figures, sections of charts and tables, and the
/// provenance stamp. No scripts, no external assets, no network: it opens from disk, prints, and
/// reads on a phone (the SVGs scale to the page width). `backtest`, `demo`, `eval`, `train` and the
/// dashboard's journal report all render through it.
public struct ReportDocument: Sendable {
    public struct Section: Sendable {
        public var title: String
        public var html: String
        public init(_ title: String, _ html: String) {
            self.title = title
            self.html = html
        }
    }

    public var title: String
    public var subtitle: String
    public var provenance: Provenance?
    public var sections: [Section]
    public var notes: [String]

    public init(title: String, subtitle: String, provenance: Provenance?, sections: [Section] = [], notes: [String] = []) {
        self.title = title
        self.subtitle = subtitle
        self.provenance = provenance
        self.sections = sections
        self.notes = notes
    }

    public mutating func add(_ title: String, _ html: String) { sections.append(Section(title, html)) }

    /// Two renderings of the same chart (linear and log scale) with a CSS-only switch between them.
    public static func withLogToggle(_ linear: LineChart) -> String {
        var log = linear
        log.logScale = true
        let key = HTML.escape(linear.id)
        return "<div class=\"toggle\"><input type=\"checkbox\" id=\"log-\(key)\"><label for=\"log-\(key)\">log scale</label>"
            + "<div class=\"linear\">\(linear.render())</div><div class=\"log\">\(log.render())</div></div>"
    }

    public func render() -> String {
        var html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>\(HTML.escape(title))</title>"
        html += "<style>\(Self.css)</style></head><body><header><h1>\(HTML.escape(title))</h1>"
        html += "<p class=\"subtitle\">\(HTML.escape(subtitle))</p></header><main>"
        for section in sections { html += "<section><h2>\(HTML.escape(section.title))</h2>\(section.html)</section>" }
        if !notes.isEmpty { html += "<section class=\"notes\"><h2>Notes</h2><ul>" + notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></section>" }
        if let provenance { html += provenance.render() }
        return html + "</main></body></html>\n"
    }

    public static let css = """
    :root{color-scheme:light}body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222;line-height:1.4}
    h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.4em 0 .5em;border-bottom:1px solid #ddd}.subtitle{color:#555}
    figure.chart{margin:0 0 1.2em}figcaption{font-weight:600;font-size:.95em;margin-bottom:.2em}svg{width:100%;height:auto;display:block}
    .grid{stroke:#eee}.zero{stroke:#999;stroke-dasharray:3 3}.axis{font-size:11px;fill:#666}.label{font-size:12px;fill:#222}
    .interval{stroke:#222;stroke-width:1.4}path.buy{fill:#2ca02c}path.sell{fill:#d62728}.legend span{display:inline-block;margin-right:1em;font-size:.9em}
    .legend .buy{color:#2ca02c}.legend .sell{color:#d62728}.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13px;margin:.3em 0}
    td,th{padding:3px 8px;border-bottom:1px solid #e5e5e5;text-align:left;white-space:nowrap}.num{text-align:right;font-variant-numeric:tabular-nums}
    table.heat td{text-align:right;min-width:3.2em}.kpis{display:flex;flex-wrap:wrap;gap:.6em}.kpi{border:1px solid #ddd;border-radius:6px;padding:.4em .8em}
    .kpi b{display:block;font-size:1.2em}.empty,.notes{color:#666}code{font-size:12px;word-break:break-all}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}
    dd{margin:0}.toggle>input{margin-right:.3em}.toggle .log{display:none}.toggle>input:checked~.log{display:block}.toggle>input:checked~.linear{display:none}
    @media (max-width:600px){body{padding:.5em}td,th{padding:2px 4px}}
    @media print{body{max-width:none}.toggle>input,.toggle>label{display:none}section{break-inside:avoid}a{color:inherit}}
    """

    /// Key figures as a row of tiles.
    public static func kpis(_ items: [(String, String)]) -> String {
        "<div class=\"kpis\">" + items.map { "<div class=\"kpi\"><span>\(HTML.escape($0.0))</span><b>\(HTML.escape($0.1))</b></div>" }.joined() + "</div>"
    }
}
