import Connectors
import Foundation
import FuzzReplyServer
import FuzzSupport
import Live
import TradingCore

/// Fuzzes Alpaca's REST replies end to end: the market-data client (stock bars with paging, latest
/// bars and quotes, news as posts) and the trading API as the live runner sees it (`AlpacaBroker`:
/// account, positions, orders, order by client id, submit, cancel). A loopback server answers with
/// the input (status, headers such as `Retry-After` and `x-ratelimit-*`, body), so the real decoding,
/// error-body parsing (`{"code", "message"}`) and mapping into domain values run; the first byte
/// picks the call. A reply from a broken or hostile server must become a thrown error, never a trap.
let server = ReplyServer()
let config: AlpacaConfig = {
    do {
        return try AlpacaConfig(keyID: "PKFUZZ", secretKey: "fuzz-secret", dataURL: server.baseURL, tradingURL: server.baseURL)
    } catch {
        fatalError("fuzz harness setup: \(error)")
    }
}()
let data = AlpacaMarketDataClient(config: config, timeout: 5, retry: .none, maxPages: 3)
let broker = AlpacaBroker(client: AlpacaTradingClient(config: config, timeout: 5, retry: .none))
let day = Date(timeIntervalSince1970: 1_704_067_200)
let calls: [@Sendable () async throws -> Void] = [
    { _ = try await data.bars(symbols: ["AAPL", "MSFT"], timeframe: .day, start: day) },
    { _ = try await data.latestBars(symbols: ["AAPL"]) },
    { _ = try await data.latestQuotes(symbols: ["AAPL"]) },
    { _ = try await data.newsPosts(symbols: ["AAPL"], maxArticles: 100) },
    { _ = try await broker.account() },
    { _ = try await broker.positions() },
    { _ = try await broker.openOrders() },
    { _ = try await broker.order(clientOrderID: "fuzz-1") },
    { _ = try await broker.submit(Order(clientOrderID: "fuzz-2", symbol: "AAPL", side: .buy, quantity: 1.5, kind: .limit, limitPrice: 185.5)) },
    { try await broker.cancel(orderID: "order-1") },
    { _ = try await broker.client.clock() },
    { _ = try await broker.client.calendar(start: "2024-01-01", end: "2024-01-31") },
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAlpacaREST(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let input = Fuzz.data(start, count)
    server.set(input: input.dropFirst())
    let call = calls[Int(input[input.startIndex]) % calls.count]
    _ = Fuzz.blocking { try await call() }
    return 0
}

@main enum FuzzAlpacaRESTMain { static func main() { Fuzz.runDriver() } }
