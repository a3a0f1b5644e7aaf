import Connectors
import Foundation
import XCTest

/// The credentials chain: environment, shared profile files, container endpoint, refresh.
final class CredentialsTests: XCTestCase {
    func testEnvironmentWithSessionToken() async throws {
        let env = ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
                   "HOME": "/nonexistent"]
        let creds = try await AWSCredentialChain.standard(environment: env).credentials()
        XCTAssertEqual(creds.accessKeyID, "AKIAENV")
        XCTAssertEqual(creds.secretAccessKey.value, "env-secret")
        XCTAssertEqual(creds.sessionToken?.value, "env-token")
        XCTAssertFalse("\(creds)".contains("env-secret"))
        XCTAssertFalse("\(creds)".contains("env-token"))
    }

    func testProfileFilesAndRegion() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret

        # the trading account
        [prod]
        aws_access_key_id=AKIAPROD
        aws_secret_access_key = prod-secret
        aws_session_token = prod-token
        """.write(to: dir.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        try """
        [default]
        region = us-west-2
        [profile prod]
        region = eu-central-1
        """.write(to: dir.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        var env = ["AWS_SHARED_CREDENTIALS_FILE": dir.appendingPathComponent("credentials").path,
                   "AWS_CONFIG_FILE": dir.appendingPathComponent("config").path, "HOME": "/nonexistent"]
        let defaults = try await AWSCredentialChain.standard(environment: env).credentials()
        XCTAssertEqual(defaults.accessKeyID, "AKIADEFAULT")
        XCTAssertEqual(AWSRegion.resolve(environment: env), "us-west-2")
        env["AWS_PROFILE"] = "prod"
        let prod = try await AWSCredentialChain.standard(environment: env).credentials()
        XCTAssertEqual(prod.accessKeyID, "AKIAPROD")
        XCTAssertEqual(prod.sessionToken?.value, "prod-token")
        XCTAssertEqual(AWSRegion.resolve(environment: env), "eu-central-1")
        env["AWS_REGION"] = "ap-south-1"
        XCTAssertEqual(AWSRegion.resolve(environment: env), "ap-south-1")
    }

    func testNothingConfiguredIsAClearError() async {
        do {
            _ = try await AWSCredentialChain.standard(environment: ["HOME": "/nonexistent"]).credentials()
            XCTFail("expected missing credentials")
        } catch {
            XCTAssertTrue("\(error)".contains("AWS_ACCESS_KEY_ID"))
        }
    }

    func testContainerEndpointAndRefreshBeforeExpiry() async throws {
        let expiry = try XCTUnwrap(RFC3339.parse("2030-01-01T12:00:00Z"))
        let served = Locked(0)
        let server = try await TestHTTPServer { request in
            guard request.header("Authorization") == "container-auth-token" else {
                return .json(401, #"{"message":"unauthorized"}"#)
            }
            let n = served.withLock { $0 += 1; return $0 }
            return .json(200, #"{"AccessKeyId":"ASIACONTAINER\#(n)","SecretAccessKey":"container-secret","Token":"container-token","Expiration":"2030-01-01T12:00:00Z","RoleArn":"arn:aws:iam::123456789012:role/task"}"#)
        }
        let env = ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
                   "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-auth-token", "HOME": "/nonexistent"]
        let clock = Locked(expiry.addingTimeInterval(-3600))
        let chain = AWSCredentialChain(
            providers: [EnvironmentCredentialProvider(environment: env),
                        ContainerCredentialProvider(environment: env, containerHost: server.baseURL)],
            refreshMargin: 300, now: { clock.current })
        let first = try await chain.credentials()
        XCTAssertEqual(first.accessKeyID, "ASIACONTAINER1")
        XCTAssertEqual(first.expiration, expiry)
        _ = try await chain.credentials()
        XCTAssertEqual(served.current, 1, "cached while far from expiry")
        clock.withLock { $0 = expiry.addingTimeInterval(-120) }
        let refreshed = try await chain.credentials()
        XCTAssertEqual(refreshed.accessKeyID, "ASIACONTAINER2", "refetched within the refresh margin")
        XCTAssertEqual(served.current, 2)
        XCTAssertEqual(server.requests.current.first?.path, "/v2/credentials/abc")

        // Full URI form.
        let full = ContainerCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/full",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-auth-token",
        ])
        let viaFull = try await full.credentials()
        XCTAssertEqual(viaFull?.sessionToken?.value, "container-token")
        await server.stop()
    }
}
