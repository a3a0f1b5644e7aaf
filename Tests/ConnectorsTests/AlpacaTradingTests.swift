import Connectors
import Foundation
import TradingCore
import XCTest

/// A tiny order book behind the fake trading server: orders by id and client id.
final class FakeOrderBook: Sendable {
    let orders = Locked<[(id: String, clientID: String, symbol: String)]>([])

    func handle(_ request: TestRequest, onSubmit: (Int) -> TestAction?) -> TestAction {
        switch (request.method, request.path) {
        case ("POST", "/v2/orders"):
            guard let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
                  let clientID = body["client_order_id"] as? String, let symbol = body["symbol"] as? String else {
                return .json(422, #"{"code":42210000,"message":"invalid order"}"#)
            }
            if orders.current.contains(where: { $0.clientID == clientID }) {
                return .json(422, #"{"code":42210000,"message":"client_order_id must be unique"}"#)
            }
            let n = orders.withLock { $0.append((id: "ord-\($0.count + 1)", clientID: clientID, symbol: symbol)); return $0.count }
            return onSubmit(n) ?? .json(200, AlpacaFixtures.order(id: "ord-\(n)", clientID: clientID, symbol: symbol))
        case ("GET", "/v2/orders:by_client_order_id"):
            guard let order = orders.current.first(where: { $0.clientID == request.query["client_order_id"] }) else {
                return .json(404, #"{"code":40410000,"message":"order not found"}"#)
            }
            return .json(200, AlpacaFixtures.order(id: order.id, clientID: order.clientID, symbol: order.symbol))
        case ("GET", _) where request.path.hasPrefix("/v2/orders/"):
            let id = String(request.path.dropFirst("/v2/orders/".count))
            guard let order = orders.current.first(where: { $0.id == id }) else {
                return .json(404, #"{"code":40410000,"message":"order not found"}"#)
            }
            return .json(200, AlpacaFixtures.order(id: order.id, clientID: order.clientID, symbol: order.symbol))
        case ("DELETE", _) where request.path.hasPrefix("/v2/orders/"):
            return .reply(status: 204, headers: [], body: Data())
        case ("GET", "/v2/orders"):
            let list = orders.current.map { AlpacaFixtures.order(id: $0.id, clientID: $0.clientID, symbol: $0.symbol) }
            return .json(200, "[" + list.joined(separator: ",") + "]")
        case ("GET", "/v2/account"):
            return .json(200, #"{"id":"acc-1","account_number":"PA1","status":"ACTIVE","currency":"USD","cash":"100000.5","equity":"100000.5","buying_power":"200001","portfolio_value":"100000.5","pattern_day_trader":false,"trading_blocked":false}"#)
        case ("GET", "/v2/clock"):
            return .json(200, #"{"timestamp":"2024-01-02T10:00:00.123-05:00","is_open":true,"next_open":"2024-01-03T09:30:00-05:00","next_close":"2024-01-02T16:00:00-05:00"}"#)
        case ("GET", "/v2/calendar"):
            return .json(200, #"[{"date":"2024-01-02","open":"09:30","close":"16:00","session_open":"0400","session_close":"2000"}]"#)
        case ("GET", "/v2/assets"):
            return .json(200, #"[{"id":"b0b6dd9d","class":"us_equity","exchange":"NASDAQ","symbol":"AAPL","name":"Apple Inc.","status":"active","tradable":true,"marginable":true,"shortable":true,"easy_to_borrow":true,"fractionable":true}]"#)
        case ("GET", "/v2/positions"):
            return .json(200, #"[{"asset_id":"b0b6dd9d","symbol":"AAPL","exchange":"NASDAQ","asset_class":"us_equity","qty":"5","avg_entry_price":"180.1","side":"long","market_value":"925","unrealized_pl":"24.5"}]"#)
        default:
            return .json(404, #"{"code":40410000,"message":"not found"}"#)
        }
    }
}

final class AlpacaTradingTests: XCTestCase {
    func client(_ server: TestHTTPServer, timeout: Double = 5) throws -> AlpacaTradingClient {
        let config = try AlpacaConfig(keyID: "PKTESTKEY", secretKey: "sk-test-secret-1234",
                                      dataURL: server.baseURL, tradingURL: server.baseURL)
        return AlpacaTradingClient(config: config, timeout: timeout, retry: TestEnv.fastRetry())
    }

    let order = Order(clientOrderID: Order.clientOrderID(strategy: "ppo", symbol: "AAPL", decisionTime: Date(timeIntervalSince1970: 1_704_211_200)),
                      symbol: "AAPL", side: .buy, quantity: 3)

    func testLostOrderResponseDoesNotDuplicate() async throws {
        let book = FakeOrderBook()
        // The first POST lands, but its reply is lost (connection dropped).
        let server = try await TestHTTPServer { request in book.handle(request) { n in n == 1 ? .drop : nil } }
        let trading = try client(server)
        let placed = try await trading.submitOrder(order)
        XCTAssertEqual(placed.client_order_id, order.clientOrderID)
        XCTAssertEqual(book.orders.current.count, 1)
        XCTAssertEqual(server.requests(path: "/v2/orders").filter { $0.method == "POST" }.count, 1)
        await server.stop()
    }

    func testHungOrderResponseIsCheckedBeforeRetrying() async throws {
        let book = FakeOrderBook()
        let server = try await TestHTTPServer { request in book.handle(request) { n in n == 1 ? .hang : nil } }
        let trading = try client(server, timeout: 0.3)
        let placed = try await trading.submitOrder(order)
        XCTAssertEqual(placed.id, "ord-1")
        XCTAssertEqual(book.orders.current.count, 1)
        await server.stop()
    }

    func testOrderThatDidNotLandIsResentWithTheSameClientID() async throws {
        let book = FakeOrderBook()
        let dropped = Locked(false)
        let server = try await TestHTTPServer { request in
            if request.method == "POST", !dropped.withLock({ let was = $0; $0 = true; return was }) {
                return .drop  // dropped before the order reached the book
            }
            return book.handle(request) { _ in nil }
        }
        let trading = try client(server)
        let placed = try await trading.submitOrder(order)
        XCTAssertEqual(placed.client_order_id, order.clientOrderID)
        XCTAssertEqual(book.orders.current.count, 1)
        let posts = server.requests(path: "/v2/orders").filter { $0.method == "POST" }
        XCTAssertEqual(posts.count, 2)
        let ids = posts.compactMap { (try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any])?["client_order_id"] as? String }
        XCTAssertEqual(Set(ids), [order.clientOrderID])
        await server.stop()
    }

    func testAccountClockCalendarAssetsPositionsOrders() async throws {
        let book = FakeOrderBook()
        let server = try await TestHTTPServer { request in book.handle(request) { _ in nil } }
        let trading = try client(server)
        let account = try await trading.account()
        XCTAssertEqual(account.cash?.value, 100000.5)
        let clock = try await trading.clock()
        XCTAssertTrue(clock.is_open)
        let calendar = try await trading.calendar(start: "2024-01-02", end: "2024-01-02")
        XCTAssertEqual(calendar.first?.open, "09:30")
        let assets = try await trading.assets()
        XCTAssertEqual(assets.first?.symbol, "AAPL")
        let positions = try await trading.positions()
        XCTAssertEqual(positions.first?.qty.value, 5)
        let placed = try await trading.submitOrder(order)
        let fetched = try await trading.order(id: placed.id)
        XCTAssertEqual(fetched.client_order_id, order.clientOrderID)
        let all = try await trading.orders(status: "all")
        XCTAssertEqual(all.count, 1)
        try await trading.cancelOrder(id: placed.id)
        let missing = try await trading.order(clientOrderID: "nope")
        XCTAssertNil(missing)
        do {
            _ = try await trading.order(id: "nope")
            XCTFail("expected 404")
        } catch let error as ConnectorError {
            XCTAssertEqual(error.status, 404)
            XCTAssertEqual(error.apiCode, "40410000")
        }
        await server.stop()
    }

    func testPaperIsDefaultAndLiveNeedsExplicitOptIn() throws {
        let paper = try AlpacaConfig(keyID: "k", secretKey: "s")
        XCTAssertEqual(paper.tradingURL, AlpacaConfig.paperTradingURL)
        XCTAssertThrowsError(try AlpacaConfig(keyID: "k", secretKey: "s", tradingURL: AlpacaConfig.liveTradingURL))
        XCTAssertThrowsError(try AlpacaConfig.fromEnvironment([
            "APCA_API_KEY_ID": "k", "APCA_API_SECRET_KEY": "s", "ALPACA_TRADING_URL": "https://api.alpaca.markets",
        ]))
        let live = try AlpacaConfig(keyID: "k", secretKey: "s", live: true)
        XCTAssertEqual(live.tradingURL, AlpacaConfig.liveTradingURL)
    }
}
