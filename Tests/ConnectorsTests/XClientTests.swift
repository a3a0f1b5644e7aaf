import Connectors
import Foundation
import XCTest

/// X API v2 recent search against an in-test server: query, paging, since_id, rate limits.
final class XClientTests: XCTestCase {
    static func tweet(_ id: Int, _ text: String) -> String {
        #"{"id":"\#(id)","text":"\#(text)","author_id":"u\#(id % 2)","created_at":"2024-01-02T14:0\#(id % 10):00.000Z","lang":"en","public_metrics":{"retweet_count":1,"reply_count":2,"like_count":3,"quote_count":4,"impression_count":99},"edit_history_tweet_ids":["\#(id)"]}"#
    }

    static func page(ids: [Int], next: String?, newest: Int) -> String {
        let data = ids.map { tweet($0, $0 % 2 == 0 ? "$AAPL to the moon" : "#msft looks weak") }.joined(separator: ",")
        let nextField = next.map { #","next_token":"\#($0)""# } ?? ""
        return #"{"data":[\#(data)],"includes":{"users":[{"id":"u0","name":"A","username":"a","public_metrics":{"followers_count":1500,"following_count":1,"tweet_count":5,"listed_count":0}},{"id":"u1","name":"B","username":"b","public_metrics":{"followers_count":20}}]},"meta":{"newest_id":"\#(newest)","oldest_id":"\#(ids.last ?? 0)","result_count":\#(ids.count)\#(nextField)}}"#
    }

    /// A tweet whose created_at cannot be parsed is counted and reported, never dropped silently.
    func testUnparsableTimestampsAreCounted() async throws {
        let bad = #"{"id":"7","text":"$AAPL odd","author_id":"u1","created_at":"yesterday-ish","lang":"en"}"#
        let body = #"{"data":[\#(Self.tweet(8, "$AAPL fine")),\#(bad)],"meta":{"newest_id":"8","result_count":2}}"#
        let server = try await TestHTTPServer { _ in .json(200, body) }
        let x = try XClient.fromEnvironment(["X_BEARER_TOKEN": "x-bearer-test-token", "X_API_URL": server.baseURL], retry: TestEnv.fastRetry())
        let result = try await x.searchRecent(XQuery(symbols: ["AAPL"]))
        XCTAssertEqual(result.posts.map(\.id), ["8"])
        XCTAssertEqual(result.unparsable.map(\.id), ["7"])
        XCTAssertEqual(result.unparsable.first?.createdAt, "yesterday-ish")
        await server.stop()
    }

    func testQueryBuilder() throws {
        XCTAssertEqual(try XQuery(symbols: ["AAPL", "msft"]).build(), "($AAPL OR #AAPL OR $MSFT OR #MSFT) lang:en -is:retweet")
        XCTAssertEqual(try XQuery(symbols: ["TSLA"], hashtags: false, language: nil).build(), "$TSLA -is:retweet")
        XCTAssertThrowsError(try XQuery(symbols: []).build())
        XCTAssertThrowsError(try XQuery(symbols: (0..<100).map { "SYM\($0)" }).build())
    }

    func testThreePagesThroughA429WithSinceID() async throws {
        let calls = Locked(0)
        let server = try await TestHTTPServer { request in
            guard request.header("Authorization") == "Bearer x-bearer-test-token" else {
                return .json(401, #"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#)
            }
            let n = calls.withLock { $0 += 1; return $0 }
            let limits: [(String, String)] = [("x-rate-limit-limit", "450"), ("x-rate-limit-remaining", "\(450 - n)"),
                                              ("x-rate-limit-reset", String(Int(Date().timeIntervalSince1970) + 2))]
            switch request.query["next_token"] {
            case nil: return .json(200, Self.page(ids: [110, 109], next: "p2", newest: 110), headers: limits)
            case "p2" where n == 2: return .json(429, #"{"errors":[{"message":"Rate limit exceeded"}]}"#, headers: limits)
            case "p2": return .json(200, Self.page(ids: [108, 107], next: "p3", newest: 108), headers: limits)
            default: return .json(200, Self.page(ids: [106], next: nil, newest: 106), headers: limits)
            }
        }
        let x = try XClient.fromEnvironment(["X_BEARER_TOKEN": "x-bearer-test-token", "X_API_URL": server.baseURL],
                                            retry: TestEnv.fastRetry())
        let result = try await x.searchRecent(XQuery(symbols: ["AAPL", "MSFT"]), sinceID: "100")
        XCTAssertEqual(result.posts.map(\.id), ["110", "109", "108", "107", "106"])
        XCTAssertEqual(result.newestID, "110")
        XCTAssertEqual(result.pages, 3)
        XCTAssertEqual(result.rateLimit?.limit, 450)
        XCTAssertEqual(result.rateLimit?.remaining, 446)
        let first = try XCTUnwrap(result.posts.first)
        XCTAssertEqual(first.followers, 1500)
        XCTAssertEqual(first.engagement, 10)
        XCTAssertEqual(first.symbols, ["AAPL"])
        XCTAssertEqual(first.source, .x)
        let sent = server.requests.current
        XCTAssertEqual(sent.count, 4)
        XCTAssertTrue(sent.allSatisfy { $0.query["since_id"] == "100" })
        XCTAssertEqual(sent[0].query["query"], "($AAPL OR #AAPL OR $MSFT OR #MSFT) lang:en -is:retweet")
        await server.stop()
    }

    func testLongRateLimitWaitAndUnauthorizedAreTypedErrors() async throws {
        let server = try await TestHTTPServer { request in
            if request.header("Authorization") != "Bearer good-token-123" {
                return .json(401, #"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#)
            }
            return .json(429, #"{"errors":[{"message":"Rate limit exceeded"}]}"#,
                         headers: [("x-rate-limit-reset", String(Int(Date().timeIntervalSince1970) + 900))])
        }
        let good = XClient(bearer: Secret("good-token-123"), baseURL: server.baseURL, retry: TestEnv.fastRetry())
        do {
            _ = try await good.searchRecent(XQuery(symbols: ["AAPL"]))
            XCTFail("expected rate limit")
        } catch let ConnectorError.rateLimited(_, retryAfter, message) {
            XCTAssertGreaterThan(retryAfter ?? 0, 800)
            XCTAssertEqual(message, "Rate limit exceeded")
        }
        XCTAssertEqual(server.count, 1, "a 15-minute reset is not waited out")
        let bad = XClient(bearer: Secret("wrong-token-456"), baseURL: server.baseURL, retry: TestEnv.fastRetry())
        do {
            _ = try await bad.searchRecent(XQuery(symbols: ["AAPL"]))
            XCTFail("expected 401")
        } catch let error as ConnectorError {
            XCTAssertEqual(error.status, 401)
        }
        await server.stop()
    }
}
