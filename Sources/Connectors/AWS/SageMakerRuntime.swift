import Foundation

/// SageMaker Runtime InvokeEndpoint (REST-JSON, signed as `sagemaker`): sends a raw body to a
/// hosted model and returns its raw reply.
public struct SageMakerRuntimeClient: Sendable {
    public var aws: AWSClient

    public init(aws: AWSClient) { self.aws = aws }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                credentials: AWSCredentialChain? = nil, retry: RetryPolicy = RetryPolicy()) {
        self.init(aws: AWSClient(endpointPrefix: "runtime.sagemaker", signingName: "sagemaker",
                                 envName: "SAGEMAKER_RUNTIME", environment: environment,
                                 credentials: credentials, retry: retry))
    }

    /// The endpoint's reply body and the production variant that served it.
    public struct Invocation: Sendable {
        public var body: Data
        public var contentType: String?
        public var invokedVariant: String?
    }

    public func invokeEndpoint(name: String, body: Data, contentType: String = "application/json",
                               accept: String = "application/json") async throws -> Invocation {
        let path = "/endpoints/\(SigV4Signer.uriEncode(name))/invocations"
        let reply = try await aws.send(HTTPRequestSpec(method: "POST", url: aws.endpoint + path, headers: [
            ("Content-Type", contentType), ("Accept", accept),
        ], body: body, idempotent: true))
        return Invocation(body: reply.body, contentType: reply.header("Content-Type"),
                          invokedVariant: reply.header("x-Amzn-Invoked-Production-Variant"))
    }
}
