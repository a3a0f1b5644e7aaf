import Foundation

/// AWS Secrets Manager, for the bot's API keys (an Alpaca/X key set stored as one JSON secret).
public struct SecretsManagerClient: Sendable {
    public var aws: AWSClient

    public init(aws: AWSClient) { self.aws = aws }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                credentials: AWSCredentialChain? = nil, retry: RetryPolicy = RetryPolicy()) {
        self.init(aws: AWSClient(endpointPrefix: "secretsmanager", signingName: "secretsmanager",
                                 envName: "SECRETS_MANAGER", environment: environment,
                                 credentials: credentials, retry: retry))
    }

    struct CreateInput: Encodable { var Name: String; var SecretString: String }
    struct CreateOutput: Decodable { var ARN: String?; var Name: String? }
    struct GetInput: Encodable { var SecretId: String }
    struct GetOutput: Decodable { var SecretString: String?; var ARN: String?; var Name: String? }

    /// Creates a secret; returns its ARN.
    @discardableResult
    public func createSecret(name: String, value: Secret) async throws -> String {
        var aws = self.aws
        aws.http.redactor.add(value)
        let out = try await aws.jsonCall(target: "secretsmanager.CreateSecret",
                                         input: CreateInput(Name: name, SecretString: value.value), as: CreateOutput.self)
        return out.ARN ?? name
    }

    /// The secret's string value. A missing secret throws `.http(code: "ResourceNotFoundException")`.
    public func getSecretValue(id: String) async throws -> Secret {
        let out = try await aws.jsonCall(target: "secretsmanager.GetSecretValue", input: GetInput(SecretId: id),
                                         as: GetOutput.self)
        guard let value = out.SecretString else {
            throw ConnectorError.decoding(service: "secretsmanager", message: "secret \(id) has no SecretString (binary secrets are not supported)")
        }
        return Secret(value)
    }

    /// A JSON-object secret as key → value (e.g. `APCA_API_KEY_ID`, `X_BEARER_TOKEN`).
    public func getSecretDictionary(id: String) async throws -> [String: Secret] {
        let secret = try await getSecretValue(id: id)
        guard let object = try? JSONSerialization.jsonObject(with: Data(secret.value.utf8)) as? [String: Any] else {
            throw ConnectorError.decoding(service: "secretsmanager", message: "secret \(id) is not a JSON object")
        }
        var out: [String: Secret] = [:]
        for (key, value) in object { out[key] = Secret("\(value)") }
        return out
    }
}
