import Backtest
import Foundation
import Live
import MarketData
import TestSupport
import TradingCore
import XCTest

/// Every networked command runs with known fake keys against local servers (the simulated Alpaca,
/// a loopback X / Alpaca News server, moto for AWS), including a server that echoes the presented
/// credentials back in a 401 body; then stdout, stderr and every file the commands wrote (journal and
/// its WAL, logs, fetched data, caches) are searched for the secrets: zero hits.
final class SecretsLeakTests: XCTestCase {
    static let alpacaSecret = "alpaca-secret-LEAKCHECK-7f3a"
    static let bearer = "x-bearer-LEAKCHECK-91c2"
    static let awsSecret = "aws-secret-LEAKCHECK-5d8e"
    static let awsSession = "aws-session-LEAKCHECK-a0b4"
    static let secrets = [alpacaSecret, bearer, awsSecret, awsSession]

    /// X recent search and Alpaca News on loopback, answering with real-shaped pages.
    func postsServer() async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer { request in
            // Amazon Comprehend's BatchDetectSentiment (moto lacks it): one positive result per text.
            if request.header("X-Amz-Target")?.hasSuffix("BatchDetectSentiment") == true {
                let texts = ((try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any])?["TextList"] as? [Any] ?? []
                let results = texts.indices.map {
                    #"{"Index":\#($0),"Sentiment":"POSITIVE","SentimentScore":{"Positive":0.9,"Negative":0.04,"Neutral":0.05,"Mixed":0.01}}"#
                }
                return .json(200, #"{"ResultList":[\#(results.joined(separator: ","))],"ErrorList":[]}"#)
            }
            switch request.path {
            case "/2/tweets/search/recent":
                return .json(200, #"{"data":[{"id":"1744","text":"$AAPL beats estimates, strong buy","created_at":"2024-01-02T15:00:00.000Z","author_id":"9","lang":"en","public_metrics":{"retweet_count":1,"reply_count":0,"like_count":3,"quote_count":0}}],"includes":{"users":[{"id":"9","username":"trader","public_metrics":{"followers_count":120}}]},"meta":{"newest_id":"1744","oldest_id":"1744","result_count":1}}"#)
            case "/v1beta1/news":
                return .json(200, #"{"news":[{"id":31,"headline":"Apple beats estimates","summary":"Strong quarter.","author":"desk","created_at":"2024-01-02T15:00:00Z","updated_at":"2024-01-02T15:00:00Z","url":"https://example.com/a","symbols":["AAPL"],"source":"benzinga"}],"next_page_token":null}"#)
            default:
                return .json(404, #"{"message":"not found"}"#)
            }
        }
    }

    /// A server that refuses every request with a 401 whose body repeats the request's headers
    /// (credentials included), as a misbehaving proxy might.
    func echoServer() async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer { request in
            let echoed = request.headers.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
            return .json(401, #"{"title":"Unauthorized","detail":"bad credentials: \#(echoed)","message":"bad credentials: \#(echoed)"}"#)
        }
    }

    func testNoNetworkedCommandRevealsAKey() async throws {
        var config = SyntheticMarketConfig()
        config.symbols = ["SYNA"]
        config.sessions = 160
        let bars = SyntheticMarket.generate(config).series[0].bars
        let alpaca = try await SimulatedAlpaca(history: ["SYNA": bars], config: BacktestConfig(initialCash: 10_000),
                                               cashPerSymbol: 10_000, published: 100)
        let posts = try await postsServer()
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let aws = moto.environment.merging(["AWS_SECRET_ACCESS_KEY": Self.awsSecret, "AWS_SESSION_TOKEN": Self.awsSession,
                                            "SENTRADE_CACHE_DIR": work.appendingPathComponent("cache").path]) { _, new in new }
        let keys = ["APCA_API_KEY_ID": "PKLEAKCHECK0001", "APCA_API_SECRET_KEY": Self.alpacaSecret, "SENTRADE_EMF": "0"]
        let simulated = keys.merging(["ALPACA_DATA_URL": alpaca.baseURL, "ALPACA_TRADING_URL": alpaca.baseURL]) { _, new in new }
        let loopback = keys.merging(["ALPACA_DATA_URL": posts.baseURL, "X_API_URL": posts.baseURL, "X_BEARER_TOKEN": Self.bearer]) { _, new in new }
        let echo = try await echoServer()
        let echoing = loopback.merging(["ALPACA_DATA_URL": echo.baseURL, "X_API_URL": echo.baseURL, "ALPACA_TRADING_URL": echo.baseURL]) { _, new in new }

        // The Alpaca keys as a Secrets Manager secret on moto, for --secret-id.
        let put = try PythonSnippet.run("""
            import boto3, json, sys
            c = boto3.client("secretsmanager", endpoint_url=sys.argv[1], region_name="us-east-1",
                             aws_access_key_id="testing", aws_secret_access_key="testing")
            c.create_secret(Name="sentrade/leak-check", SecretString=json.dumps(
                {"APCA_API_KEY_ID": "PKLEAKCHECK0002", "APCA_API_SECRET_KEY": sys.argv[2]}))
            print("ok")
            """, arguments: [moto.url, Self.alpacaSecret])
        XCTAssertEqual(put.stdout, "ok", "could not create the secret on moto")

        try #"{"ppo": {"totalTimesteps": 4096}}"#.write(to: work.appendingPathComponent("train.json"), atomically: true, encoding: .utf8)
        let runs: [(args: [String], env: [String: String], mayFail: Bool)] = [
            (["data", "fetch", "--symbols", "SYNA", "--from", "2016-01-01", "--out", "bars"], simulated, false),
            (["data", "fetch", "--symbols", "SYNA", "--from", "2016-01-01", "--out", "bars-sm", "--secret-id", "sentrade/leak-check"],
             aws.merging(["ALPACA_DATA_URL": alpaca.baseURL]) { _, new in new }, false),
            (["posts", "fetch", "--source", "x", "--symbols", "AAPL", "--out", "x.jsonl"], echoing, true),
            (["posts", "fetch", "--source", "x", "--symbols", "AAPL", "--out", "x.jsonl"], loopback, false),
            (["posts", "fetch", "--source", "alpaca-news", "--symbols", "AAPL", "--out", "news.jsonl"], echoing, true),
            (["data", "fetch", "--symbols", "SYNA", "--from", "2016-01-01", "--out", "bars-401"], echoing, true),
            (["live", "--paper", "--once", "--symbols", "SYNA", "--policy", "sma:5,20", "--journal", "refused.sqlite",
              "--retry-time-scale", "0.001"], echoing, true),
            (["posts", "fetch", "--source", "alpaca-news", "--symbols", "AAPL", "--out", "news.jsonl"], loopback, false),
            (["live", "--paper", "--once", "--symbols", "SYNA", "--policy", "sma:5,20", "--journal", "paper.sqlite", "--json-logs",
              "--retry-time-scale", "0.001"], simulated, false),
            (["live", "--dry-run", "--once", "--symbols", "SYNA", "--policy", "sma:5,20", "--journal", "dry.sqlite",
              "--retry-time-scale", "0.001"], simulated, false),
            (["live", "status", "--journal", "paper.sqlite", "--json"], [:], false),
            (["sentiment", "score", "--analyzer", "comprehend", "Apple beats estimates", "Guidance cut, shares fall"],
             aws.merging(["AWS_ENDPOINT_URL": posts.baseURL]) { _, new in new }, false),
            (["sentiment", "score", "--analyzer", "comprehend", "Apple beats estimates"],
             aws.merging(["AWS_ENDPOINT_URL": echo.baseURL, "SENTRADE_CACHE_DIR": work.appendingPathComponent("cache2").path]) { _, new in new }, true),
            (["cloud", "train", "--config", "train.json", "--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/sentrade:latest",
              "--role", "arn:aws:iam::123456789012:role/sm", "--output", "s3://bucket/out", "--dry-run"], aws, false),
        ]
        var transcripts = ""
        for run in runs {
            let r = try CommandRunner.run(run.args, environment: run.env, timeout: 120, workingDirectory: work.path)
            let context = run.args.prefix(3).joined(separator: " ")
            if run.mayFail {
                XCTAssertNotEqual(r.status, 0, "\(context): the 401 should fail the command")
                XCTAssertTrue((r.stdout + r.stderr).contains("401"), "\(context): \(r.stdout) \(r.stderr)")
                // The echoed body reached the output, with the credential in it redacted.
                XCTAssertTrue((r.stdout + r.stderr).contains("<redacted>"), "\(context): \(r.stdout) \(r.stderr)")
            } else {
                XCTAssertEqual(r.status, 0, "\(context): \(r.stderr.suffix(600))")
            }
            transcripts += r.stdout + r.stderr
            for secret in Self.secrets {
                XCTAssertFalse((r.stdout + r.stderr).contains(secret), "\(context) printed a secret")
            }
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.path + "/x.jsonl"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.path + "/bars-sm/SYNA.csv"))
        XCTAssertTrue(transcripts.contains("\"level\""), "the --json-logs run logged JSON lines")

        // Every byte written under the work folder: journals, WALs, caches, fetched files.
        let files = FileManager.default.enumerator(at: work, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        var scanned = 0
        for file in files {
            guard let bytes = FileManager.default.contents(atPath: file.path) else { continue }
            scanned += 1
            for secret in Self.secrets {
                XCTAssertNil(bytes.range(of: Data(secret.utf8)), "\(file.lastPathComponent) holds a secret")
            }
        }
        XCTAssertGreaterThan(scanned, 6)
        await posts.stop()
        await echo.stop()
        await alpaca.stop()
    }
}
