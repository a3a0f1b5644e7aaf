import Connectors
import TestSupport
import Foundation
import TradingCore
import XCTest

/// Websocket streams against a scripted server that drops the connection mid-stream.
final class StreamTests: XCTestCase {
    static func bar(_ minute: Int) -> String {
        #"{"T":"b","S":"AAPL","o":100,"h":101,"l":99,"c":\#(100 + minute),"v":500,"t":"2024-01-02T15:\#(String(format: "%02d", minute)):00Z","n":5,"vw":100}"#
    }

    func testMarketStreamReconnectsResubscribesAndBackfillsTheGap() async throws {
        let ws = try await TestWebSocketServer { connection, message in
            guard let message else { return [.send(#"[{"T":"success","msg":"connected"}]"#)] }
            if message.contains(#""action":"auth""#) { return [.send(#"[{"T":"success","msg":"authenticated"}]"#)] }
            guard message.contains(#""action":"subscribe""#) else { return [] }
            let ack = WSAction.send(#"[{"T":"subscription","trades":[],"quotes":["AAPL"],"bars":["AAPL"],"news":[]}]"#)
            if connection == 1 {
                return [ack, .send("[\(Self.bar(30)),\(Self.bar(31))]"), .send("[\(Self.bar(32))]"),
                        .send(#"[{"T":"q","S":"AAPL","bx":"V","bp":131.9,"bs":2,"ax":"V","ap":132.1,"as":3,"c":["R"],"z":"C","t":"2024-01-02T15:32:30Z"}]"#),
                        .drop]
            }
            // After the reconnect the feed resumes at :35 — :33 and :34 were missed.
            let news = #"[{"T":"n","id":24918784,"headline":"Apple raises guidance","summary":"Up","author":"Benzinga","created_at":"2024-01-02T15:34:30Z","updated_at":"2024-01-02T15:34:30Z","url":"https://example.invalid/n","content":"","symbols":["AAPL"],"source":"benzinga"}]"#
            return [ack, .send(news), .send("[\(Self.bar(32)),\(Self.bar(35))]"), .send("[\(Self.bar(36))]")]
        }
        let rest = try await TestHTTPServer { request in
            let start = request.query["start"].flatMap(RFC3339.parse) ?? .distantPast
            let end = request.query["end"].flatMap(RFC3339.parse) ?? .distantFuture
            let bars = (30...36).filter {
                let t = RFC3339.parse("2024-01-02T15:\($0):00Z") ?? .distantPast
                return t >= start && t <= end
            }.map { AlpacaFixtures.bar("2024-01-02T15:\($0):00Z", 100 + Double($0)) }
            return .json(200, #"{"bars":{"AAPL":[\#(bars.joined(separator: ","))]},"next_page_token":null}"#)
        }
        let config = try AlpacaConfig(keyID: "PKSTREAM", secretKey: "stream-secret-1", dataURL: rest.baseURL)
        let stream = AlpacaMarketStream(config: config, url: ws.url + "/v2/iex",
                                        subscription: .init(bars: ["AAPL"], quotes: ["AAPL"], news: ["AAPL"]), retry: TestEnv.fastRetry(5),
                                        pingInterval: 1, idleTimeout: 5,
                                        backfill: AlpacaMarketDataClient(config: config, retry: TestEnv.fastRetry()))
        var minutes: [(Int, Bool)] = []
        var sessions: [Int] = []
        var quotes = 0
        var news: [Post] = []
        for try await event in stream.events() {
            switch event {
            case let .bar(_, bar, backfilled):
                let minute = Int(bar.time.timeIntervalSince1970) / 60 % 60
                minutes.append((minute, backfilled))
            case let .subscribed(session): sessions.append(session)
            case .quote: quotes += 1
            case .news(let post): news.append(post)
            }
            if minutes.last?.0 == 36 { break }
        }
        XCTAssertEqual(minutes.map(\.0), [30, 31, 32, 33, 34, 35, 36])
        XCTAssertEqual(minutes.filter(\.1).map(\.0), [33, 34], "the gap came from REST")
        XCTAssertEqual(sessions, [1, 2], "subscribed again after the drop")
        XCTAssertEqual(quotes, 1)
        XCTAssertEqual(news.map(\.id), ["alpaca-news-24918784"])
        XCTAssertEqual(news.first?.source, .alpacaNews)
        let subscribes = ws.received.current.filter { $0.1.contains("subscribe") }.map(\.0)
        XCTAssertEqual(subscribes, [1, 2])
        XCTAssertEqual(rest.count, 1)
        await ws.stop()
        await rest.stop()
    }

    func testAuthFailureEndsTheStreamWithoutReconnecting() async throws {
        let ws = try await TestWebSocketServer { _, message in
            guard let message else { return [.send(#"[{"T":"success","msg":"connected"}]"#)] }
            if message.contains("auth") { return [.send(#"[{"T":"error","code":402,"msg":"auth failed"}]"#)] }
            return []
        }
        let config = try AlpacaConfig(keyID: "PKBAD", secretKey: "bad-secret-1")
        let stream = AlpacaMarketStream(config: config, url: ws.url, subscription: .init(bars: ["AAPL"]), retry: TestEnv.fastRetry(5))
        do {
            for try await _ in stream.events() {}
            XCTFail("expected an auth error")
        } catch let ConnectorError.stream(_, code, message) {
            XCTAssertEqual(code, 402)
            XCTAssertEqual(message, "auth failed")
        }
        XCTAssertEqual(ws.connections.current, 1)
        await ws.stop()
    }

    func testUnreachableStreamGivesUpWithATypedError() async throws {
        let port = try MotoServer.freePort()
        let config = try AlpacaConfig(keyID: "PK", secretKey: "secret-x")
        let stream = AlpacaMarketStream(config: config, url: "ws://127.0.0.1:\(port)/v2/iex",
                                        subscription: .init(bars: ["AAPL"]), retry: TestEnv.fastRetry(3))
        do {
            for try await _ in stream.events() {}
            XCTFail("expected a connection error")
        } catch let error as ConnectorError {
            guard case .connection = error else { return XCTFail("\(error)") }
        }
    }

    func testTradeUpdatesResumeAfterADrop() async throws {
        let ws = try await TestWebSocketServer { connection, message in
            guard let message else { return [] }
            if message.contains("authenticate") {
                return [.send(#"{"stream":"authorization","data":{"status":"authorized","action":"authenticate"}}"#)]
            }
            guard message.contains("listen") else { return [] }
            let listening = WSAction.send(#"{"stream":"listening","data":{"streams":["trade_updates"]}}"#)
            let event = connection == 1 ? "new" : "fill"
            let update = #"{"stream":"trade_updates","data":{"event":"\#(event)","execution_id":"e1","timestamp":"2024-01-02T15:00:01.5Z","price":"185.1","qty":"3","position_qty":"3","order":\#(AlpacaFixtures.order(id: "ord-1", clientID: "c-1", status: event == "fill" ? "filled" : "new"))}}"#
            return connection == 1 ? [listening, .send(update), .drop] : [listening, .send(update)]
        }
        let config = try AlpacaConfig(keyID: "PKTRADE", secretKey: "trade-secret-1")
        let updates = AlpacaTradeUpdates(config: config, url: ws.url + "/stream", retry: TestEnv.fastRetry(5))
        var seen: [String] = []
        for try await event in updates.events() {
            switch event {
            case .listening: seen.append("listening")
            case .resumed: seen.append("resumed")
            case .update(let update):
                seen.append(update.event)
                if update.event == "fill" {
                    XCTAssertEqual(update.price, 185.1)
                    XCTAssertEqual(update.order.client_order_id, "c-1")
                }
            }
            if seen.last == "fill" { break }
        }
        XCTAssertEqual(seen, ["listening", "new", "resumed", "fill"])
        let auth = try XCTUnwrap(ws.received.current.first?.1)
        XCTAssertTrue(auth.contains("PKTRADE"))
        await ws.stop()
    }

    /// The frame the fuzz target `Fuzz/AlpacaStreams` crashed on: an `order` that is a string made
    /// `JSONSerialization.data(withJSONObject:)` trap. It must be ignored, and the next update delivered.
    func testTradeUpdateWhoseOrderIsNotAnObjectIsIgnored() async throws {
        let crashing = #"{"stream":"trade_updates","data":{"event":"f","timestamp":"2024-01-02T14:31:00.5722933023null31","qty":10,"order":"trade_updates","data":{"event":"f","timestamp":"2024-01-02T14:31:0y","status":"fil","ab":"372Z"}}}"#
        let ws = try await TestWebSocketServer { _, message in
            guard let message else { return [] }
            if message.contains("authenticate") {
                return [.send(#"{"stream":"authorization","data":{"status":"authorized","action":"authenticate"}}"#)]
            }
            guard message.contains("listen") else { return [] }
            let fill = #"{"stream":"trade_updates","data":{"event":"fill","order":\#(AlpacaFixtures.order(id: "ord-1", clientID: "c-1", status: "filled"))}}"#
            return [.send(#"{"stream":"listening","data":{"streams":["trade_updates"]}}"#), .send(crashing), .send(fill)]
        }
        let updates = AlpacaTradeUpdates(config: try AlpacaConfig(keyID: "PKTRADE", secretKey: "trade-secret-1"),
                                         url: ws.url + "/stream", retry: TestEnv.fastRetry(2))
        var seen: [String] = []
        for try await event in updates.events() {
            if case .update(let update) = event {
                seen.append(update.event)
                break
            }
        }
        XCTAssertEqual(seen, ["fill"])
        await ws.stop()
    }

    func testSilentServerHitsTheHandshakeTimeoutAndReconnects() async throws {
        // Accepts the websocket, answers pings, never says "connected".
        let ws = try await TestWebSocketServer { _, _ in [] }
        let config = try AlpacaConfig(keyID: "PK", secretKey: "secret-y")
        let stream = AlpacaMarketStream(config: config, url: ws.url, subscription: .init(bars: ["AAPL"]),
                                        retry: TestEnv.fastRetry(2), pingInterval: 0.05, idleTimeout: 5, handshakeTimeout: 0.2)
        let started = Date()
        do {
            for try await _ in stream.events() {}
            XCTFail("expected a timeout")
        } catch let error as ConnectorError {
            guard case .timeout = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(ws.connections.current, 2, "one reconnect before giving up")
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        await ws.stop()
    }
}
