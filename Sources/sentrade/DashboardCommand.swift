import ArgumentParser
import Dashboard
import Foundation
import Logging

/// `sentrade dashboard`: the local web dashboard over a live runner's journal.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Serve a web dashboard for a live runner's journal (positions, orders, equity, decisions, controls).",
        discussion: HelpText.reflow("""
        Examples:
          sentrade dashboard --journal journal/paper.sqlite
          SENTRADE_DASHBOARD_TOKEN=$(openssl rand -hex 16) sentrade dashboard --journal J.sqlite --port 8787
        Binds 127.0.0.1 by default; any other --host needs a token (then every request needs it). The
        pause / resume / kill controls always need the token, given as `Authorization: Bearer TOKEN`
        (the page has a field for it). The token comes from SENTRADE_DASHBOARD_TOKEN or --token-file,
        never from the command line (which other users can read). JSON API: /api/v1/status, health,
        positions, orders, trades, equity, decisions, logs, stream (server-sent events); POST pause,
        resume, kill. Controls are queued in the journal; the runner applies them within a second.
        """))

    @Option(help: "The runner's journal (SQLite).") var journal: String
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Port (0: any free port; the URL is printed).") var port: Int = 8787
    @Option(name: .customLong("token-file"), help: "File holding the dashboard token (else SENTRADE_DASHBOARD_TOKEN).")
    var tokenFile: String?
    @Option(help: "A log file to show the last lines of (the runner's JSON log).") var log: String?

    func run() async throws {
        var token = ProcessInfo.processInfo.environment["SENTRADE_DASHBOARD_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw ValidationError("--token-file \(tokenFile): cannot be read")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let config = DashboardConfig(journalPath: journal, host: host, port: port, token: token, logFile: log)
        let server: DashboardServer
        do { server = try DashboardServer(config: config) } catch let error as DashboardError {
            throw ValidationError(error.description)
        }
        var logger = Logger(label: "sentrade.dashboard")
        logger.logLevel = .warning
        let controls = token == nil ? "read-only (no token: controls disabled)" : "controls enabled with the token"
        try await server.run(logger: logger) { url in
            // Written unbuffered: a script (or test) waiting for the URL reads it at once.
            FileHandle.standardOutput.write(Data("dashboard: \(url) — \(controls)\n".utf8))
        }
    }
}
