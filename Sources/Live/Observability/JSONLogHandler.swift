import Foundation
import Logging

/// swift-log handler writing one JSON object per line to standard error (`ts`, `level`, `msg`,
/// `label`, then the metadata): what Fargate's awslogs driver ships to CloudWatch Logs. Every
/// string passes through `redact`, so a secret that slipped into a message never reaches a log.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let redact: @Sendable (String) -> String

    public init(label: String, redact: @escaping @Sendable (String) -> String = { $0 }) {
        self.label = label
        self.redact = redact
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: String] = [
            "ts": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue,
            "msg": redact(event.message.description), "label": label,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) where object[key] == nil {
            object[key] = redact(value.description)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        FileHandle.standardError.write(data + Data("\n".utf8))
    }
}
