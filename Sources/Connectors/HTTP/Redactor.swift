import Foundation

/// A secret value (API key, token, AWS secret) whose `description` never shows it, so it can be
/// kept in configs and passed around without leaking into logs or error messages.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The raw value; read it only to put it on the wire.
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var isEmpty: Bool { value.isEmpty }
}

/// Scrubs known secret values out of text (server messages that echo a key, URLs, logs).
/// Connectors register every secret they hold, and all error messages pass through it.
public struct Redactor: Sendable {
    private var secrets: [String]

    public init(_ secrets: [String] = []) {
        // Very short values would redact ordinary words; keys and tokens are long.
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    public init(secrets: [Secret]) { self.init(secrets.map(\.value)) }

    public mutating func add(_ secret: Secret) {
        if secret.value.count >= 4 { secrets.append(secret.value) }
    }

    public func callAsFunction(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return out
    }
}
