import Connectors
import Foundation
import TradingCore
import XCTest

/// The resumable file formats behind `data fetch` and `posts fetch`.
final class FetchJobTests: XCTestCase {
    func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-fetch-\(UUID().uuidString)")
    }

    func testBarFetchResumesAfterTheLastStoredBar() async throws {
        let available = Locked(["2024-01-02T05:00:00Z", "2024-01-03T05:00:00Z", "2024-01-04T05:00:00Z"])
        let server = try await TestHTTPServer { request in
            let start = request.query["start"].flatMap(RFC3339.parse) ?? .distantPast
            let bars = available.current.enumerated().filter { (RFC3339.parse($0.element) ?? .distantPast) >= start }
                .map { AlpacaFixtures.bar($0.element, 100 + Double($0.offset)) }
            let symbol = request.query["symbols"] ?? "?"
            if symbol == "BAD" { return .json(422, #"{"code":42210000,"message":"invalid symbol: BAD"}"#) }
            return .json(200, #"{"bars":{"\#(symbol)":[\#(bars.joined(separator: ","))]},"next_page_token":null}"#)
        }
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try AlpacaConfig(keyID: "k", secretKey: "s-secret", dataURL: server.baseURL)
        let job = BarFetchJob(client: AlpacaMarketDataClient(config: config, retry: TestEnv.fastRetry()),
                              store: BarCSVStore(directory: dir.path))
        let from = try XCTUnwrap(RFC3339.parse("2024-01-01"))
        let first = try await job.run(symbols: ["AAPL", "BTC/USD"], timeframe: .day, from: from, to: nil)
        XCTAssertEqual(first["AAPL"], 3)
        XCTAssertEqual(first["BTC/USD"], 3)
        available.withLock { $0.append("2024-01-05T05:00:00Z") }
        let second = try await job.run(symbols: ["AAPL"], timeframe: .day, from: from, to: nil)
        XCTAssertEqual(second["AAPL"], 1)
        XCTAssertEqual(server.requests.current.last?.query["start"], "2024-01-04T05:00:01Z")
        let text = try String(contentsOfFile: dir.appendingPathComponent("AAPL.csv").path, encoding: .utf8)
        XCTAssertEqual(text.split(separator: "\n").map(String.init), [
            "time,open,high,low,close,volume",
            "2024-01-02T05:00:00Z,99,101,98,100,1000",
            "2024-01-03T05:00:00Z,100,102,99,101,1000",
            "2024-01-04T05:00:00Z,101,103,100,102,1000",
            "2024-01-05T05:00:00Z,102,104,101,103,1000",
        ])
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("BTC-USD.csv").path))
        XCTAssertTrue(server.requests.current.contains { $0.path == "/v1beta3/crypto/us/bars" })
        // A symbol the server rejects does not stop the others.
        let mixed = await BarFetchJob(client: AlpacaMarketDataClient(config: config, retry: TestEnv.fastRetry()),
                                      store: BarCSVStore(directory: dir.appendingPathComponent("mixed").path))
            .runEach(symbols: ["BAD", "MSFT"], timeframe: .day, from: from, to: nil)
        XCTAssertEqual(mixed.written["MSFT"], 4)
        XCTAssertEqual((mixed.failures["BAD"] as? ConnectorError)?.status, 422)
        await server.stop()
    }

    func testPostLinesResumeState() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let posts = [
            Post(id: "998", time: Date(timeIntervalSince1970: 1_704_200_000), text: "$AAPL up", authorID: "u1",
                 followers: 10, engagement: 2, source: .x, lang: "en", symbols: ["AAPL"]),
            Post(id: "1002", time: Date(timeIntervalSince1970: 1_704_100_000), text: "$AAPL \"quoted\"\nnewline",
                 source: .x, symbols: ["AAPL"]),
            Post(id: "alpaca-news-7", time: Date(timeIntervalSince1970: 1_704_300_000), text: "news", source: .alpacaNews),
        ]
        let path = dir.appendingPathComponent("posts.jsonl").path
        try posts.map { PostJSONLines.line($0) + "\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
        let state = PostJSONLines.resume(path: path)
        XCTAssertEqual(state.ids, ["998", "1002", "alpaca-news-7"])
        XCTAssertEqual(state.sinceID, "1002", "numeric comparison, not lexical")
        XCTAssertEqual(state.newestTime, Date(timeIntervalSince1970: 1_704_300_000))
        let line = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(PostJSONLines.line(posts[1]).utf8)) as? [String: Any])
        XCTAssertEqual(line["text"] as? String, "$AAPL \"quoted\"\nnewline")
        XCTAssertEqual(line["time"] as? String, "2024-01-01T09:06:40Z")
    }
}
