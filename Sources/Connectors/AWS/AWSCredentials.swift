import Foundation

/// An AWS access key pair, optionally temporary (session token + expiry). The secret and token
/// are `Secret`s, so printing credentials never shows them.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: Secret
    public var sessionToken: Secret?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = Secret(secretAccessKey)
        self.sessionToken = sessionToken.flatMap { $0.isEmpty ? nil : Secret($0) }
        self.expiration = expiration
    }

    public var description: String {
        let keyHint = accessKeyID.count > 4 ? "…" + accessKeyID.suffix(4) : "…"
        return "AWSCredentials(key \(keyHint), secret <redacted>\(sessionToken == nil ? "" : ", session token <redacted>"))"
    }

    /// True when the credentials expire within `margin` seconds of `now`.
    public func expires(within margin: TimeInterval, now: Date = Date()) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= margin
    }

    /// Secrets to scrub from logs and errors.
    public var secrets: [Secret] { [secretAccessKey] + (sessionToken.map { [$0] } ?? []) }
}
