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

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?,
             source: String, file: String, function: String, line: UInt) {
        let merged = self.metadata.merging(metadata ?? [:]) { $1 }
        sink.withLock { $0.append("\(level) \(message) \(merged)") }
    }

    static func logger(_ sink: Locked<[String]>) -> Logger {
        Logger(label: "test") { _ in CapturingLogHandler(sink: sink) }
    }
}
