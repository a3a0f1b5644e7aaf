import Backtest
import Connectors
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import TradingCore

/// A simulated Alpaca on loopback: the trading REST the runner uses (account, clock, positions,
/// orders, order by client id, cancel) and the market-data bars endpoint, over a
/// `SimulatedExchange`, with seeded fault injection — 5xx, 429 + Retry-After, replies lost after
/// the order was accepted (dropped connection or 503), and the 422 Alpaca gives a reused client
/// order id. The market moves only when the owner calls `advance()`: the next bar opens (pending
/// orders fill at the open), closes, and becomes visible; the clock is then just after its close.
///
/// The live-runner tests and the crash-safety test run the real `sentrade live --paper` against it.
public final class SimulatedAlpaca: Sendable {
    public struct Faults: Sendable {
        /// Share of order submissions that meet a fault.
        public var orderFaultRate: Double
        /// Share of GET requests answered 500 (the client retries them).
        public var readFaultRate: Double
        public var seed: UInt64
        /// `trade_updates`: send every event twice, re-send an earlier event after each new one,
        /// and drop every connection after this many events (nil: never).
        public var duplicateEvents: Bool
        public var replayEvents: Bool
        public var dropStreamEvery: Int?
        public init(orderFaultRate: Double = 0, readFaultRate: Double = 0, seed: UInt64 = 1,
                    duplicateEvents: Bool = false, replayEvents: Bool = false, dropStreamEvery: Int? = nil) {
            self.orderFaultRate = orderFaultRate
            self.readFaultRate = readFaultRate
            self.seed = seed
            self.duplicateEvents = duplicateEvents
            self.replayEvents = replayEvents
            self.dropStreamEvery = dropStreamEvery
        }
    }

    struct State {
        var exchange: SimulatedExchange
        var history: [String: [Bar]]
        var published: Int
        var clock: Date
        var rng: SeededGenerator
        var faults: [String: Int] = [:]
    }

    let state: NIOLockedValueBox<State>
    let listeners: NIOLockedValueBox<(channels: [Channel], sent: [String], count: Int)>
    let server: LoopbackHTTPServer
    public let faults: Faults
    public var baseURL: String { server.baseURL }

    /// - Parameters:
    ///   - history: every symbol's bars, all with the same times.
    ///   - published: bars visible (and traded) at start.
    public init(history: [String: [Bar]], config: BacktestConfig, cashPerSymbol: Double, published: Int,
                faults: Faults = Faults()) async throws {
        let exchange = SimulatedExchange(config: config, symbols: history.keys.sorted(), cashPerSymbol: cashPerSymbol)
        var initial = State(exchange: exchange, history: history, published: 0, clock: Date(timeIntervalSince1970: 0),
                            rng: SeededGenerator(seed: faults.seed))
        for _ in 0..<published { _ = Self.step(&initial) }
        let box = NIOLockedValueBox(initial)
        state = box
        self.faults = faults
        let listeners = NIOLockedValueBox((channels: [Channel](), sent: [String](), count: 0))
        self.listeners = listeners
        server = try await LoopbackHTTPServer(webSocketPath: "/stream", webSocket: { channel, message in
            guard let message, let object = try? JSONSerialization.jsonObject(with: Data(message.utf8)) as? [String: Any] else { return }
            switch object["action"] as? String {
            case "authenticate", "auth":
                LoopbackHTTPServer.sendText(#"{"stream":"authorization","data":{"status":"authorized","action":"authenticate"}}"#, on: channel)
            case "listen":
                listeners.withLockedValue { $0.channels.append(channel) }
                LoopbackHTTPServer.sendText(#"{"stream":"listening","data":{"streams":["trade_updates"]}}"#, on: channel)
            default:
                break
            }
        }) { request in
            box.withLockedValue { SimulatedAlpaca.handle(request, &$0, faults) }
        }
    }

    /// Clients listening on `trade_updates` now.
    public var streamListeners: Int { listeners.withLockedValue { $0.channels.filter(\.isActive).count } }

    /// Pushes `trade_updates` fill events, with the configured duplicates, replays and drops.
    private func publish(_ executions: [SimulatedExchange.Execution]) {
        var rng = SeededGenerator(seed: faults.seed &+ 77)
        listeners.withLockedValue { l in
            for x in executions {
                let qty = Order.decimalText(x.quantity, decimals: 12)
                let event = #"{"stream":"trade_updates","data":{"event":"\#(x.order.status == "filled" ? "fill" : "partial_fill")","execution_id":"\#(x.executionID)","timestamp":"\#(RFC3339.format(x.time))","price":"\#(x.price)","qty":"\#(qty)","order":\#(Self.json(x.order))}}"#
                var frames = [event]
                if faults.duplicateEvents { frames.append(event) }
                if faults.replayEvents, !l.sent.isEmpty { frames.append(l.sent[rng.nextInt(below: l.sent.count)]) }
                l.sent.append(event)
                l.channels.removeAll { !$0.isActive }
                for frame in frames { for c in l.channels { LoopbackHTTPServer.sendText(frame, on: c) } }
                l.count += 1
                if let every = faults.dropStreamEvery, l.count % every == 0 {
                    for c in l.channels { c.close(promise: nil) }
                    l.channels = []
                }
            }
        }
    }

    public func stop() async { await server.stop() }

    /// Publishes the next bar of every symbol (orders pending fill at its open; `trade_updates`
    /// listeners hear the fills); false when history is exhausted.
    @discardableResult
    public func advance() -> Bool {
        guard let executions = state.withLockedValue({ Self.step(&$0) }) else { return false }
        publish(executions)
        return true
    }

    private static func step(_ s: inout State) -> [SimulatedExchange.Execution]? {
        let symbols = s.history.keys.sorted()
        guard let first = symbols.first, let bars = s.history[first], s.published < bars.count else { return nil }
        let calendar = NYSECalendar()
        var executions: [SimulatedExchange.Execution] = []
        for symbol in symbols {
            guard let bar = s.history[symbol]?[s.published] else { continue }
            executions += s.exchange.open(bar, symbol: symbol)
            s.exchange.close(bar, symbol: symbol)
            s.clock = calendar.decisionTime(forBarAt: bar.time, timeframe: .day).addingTimeInterval(60)
        }
        s.published += 1
        return executions
    }

    public var orders: [BrokerOrder] { state.withLockedValue { $0.exchange.orders } }
    public var positions: [BrokerPosition] { state.withLockedValue { $0.exchange.positions } }
    public var account: BrokerAccount { state.withLockedValue { $0.exchange.account } }
    public var clock: Date { state.withLockedValue { $0.clock } }
    /// Faults injected so far, by kind.
    public var injected: [String: Int] { state.withLockedValue { $0.faults } }

    // MARK: routes

    static func handle(_ r: HTTPServerRequest, _ s: inout State, _ faults: Faults) -> HTTPServerAction {
        if r.method == "GET", faults.readFaultRate > 0, s.rng.nextUnit() < faults.readFaultRate {
            s.faults["read-500", default: 0] += 1
            return .json(500, #"{"code":50010000,"message":"internal server error (injected)"}"#)
        }
        switch (r.method, r.path) {
        case ("GET", "/v2/account"):
            let a = s.exchange.account
            return .json(200, #"{"id":"sim-account","account_number":"PASIM","status":"ACTIVE","currency":"USD","cash":"\#(a.cash)","equity":"\#(a.equity)","buying_power":"\#(a.cash)","portfolio_value":"\#(a.equity)","trading_blocked":false}"#)
        case ("GET", "/v2/clock"):
            return .json(200, #"{"timestamp":"\#(RFC3339.format(s.clock))","is_open":false,"next_open":"\#(RFC3339.format(s.clock.addingTimeInterval(86_400)))","next_close":"\#(RFC3339.format(s.clock.addingTimeInterval(90_000)))"}"#)
        case ("GET", "/v2/positions"):
            let items = s.exchange.positions.map { p in
                #"{"symbol":"\#(p.symbol)","qty":"\#(Order.decimalText(p.quantity, decimals: 9))","side":"\#(p.quantity < 0 ? "short" : "long")","asset_class":"us_equity"}"#
            }
            return .json(200, "[" + items.joined(separator: ",") + "]")
        case ("GET", "/v2/orders"):
            let open = r.query["status"] == "open"
            let limit = Int(r.query["limit"] ?? "") ?? 50
            let list = s.exchange.orders.reversed().filter { !open || !$0.isFinal }.prefix(limit)
            return .json(200, "[" + list.map(json).joined(separator: ",") + "]")
        case ("GET", "/v2/orders:by_client_order_id"):
            guard let o = s.exchange.order(clientOrderID: r.query["client_order_id"] ?? "") else {
                return .json(404, #"{"code":40410000,"message":"order not found"}"#)
            }
            return .json(200, json(o))
        case ("POST", "/v2/orders"):
            return submit(r, &s, faults)
        case ("DELETE", _) where r.path.hasPrefix("/v2/orders/"):
            let id = String(r.path.dropFirst("/v2/orders/".count))
            return s.exchange.cancel(orderID: id) ? .reply(status: 204, headers: [], body: Data())
                : .json(422, #"{"code":42210000,"message":"order is not cancelable"}"#)
        case ("GET", "/v2/stocks/bars"):
            return bars(r, s)
        case ("GET", "/v2/stocks/bars/latest"):
            let symbols = (r.query["symbols"] ?? "").split(separator: ",").map(String.init)
            let parts = symbols.compactMap { symbol -> String? in
                guard s.published > 0, let b = s.history[symbol]?[s.published - 1] else { return nil }
                return #""\#(symbol)":{"t":"\#(RFC3339.format(b.time))","o":\#(b.open),"h":\#(b.high),"l":\#(b.low),"c":\#(b.close),"v":\#(b.volume)}"#
            }
            return .json(200, #"{"bars":{\#(parts.joined(separator: ","))}}"#)
        case ("GET", "/v1beta1/news"):
            return .json(200, #"{"news":[],"next_page_token":null}"#)
        default:
            return .json(404, #"{"code":40410000,"message":"endpoint not found"}"#)
        }
    }

    static func submit(_ r: HTTPServerRequest, _ s: inout State, _ faults: Faults) -> HTTPServerAction {
        guard let body = try? JSONSerialization.jsonObject(with: r.body) as? [String: Any],
              let symbol = body["symbol"] as? String, let clientID = body["client_order_id"] as? String,
              let qtyText = body["qty"] as? String, let qty = Double(qtyText),
              let side = (body["side"] as? String).flatMap(Side.init(rawValue:)) else {
            return .json(422, #"{"code":42210000,"message":"invalid order body"}"#)
        }
        var fault: String?
        if faults.orderFaultRate > 0, s.rng.nextUnit() < faults.orderFaultRate {
            fault = ["500", "429", "lost-drop", "lost-503"][s.rng.nextInt(below: 4)]
            s.faults[fault ?? "", default: 0] += 1
        }
        switch fault {
        case "500": return .json(500, #"{"code":50010000,"message":"internal server error (injected)"}"#)
        case "429": return .json(429, #"{"code":42910000,"message":"rate limit exceeded (injected)"}"#, headers: [("Retry-After", "0")])
        default: break
        }
        let order = Order(clientOrderID: clientID, symbol: symbol, side: side, quantity: qty)
        let placed: BrokerOrder
        do {
            placed = try s.exchange.submit(order, at: s.clock)
        } catch .duplicateClientOrderID {
            return .json(422, #"{"code":40010001,"message":"client_order_id must be unique"}"#)
        } catch {
            return .json(422, #"{"code":42210000,"message":"\#(error)"}"#)
        }
        switch fault {
        case "lost-drop": return .drop
        case "lost-503": return .json(503, #"{"code":50310000,"message":"service unavailable (injected after accepting)"}"#)
        default: return .json(200, json(placed))
        }
    }

    static func bars(_ r: HTTPServerRequest, _ s: State) -> HTTPServerAction {
        let symbols = (r.query["symbols"] ?? "").split(separator: ",").map(String.init)
        let start = r.query["start"].flatMap(RFC3339.parse) ?? .distantPast
        let end = r.query["end"].flatMap(RFC3339.parse) ?? .distantFuture
        var parts: [String] = []
        for symbol in symbols {
            guard let all = s.history[symbol] else { continue }
            let visible = all.prefix(s.published).filter { $0.time >= start && $0.time <= end }
            let items = visible.map { b in
                #"{"t":"\#(RFC3339.format(b.time))","o":\#(b.open),"h":\#(b.high),"l":\#(b.low),"c":\#(b.close),"v":\#(b.volume)}"#
            }
            parts.append(#""\#(symbol)":[\#(items.joined(separator: ","))]"#)
        }
        return .json(200, #"{"bars":{\#(parts.joined(separator: ","))},"next_page_token":null}"#)
    }

    static func json(_ o: BrokerOrder) -> String {
        let avg = o.filledAveragePrice.map { #""\#($0)""# } ?? "null"
        let time = RFC3339.format(o.updatedAt ?? Date(timeIntervalSince1970: 0))
        return #"{"id":"\#(o.id)","client_order_id":"\#(o.clientOrderID)","symbol":"\#(o.symbol)","side":"\#(o.side.rawValue)","type":"market","time_in_force":"day","status":"\#(o.status)","qty":"\#(Order.decimalText(o.quantity, decimals: 9))","filled_qty":"\#(Order.decimalText(o.filledQuantity, decimals: 12))","filled_avg_price":\#(avg),"created_at":"\#(RFC3339.format(o.submittedAt ?? Date(timeIntervalSince1970: 0)))","updated_at":"\#(time)"}"#
    }
}
