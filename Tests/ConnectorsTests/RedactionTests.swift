import Connectors
import Foundation
import Logging
import TradingCore
import XCTest

/// Runs every client with known secrets against a server that echoes them back in errors, then
/// greps all logs and error descriptions for the secrets: zero hits allowed.
final class RedactionTests: XCTestCase {
    let alpacaSecret = "ALPACA-SECRET-9f8e7d6c"
    let bearer = "X-BEARER-SECRET-1a2b3c4d"
    let awsSecret = "AWS-SECRET-KEY-5e6f7a8b"
    let awsToken = "AWS-SESSION-TOKEN-0c1d2e3f"

    func testNoSecretInLogsOrErrors() async throws {
        let server = try await TestHTTPServer { request in
            // A hostile server that echoes every header into its error message.
            let echoed = request.headers.map { "\($0.0)=\($0.1)" }.joined(separator: " ").replacingOccurrences(of: "\"", with: "'")
            return .json(request.path.hasPrefix("/v2/orders") ? 500 : 401,
                         #"{"code":40110000,"message":"denied \#(echoed)","errors":[{"message":"denied \#(echoed)"}],"__type":"UnrecognizedClientException"}"#)
        }
        let sink = Locked<[String]>([])
        let logger = CapturingLogHandler.logger(sink)
        var errors: [String] = []
        func record(_ body: () async throws -> Void) async {
            do { try await body() } catch { errors.append("\(error)"); errors.append(String(reflecting: error)) }
        }

        let config = try AlpacaConfig(keyID: "PKKEYID", secretKey: alpacaSecret, dataURL: server.baseURL, tradingURL: server.baseURL)
        errors.append("\(config)")
        let data = AlpacaMarketDataClient(config: config, retry: TestEnv.fastRetry(2), logger: logger)
        await record { _ = try await data.latestBars(symbols: ["AAPL"]) }
        let trading = AlpacaTradingClient(config: config, retry: TestEnv.fastRetry(2), logger: logger)
        await record { _ = try await trading.submitOrder(Order(clientOrderID: "c1", symbol: "AAPL", side: .buy, quantity: 1)) }

        let x = XClient(bearer: Secret(bearer), baseURL: server.baseURL, retry: TestEnv.fastRetry(2), logger: logger)
        await record { _ = try await x.searchRecent(XQuery(symbols: ["AAPL"])) }

        let credentials = AWSCredentials(accessKeyID: "AKIDREDACT", secretAccessKey: awsSecret, sessionToken: awsToken)
        errors.append("\(credentials)")
        var aws = AWSClient(endpointPrefix: "comprehend", signingName: "comprehend", envName: "COMPREHEND",
                            environment: ["AWS_ENDPOINT_URL": server.baseURL, "HOME": "/nonexistent"], region: "us-east-1",
                            credentials: AWSCredentialChain(providers: [StaticCredentialProvider(credentials)]),
                            retry: TestEnv.fastRetry(2), logger: logger)
        aws.http.logger.logLevel = .trace
        await record { _ = try await ComprehendClient(aws: aws).detectSentiment("hello") }

        // The market stream: a server that echoes the auth message (key and secret) in its error.
        let ws = try await TestWebSocketServer { _, message in
            guard let message else { return [.send(#"[{"T":"success","msg":"connected"}]"#)] }
            let echoed = message.replacingOccurrences(of: "\"", with: "'")
            return [.send(#"[{"T":"error","code":402,"msg":"auth failed for \#(echoed)"}]"#)]
        }
        let stream = AlpacaMarketStream(config: config, url: ws.url, subscription: .init(bars: ["AAPL"]),
                                        retry: TestEnv.fastRetry(2), logger: logger)
        await record { for try await _ in stream.events() {} }
        await ws.stop()

        XCTAssertGreaterThanOrEqual(errors.count, 10)
        XCTAssertFalse(sink.current.isEmpty, "the clients logged something")
        let everything = (errors + sink.current).joined(separator: "\n")
        for secret in [alpacaSecret, bearer, awsSecret, awsToken] {
            XCTAssertFalse(everything.contains(secret), "secret leaked: \(secret.prefix(6))…")
        }
        XCTAssertTrue(everything.contains("<redacted>"), "the echoed secrets were scrubbed, not dropped silently")
        await server.stop()
    }
}
