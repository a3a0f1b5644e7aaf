import Connectors
import Crypto
import Foundation
import XCTest

/// BatchDetectSentiment (which moto lacks) against an in-test server that verifies every SigV4
/// signature with the signer's canonical form and answers with partial ErrorLists.
final class ComprehendBatchTests: XCTestCase {
    static let secret = "batch-secret-key-EXAMPLE"

    /// Recomputes the signature from what arrived on the wire; nil when it matches.
    static func verify(_ request: TestRequest, secret: String) -> String? {
        guard let auth = request.header("Authorization"), let amzDate = request.header("X-Amz-Date"),
              let date = SigV4Signer.parseAmzDate(amzDate) else { return "missing Authorization or X-Amz-Date" }
        func field(_ name: String) -> String? {
            auth.components(separatedBy: ", ").compactMap { part -> String? in
                let p = part.replacingOccurrences(of: "AWS4-HMAC-SHA256 ", with: "")
                return p.hasPrefix(name + "=") ? String(p.dropFirst(name.count + 1)) : nil
            }.first
        }
        guard let credential = field("Credential"), let signed = field("SignedHeaders"), let signature = field("Signature") else {
            return "malformed Authorization"
        }
        let scope = credential.split(separator: "/").map(String.init)
        guard scope.count == 5, scope[3] == "comprehend" else { return "wrong scope \(credential)" }
        let names = Set(signed.split(separator: ";").map(String.init))
        let headers = request.headers.filter { names.contains($0.0.lowercased()) }
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: scope[0], secretAccessKey: secret),
                                 region: scope[2], service: scope[3])
        let path = request.path, query = String(request.uri.dropFirst(path.count + (request.uri.contains("?") ? 1 : 0)))
        let expected = signer.sign(method: request.method, path: path, query: query, headers: headers,
                                   body: request.body, date: date)
        return expected.signature == signature ? nil : "signature mismatch"
    }

    func server() async throws -> TestHTTPServer {
        try await TestHTTPServer { request in
            if let problem = Self.verify(request, secret: Self.secret) {
                return .json(403, #"{"__type":"InvalidSignatureException","message":"\#(problem)"}"#)
            }
            if request.header("X-Amz-Target") == "Comprehend_20171127.DetectSentiment" {
                return .json(200, #"{"Sentiment":"NEGATIVE","SentimentScore":{"Positive":0.1,"Negative":0.8,"Neutral":0.05,"Mixed":0.05}}"#)
            }
            guard request.header("X-Amz-Target") == "Comprehend_20171127.BatchDetectSentiment",
                  let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
                  let texts = body["TextList"] as? [String] else {
                return .json(400, #"{"__type":"ValidationException","message":"bad request"}"#)
            }
            if texts.count > 25 || texts.contains(where: { $0.utf8.count > 5000 }) {
                return .json(400, #"{"__type":"BatchSizeLimitExceededException","message":"too many or too long"}"#)
            }
            var results: [String] = [], errors: [String] = []
            for (i, text) in texts.enumerated() {
                if text.contains("FAIL") {
                    errors.append(#"{"Index":\#(i),"ErrorCode":"InternalServerException","ErrorMessage":"could not score"}"#)
                } else {
                    let positive = text.contains("good") ? 0.9 : 0.05
                    results.append(#"{"Index":\#(i),"Sentiment":"\#(positive > 0.5 ? "POSITIVE" : "NEUTRAL")","SentimentScore":{"Positive":\#(positive),"Negative":0.02,"Neutral":\#(0.95 - positive),"Mixed":0.03}}"#)
                }
            }
            return .json(200, #"{"ResultList":[\#(results.joined(separator: ","))],"ErrorList":[\#(errors.joined(separator: ","))]}"#)
        }
    }

    func client(_ server: TestHTTPServer, secret: String = secret) -> ComprehendClient {
        let env = ["AWS_ENDPOINT_URL": server.baseURL, "AWS_ACCESS_KEY_ID": "AKIDBATCH", "AWS_SECRET_ACCESS_KEY": secret,
                   "AWS_REGION": "us-east-1", "HOME": "/nonexistent"]
        return ComprehendClient(environment: env, retry: TestEnv.fastRetry())
    }

    func testBatchesOf25WithPartialErrors() async throws {
        let server = try await server()
        var texts = (0..<60).map { "post \($0) is \($0 % 2 == 0 ? "good" : "meh")" }
        texts[7] = "FAIL this one"
        texts[41] = "FAIL that one"
        texts[3] = String(repeating: "é", count: 3000)  // 6000 bytes: must be cut on a character boundary
        let results = try await client(server).batchDetectSentiment(texts)
        XCTAssertEqual(results.count, 60)
        XCTAssertEqual(server.count, 3, "60 texts = 25 + 25 + 10")
        for (i, result) in results.enumerated() {
            switch result {
            case .success(let score):
                XCTAssertFalse(i == 7 || i == 41)
                if i != 3 { XCTAssertEqual(score.label, i % 2 == 0 ? .positive : .neutral, "index \(i)") }
            case .failure(let error):
                XCTAssertTrue(i == 7 || i == 41, "index \(i): \(error)")
                XCTAssertEqual(error.apiCode, "InternalServerException")
            }
        }
    }

    func testWrongKeyIsRejectedByTheVerifyingServer() async throws {
        let server = try await server()
        do {
            _ = try await client(server, secret: "not-the-right-secret").batchDetectSentiment(["hello"])
            XCTFail("expected InvalidSignatureException")
        } catch let error as ConnectorError {
            XCTAssertEqual(error.status, 403)
            XCTAssertEqual(error.apiCode, "InvalidSignatureException")
        }
    }

    func testTruncationKeepsWholeCharactersAndBillingUnits() {
        let text = String(repeating: "a", count: 4999) + "€"  // 4999 + 3 bytes
        let cut = ComprehendClient.truncate(text)
        XCTAssertEqual(cut.utf8.count, 4999)
        XCTAssertEqual(ComprehendClient.truncate("short"), "short")
        XCTAssertEqual(ComprehendClient.billingUnits(["hi", String(repeating: "x", count: 450)]), 3 + 5)
    }

    func testAnalyzerRetriesFailedItemsAndCachesScores() async throws {
        let server = try await server()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = try SentimentCache(path: dir.appendingPathComponent("cache.sqlite").path)
        let analyzer = CachingAnalyzer(inner: ComprehendAnalyzer(client: client(server)), cache: cache)
        let texts = ["good news", "meh", "FAIL once", "good news", "another good one"]
        let first = try await analyzer.score(texts)
        XCTAssertEqual(first.map(\.label), [.positive, .neutral, .negative, .positive, .positive])
        XCTAssertEqual(server.count, 2, "one batch call plus one DetectSentiment retry for the failed item")
        XCTAssertEqual(try cache.count(), 4, "duplicates are scored once")
        let second = try await analyzer.score(texts)
        XCTAssertEqual(second, first)
        XCTAssertEqual(server.count, 2, "second pass is served from the cache")
        XCTAssertEqual(analyzer.stats.hits, 6)
        XCTAssertEqual(analyzer.name, "comprehend:en")
        let estimate = try XCTUnwrap(RemoteAnalyzers.costEstimate(spec: "comprehend", texts: texts))
        XCTAssertTrue(estimate.contains("15 units"), estimate)
        await server.stop()
    }

    func testThrottlingExceptionIsRetried() async throws {
        let calls = Locked(0)
        let server = try await TestHTTPServer { _ in
            if calls.withLock({ $0 += 1; return $0 }) <= 2 {
                return .json(400, #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
                             headers: [("X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/")])
            }
            return .json(200, #"{"Sentiment":"POSITIVE","SentimentScore":{"Positive":0.9,"Negative":0.03,"Neutral":0.05,"Mixed":0.02}}"#)
        }
        let score = try await client(server).detectSentiment("great quarter")
        XCTAssertEqual(score.label, .positive)
        XCTAssertEqual(calls.current, 3)
        await server.stop()
    }
}
