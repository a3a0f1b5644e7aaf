import Foundation
import Logging

/// A signed connection to one AWS service: endpoint resolution (`AWS_ENDPOINT_URL_<SERVICE>`,
/// `AWS_ENDPOINT_URL`, else the public regional host), SigV4 on every attempt, credentials from
/// the chain, and AWS's JSON error shape mapped to `ConnectorError`.
public struct AWSClient: Sendable {
    public var endpoint: String
    public var region: String
    public var signingName: String
    public var credentials: AWSCredentialChain
    public var http: HTTPCore

    /// - Parameters:
    ///   - endpointPrefix: host prefix (`comprehend`, `runtime.sagemaker`, `secretsmanager`).
    ///   - envName: the service's suffix for `AWS_ENDPOINT_URL_<NAME>` (`COMPREHEND`, `SAGEMAKER_RUNTIME`).
    public init(endpointPrefix: String, signingName: String, envName: String,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                region: String? = nil, credentials: AWSCredentialChain? = nil,
                timeout: Double = 30, retry: RetryPolicy = RetryPolicy(), logger: Logger? = nil) {
        let region = region ?? AWSRegion.resolve(environment: environment)
        self.region = region
        self.signingName = signingName
        self.credentials = credentials ?? .standard(environment: environment)
        let configured = environment["AWS_ENDPOINT_URL_\(envName)"] ?? environment["AWS_ENDPOINT_URL"]
        var endpoint = configured.flatMap { $0.isEmpty ? nil : $0 } ?? "https://\(endpointPrefix).\(region).amazonaws.com"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.http = HTTPCore(service: signingName, timeout: timeout, retry: retry, logger: logger,
                             parseError: AWSClient.parseError)
        self.http.retryableCodes = AWSClient.throttlingCodes
    }

    /// Error codes AWS services use for throttling and transient faults (retried with backoff).
    public static let throttlingCodes: Set<String> = [
        "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
        "ProvisionedThroughputExceededException", "RequestThrottledException", "InternalServerException",
        "ServiceUnavailableException",
    ]

    /// POST / with an AWS JSON 1.1 body and `X-Amz-Target`; returns the reply body.
    public func jsonCall(target: String, body: Data) async throws -> Data {
        let request = HTTPRequestSpec(method: "POST", url: endpoint + "/", headers: [
            ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", target),
        ], body: body, idempotent: true)
        return try await send(request).body
    }

    /// Encodes `input`, calls `target`, decodes `Output`.
    public func jsonCall<Input: Encodable, Output: Decodable>(target: String, input: Input, as: Output.Type) async throws -> Output {
        let data = try await jsonCall(target: target, body: JSONEncoder().encode(input))
        return try http.decode(Output.self, from: HTTPReply(status: 200, headers: [], body: data))
    }

    /// Signs and sends any request to this service (REST-JSON services such as SageMaker Runtime).
    public func send(_ request: HTTPRequestSpec) async throws -> HTTPReply {
        let creds = try await credentials.credentials()
        var core = http
        for secret in creds.secrets { core.redactor.add(secret) }
        let signer = SigV4Signer(credentials: creds, region: region, service: signingName)
        return try await core.send(signer.sign(request))
    }

    /// `{"__type": "…#Code", "message"|"Message": …}` or the `X-Amzn-ErrorType` header.
    public static let parseError: HTTPErrorParser = { reply in
        var code = reply.header("X-Amzn-ErrorType").map { String($0.split(separator: ":").first ?? "") }
        var message = "no error message in the reply"
        if let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any] {
            if let type = object["__type"] as? String { code = String(type.split(separator: "#").last ?? "") }
            if let text = (object["message"] ?? object["Message"]) as? String { message = text }
        } else if !reply.body.isEmpty {
            message = String(decoding: reply.body.prefix(200), as: UTF8.self)
        }
        return (code, message)
    }
}
