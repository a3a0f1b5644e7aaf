import Foundation
import Live
import Strategy
import TradingCore

/// The dashboard's view of a journal: what `/api/v1/*` returns, built from the journal's queries.
/// Read-only except for `requestControl`, which queues an operator action for the runner.
public struct DashboardData: Sendable {
    public let journal: Journal
    /// An optional log file whose last lines `/api/v1/logs` shows (the runner's JSON log).
    public let logFile: String?

    public init(journal: Journal, logFile: String? = nil) {
        self.journal = journal
        self.logFile = logFile
    }

    public struct Status: Codable, Sendable {
        public var strategy: String?
        public var mode: String?
        public var run: Int64?
        public var startedAt: Date?
        public var endedAt: Date?
        public var exitReason: String?
        public var riskState: String
        public var riskReason: String?
        public var pausedBy: String?
        public var equity: Double?
        public var equityAt: Date?
        public var lastBarAt: Date?
        public var counts: [String: Int]
        public var journal: String
    }

    public func status() throws -> Status {
        let run = try journal.latestRun()
        let equity = try journal.equity().last
        let paused = try journal.state("paused_by")
        return Status(strategy: run?.strategy, mode: run?.mode, run: run?.id, startedAt: run?.started, endedAt: run?.ended,
                      exitReason: run?.reason, riskState: try journal.state("risk_state") ?? "ACTIVE",
                      riskReason: try journal.state("risk_reason"), pausedBy: (paused?.isEmpty ?? true) ? nil : paused,
                      equity: equity?.equity, equityAt: equity?.time, lastBarAt: try journal.latestMarks().map(\.time).max(),
                      counts: try journal.counts(), journal: journal.path)
    }

    public struct Health: Codable, Sendable {
        /// True when nothing below is a problem.
        public var ok: Bool
        public var runnerActive: Bool
        public var pid: Int32?
        public var heartbeatAt: Date?
        public var heartbeatAgeSeconds: Double?
        public var pollSeconds: Double?
        public var problems: [String]
    }

    public func health(now: Date = Date()) throws -> Health {
        let run = try journal.latestRun()
        let pid = try journal.latestRunPID()
        var problems: [String] = []
        let ended = run?.ended != nil
        // A run without an end whose process is gone crashed (or runs on another host).
        let alive = pid.map { kill($0, 0) == 0 || errno == EPERM } ?? false
        if run == nil { problems.append("no run has used this journal yet") }
        if run != nil, !ended, !alive { problems.append("the latest run (pid \(pid.map(String.init) ?? "?")) has no end record and its process is not running here") }
        let beat = try journal.heartbeat()
        let age = beat.map { now.timeIntervalSince($0.time) }
        if let beat, let age, !ended, age > 3 * max(beat.pollSeconds, 1) + 30 {
            problems.append(String(format: "no cycle for %.0f s (polling every %.0f s)", age, beat.pollSeconds))
        }
        let risk = try journal.state("risk_state") ?? "ACTIVE"
        if risk != "ACTIVE" { problems.append("risk state \(risk): \(try journal.state("risk_reason") ?? "")") }
        let unresolved = try journal.orders(states: [.unknown]).count
        if unresolved > 0 { problems.append("\(unresolved) orders in an unknown state") }
        return Health(ok: problems.isEmpty, runnerActive: !ended && alive, pid: pid, heartbeatAt: beat?.time,
                      heartbeatAgeSeconds: age, pollSeconds: beat?.pollSeconds, problems: problems)
    }

    public struct Position: Codable, Sendable {
        public var symbol: String
        public var quantity: Double
        public var price: Double
        public var value: Double
        /// Average cost of the shares held, from the journal's fills (nil when flat).
        public var averageCost: Double?
        public var unrealisedPnL: Double?
        public var sleeveEquity: Double
        public var markedAt: Date
    }

    public func positions() throws -> [Position] {
        let fills = try journal.fills()
        return try journal.latestMarks().map { mark in
            // Average cost by replaying this symbol's fills (long and short).
            var shares = 0.0, cost = 0.0
            for f in fills where f.symbol == mark.symbol {
                let signed = f.side == .buy ? f.quantity : -f.quantity
                if shares == 0 || (shares > 0) == (signed > 0) {
                    cost += signed * f.price
                    shares += signed
                } else {
                    let closing = min(abs(signed), abs(shares))
                    let average = cost / shares
                    shares += signed
                    cost = abs(signed) > closing ? shares * f.price : shares * average
                }
            }
            let average = abs(mark.shares) > 1e-12 && abs(shares) > 1e-12 ? cost / shares : nil
            return Position(symbol: mark.symbol, quantity: mark.shares, price: mark.price, value: mark.shares * mark.price,
                            averageCost: average, unrealisedPnL: average.map { (mark.price - $0) * mark.shares },
                            sleeveEquity: mark.equity, markedAt: mark.time)
        }
    }

    public func orders(open: Bool, limit: Int) throws -> [JournalOrder] {
        try journal.orders(states: open ? [.intent, .sent, .unknown] : nil, limit: limit)
    }

    public func trades(limit: Int) throws -> [JournalFill] {
        Array(try journal.fills().suffix(limit))
    }

    public struct EquityPoint: Codable, Sendable {
        public var time: Date
        public var equity: Double
        public var cash: Double
        public var drawdown: Double
    }

    public func equity() throws -> [EquityPoint] {
        var peak = -Double.infinity
        return try journal.equity().map { e in
            peak = max(peak, e.equity)
            return EquityPoint(time: e.time, equity: e.equity, cash: e.cash, drawdown: peak > 0 ? e.equity / peak - 1 : 0)
        }
    }

    public struct DecisionView: Codable, Sendable {
        public var symbol: String
        public var seq: Int
        public var time: Date
        public var decision: String
        public var exposure: Double
        public var equity: Double
        public var explanation: DecisionExplanation?
        /// The explanation in one line (`target 1.00 (p 0.71); sentiment shift 0.18, price shift 0.35`).
        public var why: String?
    }

    public func decisions(limit: Int) throws -> [DecisionView] {
        try journal.decisions(limit: limit).map { d in
            let explanation = d.detail.flatMap { try? JSONDecoder().decode(DecisionExplanation.self, from: Data($0.utf8)) }
            return DecisionView(symbol: d.symbol, seq: d.seq, time: d.time, decision: d.decision, exposure: d.exposure,
                                equity: d.equity, explanation: explanation, why: explanation?.summary)
        }
    }

    public struct Logs: Codable, Sendable {
        public var events: [JournalEvent]
        public var controls: [JournalControl]
        /// The last lines of `--log FILE` (empty without one).
        public var lines: [String]
    }

    public func logs(limit: Int) throws -> Logs {
        Logs(events: try journal.events(limit: limit), controls: try journal.controls(limit: limit), lines: tail(limit))
    }

    /// The last `count` lines of the log file, reading at most its last 256 KiB.
    func tail(_ count: Int) -> [String] {
        guard let logFile, let handle = FileHandle(forReadingAtPath: logFile) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > 262_144 ? size - 262_144 : 0
        try? handle.seek(toOffset: start)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return Array(text.split(separator: "\n", omittingEmptySubsequences: true).suffix(count).map(String.init))
    }
}
