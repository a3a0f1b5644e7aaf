import Foundation

/// CloudWatch Embedded Metric Format: one JSON line per cycle on standard output, which the
/// awslogs driver ships and CloudWatch turns into metrics (namespace `Sentrade`, dimension
/// `Service`, overridable with `SENTRADE_METRICS_NAMESPACE` / `SENTRADE_SERVICE_NAME`).
/// Metrics: Heartbeat, Decisions, OrdersSubmitted, Fills, RiskRejections, Equity, Halted, CycleLatencyMs.
public enum EMF {
    public static func line(namespace: String, service: String, time: Date, values: [(String, Double, String)]) -> String {
        var object: [String: Any] = [
            "_aws": [
                "Timestamp": Int64(time.timeIntervalSince1970 * 1000),
                "CloudWatchMetrics": [[
                    "Namespace": namespace, "Dimensions": [["Service"]],
                    "Metrics": values.map { ["Name": $0.0, "Unit": $0.2] },
                ]],
            ],
            "Service": service,
        ]
        for (name, value, _) in values { object[name] = value.isFinite ? value : 0 }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func emit(summary: LiveRunner.CycleSummary, engine: LiveEngine, latencyMs: Double) {
        let env = ProcessInfo.processInfo.environment
        guard env["SENTRADE_EMF"] != "0" else { return }
        let text = line(namespace: env["SENTRADE_METRICS_NAMESPACE"] ?? "Sentrade", service: env["SENTRADE_SERVICE_NAME"] ?? "sentrade-live",
                        time: Date(), values: [
                            ("Heartbeat", 1, "Count"), ("Decisions", Double(summary.newBars), "Count"),
                            ("OrdersSubmitted", Double(summary.orders), "Count"), ("Fills", Double(summary.fills), "Count"),
                            ("RiskRejections", Double(summary.rejections), "Count"), ("Equity", engine.equity, "None"),
                            ("Halted", engine.risk.state == .halted ? 1 : 0, "Count"), ("CycleLatencyMs", latencyMs, "Milliseconds"),
                        ])
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
