import Foundation

/// Every failure a connector can report, typed so callers can tell throttling from bad input from
/// an outage, and carrying what the remote API said (status, API error code, message).
///
/// Descriptions never contain secrets: messages are passed through a `Redactor` when the error is
/// built, and request headers are never part of an error.
public enum ConnectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A non-2xx reply that is not retried (or whose retries ran out).
    case http(service: String, status: Int, code: String?, message: String, requestID: String?)
    /// HTTP 429 after the retry budget: `retryAfter` is the server's advice in seconds, if any.
    case rateLimited(service: String, retryAfter: Double?, message: String)
    /// No complete reply within `seconds`.
    case timeout(service: String, seconds: Double)
    /// Could not connect or the connection broke before a reply.
    case connection(service: String, message: String)
    /// A reply that does not have the documented shape (malformed JSON, missing fields).
    case decoding(service: String, message: String)
    /// Keys or credentials are missing; the message says which variables or options to set.
    case missingCredentials(String)
    /// The caller asked for something the connector refuses (bad argument, live trading not enabled).
    case invalidRequest(String)
    /// A websocket stream failed in a way reconnecting cannot fix (e.g. auth rejected).
    case stream(service: String, code: Int?, message: String)

    public var description: String {
        switch self {
        case let .http(service, status, code, message, requestID):
            var text = "\(service): HTTP \(status)"
            if let code { text += " [\(code)]" }
            text += ": \(message)"
            if let requestID { text += " (request id \(requestID))" }
            return text
        case let .rateLimited(service, retryAfter, message):
            let wait = retryAfter.map { String(format: " (retry after %.0f s)", $0) } ?? ""
            return "\(service): rate limited\(wait): \(message)"
        case let .timeout(service, seconds):
            return String(format: "%@: no complete reply within %.1f s", service, seconds)
        case let .connection(service, message):
            return "\(service): connection failed: \(message)"
        case let .decoding(service, message):
            return "\(service): unexpected reply: \(message)"
        case let .missingCredentials(message):
            return "missing credentials: \(message)"
        case let .invalidRequest(message):
            return "invalid request: \(message)"
        case let .stream(service, code, message):
            return "\(service) stream: \(code.map { "[\($0)] " } ?? "")\(message)"
        }
    }

    /// The HTTP status when the error came from a reply.
    public var status: Int? {
        switch self {
        case let .http(_, status, _, _, _): return status
        case .rateLimited: return 429
        default: return nil
        }
    }

    /// The API's own error code (`ResourceNotFoundException`, `40410000`, …) when it gave one.
    public var apiCode: String? {
        if case let .http(_, _, code, _, _) = self { return code }
        return nil
    }
}
