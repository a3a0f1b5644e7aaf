import Foundation
import NIOConcurrencyHelpers

/// The runner's health as `/health` and `/metrics` report it: updated after every cycle, read by
/// the HTTP server's thread.
public final class RunnerStatus: Sendable {
    public struct Snapshot: Sendable, Codable {
        public var mode = ""
        public var strategy = ""
        public var startedAt = Date()
        public var lastCycleAt: Date?
        public var lastCycleLatencySeconds: Double?
        public var cycles = 0
        public var bars = 0
        public var orders = 0
        public var rejections = 0
        public var fills = 0
        public var equity = 0.0
        public var riskState = "ACTIVE"
        public var lastError: String?
        public var pollSeconds = 60.0
    }

    private let box = NIOLockedValueBox(Snapshot())
    public init() {}

    public var snapshot: Snapshot { box.withLockedValue { $0 } }

    public func configure(mode: String, strategy: String, pollSeconds: Double) {
        box.withLockedValue { $0.mode = mode; $0.strategy = strategy; $0.pollSeconds = pollSeconds }
    }

    func update(cycle: LiveRunner.CycleSummary, engine: LiveEngine, latency: Double) {
        let equity = engine.equity, risk = engine.risk.state.rawValue
        box.withLockedValue { s in
            s.lastCycleAt = Date()
            s.lastCycleLatencySeconds = latency
            s.cycles += 1
            s.bars += cycle.newBars
            s.orders += cycle.orders
            s.rejections += cycle.rejections
            s.fills += cycle.fills
            s.equity = equity
            s.riskState = risk
            s.lastError = nil
        }
    }

    func recordStreamFill() { box.withLockedValue { $0.fills += 1 } }

    public func recordError(_ message: String) { box.withLockedValue { $0.lastError = message } }

    /// Ready when a cycle finished within three poll intervals (and at least one ran).
    public var isReady: Bool {
        let s = snapshot
        guard let last = s.lastCycleAt else { return false }
        return Date().timeIntervalSince(last) <= 3 * max(s.pollSeconds, 1) + 30
    }

    /// Prometheus text exposition format.
    public func prometheus() -> String {
        let s = snapshot
        let labels = #"mode="\#(s.mode)",strategy="\#(s.strategy)""#
        var out = ""
        func metric(_ name: String, _ help: String, _ type: String, _ value: Double) {
            out += "# HELP sentrade_\(name) \(help)\n# TYPE sentrade_\(name) \(type)\nsentrade_\(name){\(labels)} \(value)\n"
        }
        metric("cycles_total", "Decision cycles completed.", "counter", Double(s.cycles))
        metric("bars_total", "Bars processed.", "counter", Double(s.bars))
        metric("orders_total", "Orders sent.", "counter", Double(s.orders))
        metric("risk_rejections_total", "Orders refused by the risk manager.", "counter", Double(s.rejections))
        metric("fills_total", "Fills booked.", "counter", Double(s.fills))
        metric("equity", "Strategy equity at the latest marks.", "gauge", s.equity)
        metric("halted", "1 when the risk state is HALTED.", "gauge", s.riskState == "HALTED" ? 1 : 0)
        metric("last_cycle_timestamp_seconds", "Unix time of the last completed cycle.", "gauge", s.lastCycleAt?.timeIntervalSince1970 ?? 0)
        metric("last_cycle_latency_seconds", "Duration of the last cycle.", "gauge", s.lastCycleLatencySeconds ?? 0)
        return out
    }
}

/// `/health` (liveness + readiness as JSON) and `/metrics` (Prometheus) on a loopback port.
public enum HealthEndpoints {
    public static func start(status: RunnerStatus, host: String = "127.0.0.1", port: Int) async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer(host: host, port: port) { request in
            switch (request.method, request.path) {
            case ("GET", "/health"):
                let s = status.snapshot
                let ready = status.isReady
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.sortedKeys]
                struct Body: Encodable { var live: Bool; var ready: Bool; var status: RunnerStatus.Snapshot }
                let body = (try? encoder.encode(Body(live: true, ready: ready, status: s))) ?? Data("{}".utf8)
                return .reply(status: ready ? 200 : 503, headers: [("Content-Type", "application/json")], body: body)
            case ("GET", "/metrics"):
                return .text(200, status.prometheus(), contentType: "text/plain; version=0.0.4")
            default:
                return .json(404, #"{"error":"not found; try /health or /metrics"}"#)
            }
        }
    }
}
