import Backtest
import Foundation
import Logging
import Strategy
import TradingCore

/// The trading engine's live half: one bar's cycle — fills booked, bar in, decision, risk check,
/// intent journaled, order sent, acknowledgement journaled — and the start-up recovery that
/// replays the journal and reconciles it with the broker. `live --sim`, `--paper`, `--live`,
/// `--dry-run` and `--once` all run this class; only the broker and the bar source differ.
///
/// Used from one task at a time (the runner's loop); nothing here is shared across threads.
public final class LiveEngine {
    public let config: SessionConfig
    public let journal: Journal
    public let broker: (any Broker)?
    public let run: Int64
    public private(set) var engines: [String: SymbolEngine]
    public private(set) var risk: RiskManager
    public var logger: Logger
    let crash: CrashPoints
    let calendar = NYSECalendar()
    /// Symbols with an order whose state is unknown (no new order for them until it is resolved).
    private var blocked: [String: String] = [:]
    /// Who paused the engine (nil: not paused). See `pause(by:)`.
    public internal(set) var paused: String?

    /// - Parameter broker: nil in dry-run mode (orders are journaled, never sent).
    public init(config: SessionConfig, journal: Journal, broker: (any Broker)?, run: Int64,
                policy: (String) throws -> any Policy, logger: Logger = Logger(label: "sentrade.live"),
                crash: CrashPoints = CrashPoints()) throws {
        self.config = config
        self.journal = journal
        self.broker = broker
        self.run = run
        self.logger = logger
        self.crash = crash
        risk = RiskManager(limits: config.limits)
        var engines: [String: SymbolEngine] = [:]
        for symbol in config.symbols {
            engines[symbol] = SymbolEngine(symbol: symbol, policy: try policy(symbol), cash: config.cashPerSymbol,
                                           costs: config.execution.costs, rules: config.execution.rules, fill: config.execution.fill)
        }
        self.engines = engines
    }

    // MARK: recovery

    /// Rebuilds every symbol's state by replaying the journal through the same engine calls, then
    /// resolves unfinished orders with the broker and compares positions. Broker state wins; every
    /// difference is journaled, logged and returned, and an unexplained position moves the risk
    /// state to REDUCING or HALTED (never silently "flat").
    public func recover() async throws -> RecoveryReport {
        var report = RecoveryReport()
        try restorePause()
        if let saved = try journal.state("risk_state"), let state = RiskState(rawValue: saved), state != .active {
            risk.escalate(to: state, reason: (try journal.state("risk_reason")) ?? "restored from the journal")
        }
        for symbol in config.symbols {
            guard var engine = engines[symbol] else { continue }
            let bars = try journal.bars(symbol: symbol)
            let decisions = Dictionary(try journal.decisions(symbol: symbol).map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
            var fills = try journal.fills(symbol: symbol)[...]
            for bar in bars {
                while let f = fills.first, f.appliedSeq <= bar.seq { engine.apply(f.fill); fills.removeFirst(); report.replayedFills += 1 }
                if bar.warmup {
                    let hash = engine.warm(bar.bar, sentiment: bar.sentiment)
                    try check(hash == bar.featureHash, "\(symbol) bar \(bar.seq): feature row hash \(hash) ≠ journaled \(bar.featureHash)")
                } else {
                    let d = engine.onBar(bar.bar, sentiment: bar.sentiment)
                    try check(d.featureHash == bar.featureHash, "\(symbol) bar \(bar.seq): feature row hash \(d.featureHash) ≠ journaled \(bar.featureHash)")
                    let replayed = JournalDecision.encode(d.decision)
                    try check(decisions[bar.seq]?.decision == replayed,
                              "\(symbol) bar \(bar.seq): the policy now decides \(replayed), the journal says \(decisions[bar.seq]?.decision ?? "nothing")")
                }
                report.replayedBars += 1
            }
            for f in fills { engine.apply(f.fill); report.replayedFills += 1 }
            engines[symbol] = engine
        }
        if let memory = try journal.state("risk_memory"), let data = memory.data(using: .utf8) {
            risk.restore(try JSONDecoder().decode(RiskManager.Memory.self, from: data))
        }
        // Intents that never reached the broker are resolved by the first cycle, which knows the
        // market's latest completed bar (an intent for an older bar is never sent late).
        let (imported, _) = try await syncOrders()
        report.importedFills = imported
        report.differences = try await reconcilePositions()
        return report
    }

    private func check(_ ok: Bool, _ message: @autoclosure () -> String) throws {
        guard ok else { throw JournalError("\(journal.path): replay diverged: \(message()) (the strategy's code or configuration changed?)") }
    }

    /// Resolves every order the journal has not seen finish: looks it up by client id, books any
    /// new fill, and (on start-up) sends intents that never reached the broker. Returns (fills
    /// booked, orders resent).
    @discardableResult
    /// - Parameter latestBars: the market's latest completed bar per symbol. When given, an intent
    ///   (or an unknown order) the broker does not have is sent if it belongs to that bar, and
    ///   dropped (journaled) if it belongs to an earlier one.
    public func syncOrders(latestBars: [String: Date]? = nil) async throws -> (Int, Int) {
        guard let broker else { return (0, 0) }
        var imported = 0, resent = 0
        for order in try journal.orders(states: [.intent, .unknown, .sent]) {
            guard engines[order.symbol] != nil else { continue }
            let found: BrokerOrder?
            do { found = try await broker.order(clientOrderID: order.clientOrderID) } catch {
                logger.warning("order lookup failed", metadata: ["client_order_id": "\(order.clientOrderID)", "error": "\(error)"])
                continue  // still unknown: the symbol stays blocked
            }
            if let found {
                if try book(found, source: latestBars == nil ? "poll" : "reconcile") { imported += 1 }
            } else if order.state == .sent {
                try journal.markOrder(order.clientOrderID, state: .rejected, reason: "the broker no longer knows this order")
                try event("reconcile", order.symbol, "order \(order.clientOrderID) was acknowledged but the broker has no record of it")
            } else if let latestBars, let latest = latestBars[order.symbol] {
                if order.decisionTime == latest, risk.state != .halted, !killFileTripped {
                    try await send(order.order, symbol: order.symbol)
                    resent += 1
                } else {
                    try journal.markOrder(order.clientOrderID, state: .rejected,
                                          reason: "never reached the broker and its bar is no longer the latest; not sent late")
                    try event("reconcile", order.symbol, "stale order \(order.clientOrderID) dropped (its bar is no longer the latest)")
                }
            }
        }
        blocked = [:]
        for order in try journal.orders(states: [.intent, .unknown, .sent]) { blocked[order.symbol] = order.clientOrderID }
        return (imported, resent)
    }

    /// Books a broker report on one order; returns true when it added a fill.
    @discardableResult
    public func book(_ order: BrokerOrder, source: String, executionID: String? = nil) throws -> Bool {
        guard var engine = engines[order.symbol] else { return false }
        let report = BrokerReport(clientOrderID: order.clientOrderID, brokerOrderID: order.id, status: order.status,
                                  filledQuantity: order.filledQuantity, filledAveragePrice: order.filledAveragePrice,
                                  commission: order.commission, slippageCost: order.slippageCost, executionID: executionID,
                                  time: order.updatedAt ?? Date(), source: source)
        let fill = try journal.applyBrokerReport(report, appliedSeq: engine.nextSeq, run: run)
        if order.isFinal, blocked[order.symbol] == order.clientOrderID { blocked[order.symbol] = nil }
        guard let fill else { return false }
        crash.reach("after-fill")
        engine.apply(fill.fill)
        engines[order.symbol] = engine
        return true
    }

    /// Broker positions against the sleeves; differences are journaled and escalate the risk state.
    func reconcilePositions() async throws -> [String] {
        guard let broker else { return [] }
        let positions = try await broker.positions()
        var differences: [String] = []
        try journal.recordPositions(positions.map { ($0.symbol, $0.quantity) }, source: "broker", run: run)
        for symbol in config.symbols {
            let held = positions.first { $0.symbol == symbol }?.quantity ?? 0
            let booked = engines[symbol]?.sleeve.account.shares ?? 0
            if abs(held - booked) > 1e-6 * max(abs(held), 1) {
                differences.append("\(symbol): broker holds \(held) shares, the journal \(booked); the broker's count is used")
                engines[symbol]?.overrideShares(held)
            }
        }
        let unexplained = positions.filter { !config.symbols.contains($0.symbol) && $0.quantity != 0 }
        // Positions in symbols this strategy does not trade are someone else's: noted, not touched.
        for p in unexplained { try event("reconcile", p.symbol, "position of \(p.quantity) in a symbol this strategy does not trade (left alone)") }
        if !differences.isEmpty {
            let state: RiskState = config.limits.onUnexplainedPosition == "halt" ? .halted : .reducing
            for d in differences { try event("reconcile", nil, d) }
            try escalate(state, "unexplained position at start-up: \(differences.joined(separator: "; "))")
        }
        return differences
    }

    // MARK: the cycle

    /// Warm-up bars: features only, journaled so a restart replays the same history.
    public func warm(symbol: String, bars: [(Bar, SentimentFeatures)]) throws {
        guard var engine = engines[symbol] else { return }
        let last = try journal.bars(symbol: symbol).last?.bar.time
        var records: [JournalBar] = []
        for (bar, sentiment) in bars where last.map({ bar.time > $0 }) ?? true {
            let seq = engine.nextSeq
            let hash = engine.warm(bar, sentiment: sentiment)
            records.append(JournalBar(symbol: symbol, seq: seq, bar: bar, sentiment: sentiment, featureHash: hash, warmup: true))
        }
        try journal.recordWarmup(records, run: run)
        engines[symbol] = engine
    }

    /// Time of the latest bar the engine has for `symbol`.
    public func latestBarTime(_ symbol: String) -> Date? { engines[symbol]?.history.latestTime }

    /// What one bar's cycle did.
    public struct CycleOutcome: Sendable {
        public var decision: SymbolEngine.BarDecision?
        public var order: Order?
        public var sent: BrokerOrder?
        public var rejection: String?
    }

    /// One bar's cycle for one symbol. A bar already processed (restart, `--once` run twice) is
    /// skipped; a symbol with an order in an unknown state still records the bar (features must not
    /// have gaps) but sends nothing.
    @discardableResult
    public func process(symbol: String, bar: Bar, sentiment: SentimentFeatures, market: MarketState) async throws -> CycleOutcome {
        guard var engine = engines[symbol] else { return CycleOutcome() }
        if let latest = engine.history.latestTime, bar.time <= latest { return CycleOutcome() }
        crash.reach("before-journal")
        let d = engine.onBar(bar, sentiment: sentiment, explain: true)
        engines[symbol] = engine
        var outcome = CycleOutcome(decision: d)
        var intent: JournalOrder?
        if let request = d.request {
            if let by = paused {
                outcome.rejection = "paused by \(by): no new orders until resumed"
            } else if let unresolved = blocked[symbol] {
                outcome.rejection = "order \(unresolved) is unresolved or still working; no new order for \(symbol) until it is done"
            } else {
                switch risk.check(request, riskContext(symbol, d, market)) {
                case .rejected(let why):
                    outcome.rejection = why
                case .approved(let approved, let notes):
                    let id = Order.clientOrderID(strategy: config.strategy, symbol: symbol, decisionTime: bar.time)
                    intent = JournalOrder(clientOrderID: id, symbol: symbol, seq: d.seq, side: approved.side, quantity: approved.quantity,
                                          decisionTime: bar.time, decisionPrice: approved.decisionPrice,
                                          closesPosition: approved.closesPosition, reason: notes.isEmpty ? nil : notes.joined(separator: "; "))
                }
            }
        }
        let detail = d.explanation.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        let record = JournalDecision(symbol: symbol, seq: d.seq, time: bar.time, decision: JournalDecision.encode(d.decision),
                                     exposure: d.exposure, equity: d.equity, detail: detail)
        let journalBar = JournalBar(symbol: symbol, seq: d.seq, bar: bar, sentiment: sentiment, featureHash: d.featureHash, warmup: false)
        let equityPoint = JournalEquity(time: bar.time, symbol: symbol, equity: d.equity, cash: engine.sleeve.account.cash,
                                        shares: engine.sleeve.account.shares, price: bar.close)
        try journal.recordCycle(bar: journalBar, decision: record, intent: intent, equity: equityPoint, run: run)
        if let why = outcome.rejection { try event("risk-reject", symbol, why) }
        if let notes = intent?.reason { try event("risk-reduce", symbol, notes) }
        crash.reach("after-journal")
        if let intent {
            outcome.order = intent.order
            outcome.sent = try await send(intent.order, symbol: symbol)
        }
        crash.reach("after-cycle")
        return outcome
    }

    /// Sends a journaled order and journals the outcome: `sent` (with the broker's id), `rejected`
    /// (a definite refusal), or `unknown` (anything ambiguous: the next sync looks it up).
    @discardableResult
    func send(_ order: Order, symbol: String) async throws -> BrokerOrder? {
        guard let broker else {
            try journal.markOrder(order.clientOrderID, state: .done, brokerStatus: "dry-run", reason: "dry run: not sent")
            return nil
        }
        do {
            let placed = try await broker.submit(order)
            crash.reach("after-submit")
            try journal.markOrder(order.clientOrderID, state: .sent, brokerOrderID: placed.id, brokerStatus: placed.status)
            crash.reach("after-ack")
            if placed.filledQuantity > 0 { try book(placed, source: "ack") }
            if !placed.isFinal { blocked[symbol] = order.clientOrderID }
            return placed
        } catch BrokerError.rejected(_, let reason) {
            try journal.markOrder(order.clientOrderID, state: .rejected, reason: reason)
            try event("broker-reject", symbol, "\(order.clientOrderID): \(reason)")
        } catch {
            try journal.markOrder(order.clientOrderID, state: .unknown, reason: "\(error)")
            blocked[symbol] = order.clientOrderID
            try event("order-unknown", symbol, "\(order.clientOrderID): \(error)")
        }
        return nil
    }

    private func riskContext(_ symbol: String, _ d: SymbolEngine.BarDecision, _ market: MarketState) -> RiskContext {
        var equity = 0.0, gross = 0.0
        for engine in engines.values {
            let price = engine.history.close(ago: 0) ?? 0
            equity += engine.sleeve.account.equity(at: price)
            gross += abs(engine.sleeve.account.shares * price)
        }
        let decisionTime = calendar.decisionTime(forBarAt: d.time, timeframe: config.timeframe)
        return RiskContext(symbol: symbol, now: market.now, decisionTime: decisionTime, position: engines[symbol]?.sleeve.account.shares ?? 0,
                           price: d.close, accountEquity: equity, grossExposureValue: gross,
                           lastTradePrice: market.lastTrade[symbol], marketOpen: market.isOpen,
                           intraday: config.timeframe.seconds.map { $0 < 86_400 } ?? false,
                           wholeShares: !config.execution.rules.fractionalShares)
    }

    /// The strategy's equity over all sleeves at their latest closes.
    public var equity: Double {
        engines.values.reduce(0) { $0 + $1.sleeve.account.equity(at: $1.history.close(ago: 0) ?? 0) }
    }

    /// After all symbols of one bar time: the account snapshot and the halts that depend on it.
    public func endOfBar(time: Date) throws {
        let cash = engines.values.reduce(0) { $0 + $1.sleeve.account.cash }
        try journal.recordEquity([JournalEquity(time: time, symbol: "*", equity: equity, cash: cash, shares: 0, price: 0)], run: run)
        if let why = risk.observe(equity: equity, at: time) { try persistRisk(why) }
        if let memory = try? JSONEncoder().encode(risk.memory) { try journal.setState("risk_memory", String(decoding: memory, as: UTF8.self)) }
        barTimes += 1
        if barTimes % 64 == 0 { try journal.checkpoint() }
    }
    private var barTimes = 0

    // MARK: risk state and kill switch

    func escalate(_ state: RiskState, _ why: String) throws {
        if risk.escalate(to: state, reason: why) { try persistRisk(why) }
    }

    private func persistRisk(_ why: String) throws {
        try journal.setState("risk_state", risk.state.rawValue)
        try journal.setState("risk_reason", why)
        try event("risk-state", nil, "\(risk.state.rawValue): \(why)")
        logger.warning("risk state changed", metadata: ["state": "\(risk.state.rawValue)", "reason": "\(why)"])
    }

    /// An operator's resume (after a halt was understood): back to ACTIVE, journaled with who.
    public func resume(by who: String) throws {
        risk.resume(reason: "resumed by \(who)")
        try journal.setState("risk_state", RiskState.active.rawValue)
        try journal.setState("risk_reason", "resumed by \(who)")
        try event("control", nil, "resume by \(who)")
    }

    /// The kill switch: HALTED, every open order canceled, and (if configured) every position
    /// closed with a journaled order. Runs within the cycle that noticed it.
    public func kill(reason: String, time: Date) async throws {
        try escalate(.halted, "kill switch: \(reason)")
        try event("control", nil, "kill switch: \(reason)")
        guard let broker else { return }
        let ours = Set(try journal.orders().map(\.clientOrderID))
        for order in try await broker.openOrders() where config.symbols.contains(order.symbol) && ours.contains(order.clientOrderID) {
            do {
                try await broker.cancel(orderID: order.id)
                try event("kill", order.symbol, "canceled open order \(order.clientOrderID)")
            } catch {
                // It may have filled meanwhile: carry on, the flattening below uses the broker's positions.
                try event("kill", order.symbol, "could not cancel \(order.clientOrderID): \(error)")
            }
        }
        guard config.limits.flattenOnKill else { return }
        for position in try await broker.positions() where config.symbols.contains(position.symbol) && position.quantity != 0 {
            let symbol = position.symbol
            let seq = engines[symbol]?.nextSeq ?? 0
            let id = Order.clientOrderID(strategy: config.strategy + "-kill", symbol: symbol, decisionTime: time)
            guard try journal.order(clientOrderID: id) == nil else { continue }
            let o = JournalOrder(clientOrderID: id, symbol: symbol, seq: seq - 1, side: position.quantity > 0 ? .sell : .buy,
                                 quantity: abs(position.quantity), decisionTime: time,
                                 decisionPrice: engines[symbol]?.history.close(ago: 0) ?? 0, closesPosition: true, reason: "kill switch")
            try journal.recordIntent(o, run: run)
            try await send(o.order, symbol: symbol)
        }
    }

    /// True when the kill file exists.
    public var killFileTripped: Bool { config.killFile.map { FileManager.default.fileExists(atPath: $0) } ?? false }

    func event(_ kind: String, _ symbol: String?, _ message: String) throws {
        try journal.recordEvent(kind: kind, symbol: symbol, message: message, riskState: risk.state.rawValue, run: run)
        logger.info("\(kind): \(message)", metadata: symbol.map { ["symbol": "\($0)"] } ?? [:])
    }
}
