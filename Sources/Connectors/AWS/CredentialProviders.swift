import Foundation

/// One source of AWS credentials. Returns nil when the source is not configured (so the chain
/// moves on) and throws when it is configured but broken (so the user hears why).
public protocol AWSCredentialProvider: Sendable {
    var name: String { get }
    func credentials() async throws -> AWSCredentials?
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
    public let environment: [String: String]
    public var name: String { "environment" }

    public init(environment: [String: String]) { self.environment = environment }

    public func credentials() async throws -> AWSCredentials? {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else { return nil }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw ConnectorError.missingCredentials("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
    }
}

/// The profile (`AWS_PROFILE`, default `default`) in `~/.aws/credentials` then `~/.aws/config`.
public struct ProfileCredentialProvider: AWSCredentialProvider {
    public let environment: [String: String]
    public var name: String { "profile" }

    public init(environment: [String: String]) { self.environment = environment }

    public func credentials() async throws -> AWSCredentials? {
        let shared = AWSSharedConfig(environment: environment)
        guard let key = shared.value("aws_access_key_id") else { return nil }
        guard let secret = shared.value("aws_secret_access_key") else {
            throw ConnectorError.missingCredentials("profile \(shared.profile) has aws_access_key_id but no aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: shared.value("aws_session_token"))
    }
}

/// ECS/Fargate task-role credentials from the container endpoint:
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on `containerHost`, 169.254.170.2 by default) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with `AWS_CONTAINER_AUTHORIZATION_TOKEN` or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` as the Authorization header.
public struct ContainerCredentialProvider: AWSCredentialProvider {
    public let environment: [String: String]
    public let containerHost: String
    public let http: HTTPCore
    public var name: String { "container" }

    public init(environment: [String: String], containerHost: String = "http://169.254.170.2",
                http: HTTPCore = HTTPCore(service: "ecs-credentials", timeout: 5, retry: RetryPolicy(maxAttempts: 3))) {
        self.environment = environment
        self.containerHost = containerHost
        self.http = http
    }

    struct Reply: Decodable {
        var AccessKeyId: String
        var SecretAccessKey: String
        var Token: String?
        var Expiration: String?
    }

    public func credentials() async throws -> AWSCredentials? {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = containerHost + relative
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            url = full
        } else {
            return nil
        }
        var headers: [(String, String)] = [("Accept", "application/json")]
        var token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            token = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var core = http
        if let token, !token.isEmpty {
            headers.append(("Authorization", token))
            core.redactor.add(Secret(token))
        }
        let reply = try await core.send(HTTPRequestSpec(url: url, headers: headers))
        let body = try core.decode(Reply.self, from: reply)
        return AWSCredentials(accessKeyID: body.AccessKeyId, secretAccessKey: body.SecretAccessKey,
                              sessionToken: body.Token, expiration: body.Expiration.flatMap(RFC3339.parse))
    }
}

/// A fixed pair, for tests and for callers that already hold keys.
public struct StaticCredentialProvider: AWSCredentialProvider {
    public let value: AWSCredentials
    public var name: String { "static" }
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials() async throws -> AWSCredentials? { value }
}
