import Connectors
import Foundation
import TradingCore
import XCTest

/// Alpaca market data against an in-test server: paging, throttling, outages, hangs, bad JSON.
final class AlpacaMarketDataTests: XCTestCase {
    func config(_ server: TestHTTPServer) throws -> AlpacaConfig {
        try AlpacaConfig.fromEnvironment([
            "APCA_API_KEY_ID": "PKTESTKEY", "APCA_API_SECRET_KEY": "sk-test-secret-1234",
            "ALPACA_DATA_URL": server.baseURL, "ALPACA_TRADING_URL": server.baseURL,
        ])
    }

    func testBarsFollowThreePagesThrough429And503() async throws {
        let calls = Locked(0)
        let server = try await TestHTTPServer { request in
            guard request.path == "/v2/stocks/bars" else { return .json(404, #"{"code":40410000,"message":"not found"}"#) }
            let n = calls.withLock { $0 += 1; return $0 }
            switch (request.query["page_token"], n) {
            case (nil, _): return .json(200, AlpacaFixtures.barsPage(0))
            case ("QUFQTHwy", 2):
                let reset = String(Int(Date().timeIntervalSince1970) + 1)
                return .json(429, #"{"code":42910000,"message":"rate limit exceeded"}"#,
                             headers: [("X-RateLimit-Limit", "200"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset)])
            case ("QUFQTHwy", _): return .json(200, AlpacaFixtures.barsPage(1))
            case ("TVNGVHwx", 4): return .json(503, "<html>Service Unavailable</html>")
            default: return .json(200, AlpacaFixtures.barsPage(2))
            }
        }
        let client = AlpacaMarketDataClient(config: try config(server), retry: TestEnv.fastRetry())
        let bars = try await client.bars(symbols: ["AAPL", "MSFT"], timeframe: .day,
                                         start: try XCTUnwrap(RFC3339.parse("2024-01-01T00:00:00Z")))
        XCTAssertEqual(bars["AAPL"]?.map(\.close), [185, 184, 182])
        XCTAssertEqual(bars["MSFT"]?.map(\.close), [370, 371, 368])
        XCTAssertEqual(calls.current, 5)
        let first = try XCTUnwrap(server.requests(path: "/v2/stocks/bars").first)
        XCTAssertEqual(first.query["symbols"], "AAPL,MSFT")
        XCTAssertEqual(first.query["timeframe"], "1Day")
        XCTAssertEqual(first.header("APCA-API-KEY-ID"), "PKTESTKEY")
        await server.stop()
    }

    func testPersistent500EndsInTypedError() async throws {
        let server = try await TestHTTPServer { _ in .json(500, #"{"code":50010000,"message":"internal server error"}"#) }
        let client = AlpacaMarketDataClient(config: try config(server), retry: TestEnv.fastRetry(3))
        do {
            _ = try await client.latestBars(symbols: ["AAPL"])
            XCTFail("expected an error")
        } catch let error as ConnectorError {
            XCTAssertEqual(error.status, 500)
            XCTAssertEqual(error.apiCode, "50010000")
        }
        XCTAssertEqual(server.count, 3)
        await server.stop()
    }

    func testHungResponseTimesOut() async throws {
        let server = try await TestHTTPServer { _ in .hang }
        let client = AlpacaMarketDataClient(config: try config(server), timeout: 0.3, retry: TestEnv.fastRetry(2))
        let started = Date()
        do {
            _ = try await client.latestQuotes(symbols: ["AAPL"])
            XCTFail("expected a timeout")
        } catch let error as ConnectorError {
            guard case .timeout = error else { return XCTFail("expected timeout, got \(error)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(server.count, 2)
        await server.stop()
    }

    func testMalformedJSONIsADecodingError() async throws {
        let server = try await TestHTTPServer { _ in .json(200, #"{"bars":{"AAPL":[{"t":"2024-01-02T05:00:00Z","o":1"#) }
        let client = AlpacaMarketDataClient(config: try config(server), retry: TestEnv.fastRetry())
        do {
            _ = try await client.bars(symbols: ["AAPL"], timeframe: .day, start: Date(timeIntervalSince1970: 0))
            XCTFail("expected a decoding error")
        } catch let error as ConnectorError {
            guard case .decoding = error else { return XCTFail("expected decoding, got \(error)") }
        }
        await server.stop()
    }

    func testLatestQuoteAndNewsPaging() async throws {
        let server = try await TestHTTPServer { request in
            switch request.path {
            case "/v2/stocks/quotes/latest":
                return .json(200, #"{"quotes":{"AAPL":{"t":"2024-01-02T15:59:59.123456789Z","ax":"V","ap":185.5,"as":3,"bx":"Q","bp":185.4,"bs":2,"c":["R"],"z":"C"}}}"#)
            case "/v1beta1/news":
                let page = Int(request.query["page_token"] ?? "0") ?? 0
                let next = page < 2 ? #""\#(page + 1)""# : "null"
                return .json(200, #"{"news":[\#(AlpacaFixtures.news(page * 2 + 1)),\#(AlpacaFixtures.news(page * 2 + 2))],"next_page_token":\#(next)}"#)
            default:
                return .json(404, #"{"code":40410000,"message":"not found"}"#)
            }
        }
        let client = AlpacaMarketDataClient(config: try config(server), retry: TestEnv.fastRetry())
        let quote = try await client.latestQuotes(symbols: ["AAPL"])["AAPL"]
        XCTAssertEqual(quote?.askPrice, 185.5)
        XCTAssertEqual(quote?.bidSize, 2)
        let posts = try await client.newsPosts(symbols: ["AAPL"])
        XCTAssertEqual(posts.map(\.id), (1...6).map { "alpaca-news-\($0)" })
        XCTAssertEqual(posts.first?.source, .alpacaNews)
        XCTAssertEqual(server.requests(path: "/v1beta1/news").count, 3)
        await server.stop()
    }

    func testMissingKeysGiveAClearMessage() {
        XCTAssertThrowsError(try AlpacaConfig.fromEnvironment([:])) { error in
            XCTAssertTrue("\(error)".contains("APCA_API_KEY_ID"))
        }
    }
}
