import Connectors
import Foundation
import FuzzReplyServer
import FuzzSupport

/// Fuzzes what AWS sends back, through the clients the CLI uses: error replies in AWS's JSON shape
/// (`{"__type": "…#Code", "message"|"Message": …}` with `X-Amzn-ErrorType`, or any other body),
/// throttling codes, and the success bodies of Comprehend (`--analyzer comprehend`), a SageMaker
/// endpoint (`--analyzer sagemaker:NAME`), Secrets Manager (`--secret-id`), DescribeTrainingJob
/// (`cloud train`) and the ECS container-credentials endpoint; plus the shared config/credentials
/// file parser (`AWSProfileFile`). Requests are SigV4-signed for real and answered by a loopback
/// server with the input (status, headers, body); the first byte picks the call. A hostile reply
/// must become a thrown `ConnectorError`, never a trap.
let server = ReplyServer()
let environment = ["AWS_ENDPOINT_URL": server.baseURL, "AWS_REGION": "us-east-1",
                   "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials/fuzz"]
let credentials = AWSCredentialChain(providers: [StaticCredentialProvider(
    AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "fuzz-token"))])
let comprehend = ComprehendAnalyzer(client: ComprehendClient(environment: environment, credentials: credentials, retry: .none))
let sagemaker = SageMakerAnalyzer(client: SageMakerRuntimeClient(environment: environment, credentials: credentials, retry: .none),
                                  endpoint: "sentrade-sentiment")
let secrets = SecretsManagerClient(environment: environment, credentials: credentials, retry: .none)
let training = SageMakerTrainingClient(environment: environment, credentials: credentials, retry: .none)
let container = ContainerCredentialProvider(environment: environment,
                                            http: HTTPCore(service: "ecs-credentials", timeout: 5, retry: .none))
let texts = ["Revenue beat estimates", "Shares plunge after the downgrade", "Flat quarter"]
let calls: [@Sendable () async throws -> Void] = [
    { _ = try await comprehend.score(texts) },
    { _ = try await sagemaker.score(texts) },
    { _ = try await secrets.getSecretDictionary(id: "sentrade/keys") },
    { _ = try await training.describeTrainingJob(name: "sentrade-train-1") },
    { _ = try await container.credentials() },
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAWSErrors(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let input = Fuzz.data(start, count)
    let selector = Int(input[input.startIndex])
    if selector % (calls.count + 1) == calls.count {
        let text = String(decoding: input.dropFirst(), as: UTF8.self)
        _ = AWSProfileFile(text: text, isConfigFile: selector & 0x80 != 0).value("region", profile: "default")
        return 0
    }
    server.set(input: input.dropFirst())
    let call = calls[selector % (calls.count + 1)]
    _ = Fuzz.blocking { try await call() }
    return 0
}

@main enum FuzzAWSErrorsMain { static func main() { Fuzz.runDriver() } }
