import Logging

/// A swift-log handler that keeps every line (message + metadata) for tests that grep logs.
struct CapturingLogHandler: LogHandler {
    let sink: Locked<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let error = event.error.map { " error=\($0)" } ?? ""
        sink.withLock { $0.append("\(event.level) \(event.message) \(merged)\(error)") }
    }

    static func logger(_ sink: Locked<[String]>) -> Logger {
        Logger(label: "test") { _ in CapturingLogHandler(sink: sink) }
    }
}
