import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One HTTP request as connectors build it: absolute URL, headers, optional body, and whether it
/// may be repeated blindly (`idempotent`). Non-idempotent requests (order submission) are never
/// retried by `HTTPCore`; their client decides after checking whether the first attempt landed.
public struct HTTPRequestSpec: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Data?
    public var idempotent: Bool

    public init(method: String = "GET", url: String, headers: [(String, String)] = [],
                body: Data? = nil, idempotent: Bool? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.idempotent = idempotent ?? ["GET", "HEAD", "DELETE", "PUT", "OPTIONS"].contains(method)
    }
}

/// A complete reply: status, headers in wire order, and the whole body.
public struct HTTPReply: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public init(status: Int, headers: [(String, String)], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// First header value with this name, case-insensitive.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Turns an error reply into (API code, message) for one API's error shape.
public typealias HTTPErrorParser = @Sendable (HTTPReply) -> (code: String?, message: String)

/// The HTTP layer every connector shares: a total per-attempt timeout, retries with backoff and
/// jitter on 429/5xx/connection failures honouring server advice, typed errors, and logs that
/// name method, URL and status but never headers or bodies, with secrets scrubbed.
public struct HTTPCore: Sendable {
    public var service: String
    public var client: HTTPClient
    /// Seconds one attempt may take end to end (connect, send, wait, read the body).
    public var timeout: Double
    public var retry: RetryPolicy
    public var logger: Logger
    public var redactor: Redactor
    public var parseError: HTTPErrorParser
    /// API error codes retried like a 5xx even when the status is 4xx (AWS throttles with 400
    /// `ThrottlingException`).
    public var retryableCodes: Set<String> = []

    public init(service: String, client: HTTPClient = .shared, timeout: Double = 30,
                retry: RetryPolicy = RetryPolicy(), logger: Logger? = nil,
                redactor: Redactor = Redactor(), parseError: @escaping HTTPErrorParser = HTTPCore.genericErrorParser) {
        self.service = service
        self.client = client
        self.timeout = timeout
        self.retry = retry
        self.logger = logger ?? Logger(label: "sentrade.connectors.\(service)")
        self.redactor = redactor
        self.parseError = parseError
    }

    /// Sends with retries; returns a 2xx reply or throws a `ConnectorError`.
    public func send(_ request: HTTPRequestSpec) async throws -> HTTPReply {
        let attempts = request.idempotent ? retry.maxAttempts : 1
        var attempt = 0
        while true {
            let reply: HTTPReply
            do {
                reply = try await sendOnce(request, attempt: attempt)
            } catch let error as ConnectorError {
                let retryable: Bool
                switch error {
                case .timeout, .connection: retryable = true
                default: retryable = false
                }
                guard retryable, attempt + 1 < attempts else { throw error }
                let wait = retry.delay(attempt: attempt, serverAdvice: nil)
                logger.info("retrying after transport failure", metadata: [
                    "service": "\(service)", "attempt": "\(attempt + 1)", "error": "\(error)",
                    "wait_s": "\(String(format: "%.3f", wait))",
                ])
                try await retry.sleep(seconds: wait)
                attempt += 1
                continue
            }
            if reply.isSuccess { return reply }
            let retryableStatus = reply.status == 429 || (500...599).contains(reply.status)
                || (!retryableCodes.isEmpty && parseError(reply).code.map(retryableCodes.contains) == true)
            let advice = RetryAdvice.seconds(headers: reply.headers)
            if retryableStatus, attempt + 1 < attempts, (advice ?? 0) <= retry.maxServerDelay {
                let wait = retry.delay(attempt: attempt, serverAdvice: advice)
                logger.info("retrying after HTTP error", metadata: [
                    "service": "\(service)", "status": "\(reply.status)", "attempt": "\(attempt + 1)",
                    "wait_s": "\(String(format: "%.3f", wait))",
                ])
                try await retry.sleep(seconds: wait)
                attempt += 1
                continue
            }
            throw error(for: reply)
        }
    }

    /// One attempt; returns any HTTP status, throws only `.timeout` / `.connection`.
    public func sendOnce(_ request: HTTPRequestSpec, attempt: Int = 0) async throws -> HTTPReply {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let started = Date()
        let safeURL = redactor(request.url)
        logger.debug("http request", metadata: [
            "service": "\(service)", "method": "\(request.method)", "url": "\(safeURL)", "attempt": "\(attempt)",
        ])
        let client = self.client
        let limit = timeout
        let prepared = outgoing
        do {
            let reply = try await withDeadline(seconds: limit) {
                let response = try await client.execute(prepared, timeout: .milliseconds(Int64(limit * 1000) + 500))
                let buffer = try await response.body.collect(upTo: 64 << 20)
                return HTTPReply(status: Int(response.status.code),
                                 headers: response.headers.map { ($0.name, $0.value) },
                                 body: Data(buffer.readableBytesView))
            }
            logger.debug("http reply", metadata: [
                "service": "\(service)", "method": "\(request.method)", "url": "\(safeURL)",
                "status": "\(reply.status)", "ms": "\(Int(Date().timeIntervalSince(started) * 1000))",
            ])
            return reply
        } catch is DeadlineExceeded {
            logger.warning("http timeout", metadata: ["service": "\(service)", "url": "\(safeURL)"])
            throw ConnectorError.timeout(service: service, seconds: limit)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw ConnectorError.timeout(service: service, seconds: limit)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let message = redactor(String(describing: error))
            logger.warning("http connection failure", metadata: ["service": "\(service)", "url": "\(safeURL)", "error": "\(message)"])
            throw ConnectorError.connection(service: service, message: message)
        }
    }

    /// The typed error for a non-2xx reply.
    public func error(for reply: HTTPReply) -> ConnectorError {
        let parsed = parseError(reply)
        let message = redactor(parsed.message)
        if reply.status == 429 {
            return .rateLimited(service: service, retryAfter: RetryAdvice.seconds(headers: reply.headers), message: message)
        }
        let requestID = reply.header("x-amzn-requestid") ?? reply.header("x-request-id")
        return .http(service: service, status: reply.status, code: parsed.code.map(redactor.callAsFunction),
                     message: message, requestID: requestID)
    }

    /// Decodes a JSON body, mapping malformed replies to `.decoding`.
    public func decode<T: Decodable>(_ type: T.Type, from reply: HTTPReply) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: reply.body)
        } catch {
            throw ConnectorError.decoding(service: service, message: redactor("\(T.self): \(Self.describe(error))"))
        }
    }

    /// A short, value-free description of a decoding failure.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "invalid JSON" }
        switch error {
        case let .keyNotFound(key, context):
            return "missing key \(key.stringValue) at \(path(context))"
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            return "expected \(type) at \(path(context))"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "malformed JSON" : "invalid value at \(path(context))"
        @unknown default:
            return "invalid JSON"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let text = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return text.isEmpty ? "root" : text
    }

    /// Reads `{"message"|"Message"|"msg": …, "code"|"__type": …}` or falls back to the raw text.
    public static let genericErrorParser: HTTPErrorParser = { reply in
        if let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any] {
            let message = (object["message"] ?? object["Message"] ?? object["msg"] ?? object["detail"] ?? object["error"])
                .map { "\($0)" }
            let code = (object["code"] ?? object["__type"]).map { "\($0)" } ?? reply.header("X-Amzn-ErrorType")
            if message != nil || code != nil { return (code, message ?? "no error message in the reply") }
        }
        let text = String(decoding: reply.body.prefix(300), as: UTF8.self)
        return (reply.header("X-Amzn-ErrorType"), text.isEmpty ? "no error message in the reply" : text)
    }
}

/// Thrown by `withDeadline` when time runs out.
struct DeadlineExceeded: Error {}

/// Runs `operation`, cancelling it and throwing `DeadlineExceeded` after `seconds`.
func withDeadline<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw DeadlineExceeded() }
        return value
    }
}
