import Backtest
import Connectors
import Foundation
import Logging
import MarketData
import NIOConcurrencyHelpers
import Sentiment
import TradingCore
import Workflows

/// Flags the signal handlers and the dashboard set, read by the runner between steps.
public final class RunnerControl: Sendable {
    private let flags = NIOLockedValueBox((stop: false, kill: false, reason: ""))
    public init() {}
    public func requestStop(_ reason: String) { flags.withLockedValue { $0.stop = true; $0.reason = reason } }
    public func requestKill(_ reason: String) { flags.withLockedValue { $0.kill = true; $0.reason = reason } }
    public var stopRequested: Bool { flags.withLockedValue { $0.stop } }
    /// Returns the kill request once (then clears it).
    public func takeKill() -> String? {
        flags.withLockedValue { f in
            guard f.kill else { return nil }
            f.kill = false
            return f.reason
        }
    }
    public var reason: String { flags.withLockedValue { $0.reason } }
}

/// The live runner for `--paper`, `--live` and `--dry-run`: each cycle reads the venue's clock,
/// fetches bars (REST: the latest completed ones, backfilling any gap since the journal's last
/// bar) and posts, turns posts into per-bar sentiment with the same builder a backtest uses, books
/// fills, and runs the engine's cycle for each new completed bar in time order. `--once` runs one
/// cycle and exits (safe to repeat: bars already journaled are skipped); otherwise it polls until
/// SIGTERM/SIGINT, finishing the cycle in flight first.
public final class LiveRunner {
    public struct Options: Sendable {
        public var once: Bool
        public var pollSeconds: Double
        /// Bars of history fetched to warm the features up on a first start.
        public var warmupBars: Int
        public var usesSentiment: Bool
        public init(once: Bool, pollSeconds: Double = 60, warmupBars: Int = 300, usesSentiment: Bool = false) {
            self.once = once
            self.pollSeconds = pollSeconds
            self.warmupBars = warmupBars
            self.usesSentiment = usesSentiment
        }
    }

    public let engine: LiveEngine
    let options: Options
    let bars: any BarSource
    let posts: any PostSource
    let clock: any MarketClock
    let analyzer: any LocalSentimentAnalyzer
    /// A remote analyzer (Comprehend, SageMaker): kept texts are scored with it each cycle (cached).
    let remote: (any SentimentAnalyzer)?
    /// Alpaca's `trade_updates` stream (long-running mode): fills arrive as they happen; REST
    /// polling each cycle remains the fallback and the reconciliation after a reconnect.
    let tradeUpdates: AlpacaTradeUpdates?
    let inbox = NIOLockedValueBox([AlpacaTradeUpdates.Event]())
    /// Alpaca's market-data stream (intraday timeframes): a new minute bar wakes the loop at once,
    /// so a completed bar is decided on within seconds instead of at the next poll. The cycle still
    /// reads bars over REST — one source of truth, which is also the gap backfill.
    let barStream: AlpacaMarketStream?
    let wake = NIOLockedValueBox(false)
    public let control: RunnerControl
    public let status: RunnerStatus
    var logger: Logger
    let calendar = NYSECalendar()

    public init(engine: LiveEngine, options: Options, bars: any BarSource, posts: any PostSource, clock: any MarketClock,
                analyzer: any LocalSentimentAnalyzer = LexiconAnalyzer(), remote: (any SentimentAnalyzer)? = nil,
                tradeUpdates: AlpacaTradeUpdates? = nil, barStream: AlpacaMarketStream? = nil,
                control: RunnerControl = RunnerControl(),
                status: RunnerStatus = RunnerStatus(), logger: Logger = Logger(label: "sentrade.live")) {
        self.engine = engine
        self.options = options
        self.bars = bars
        self.posts = posts
        self.clock = clock
        self.analyzer = analyzer
        self.remote = remote
        self.tradeUpdates = tradeUpdates
        self.barStream = barStream
        self.control = control
        self.status = status
        self.logger = logger
    }

    /// Runs until done (`--once`) or stopped; returns the exit reason.
    public func run() async throws -> String {
        var listener: Task<Void, Never>?
        if let tradeUpdates, !options.once {
            let inbox = self.inbox, logger = self.logger
            listener = Task {
                do {
                    for try await event in tradeUpdates.events() { inbox.withLockedValue { $0.append(event) } }
                } catch {
                    logger.warning("trade_updates stream ended; fills come from REST polling", metadata: ["error": "\(error)"])
                }
            }
        }
        var barListener: Task<Void, Never>?
        if let barStream, !options.once {
            let wake = self.wake, logger = self.logger
            barListener = Task {
                do {
                    for try await event in barStream.events() {
                        if case .bar = event { wake.withLockedValue { $0 = true } }
                    }
                } catch {
                    logger.warning("bar stream ended; the runner polls every cycle", metadata: ["error": "\(error)"])
                }
            }
        }
        defer {
            listener?.cancel()
            barListener?.cancel()
        }
        repeat {
            let started = Date()
            do {
                let summary = try await cycle()
                status.update(cycle: summary, engine: engine, latency: Date().timeIntervalSince(started))
                // The dashboard's liveness signal: when the runner last completed a cycle, and how often it should.
                try engine.journal.setState("heartbeat", "\(Date().timeIntervalSince1970) \(options.pollSeconds)")
                EMF.emit(summary: summary, engine: engine, latencyMs: 1000 * Date().timeIntervalSince(started))
            } catch {
                status.recordError("\(error)")
                logger.error("cycle failed", metadata: ["error": "\(error)"])
                // A journal failure leaves memory ahead of the journal: stop, so a restart replays.
                if options.once || error is JournalError { throw error }
            }
            if options.once { return "once" }
            var waited = 0.0
            while waited < options.pollSeconds, !control.stopRequested,
                  !wake.withLockedValue({ w in defer { w = false }; return w }) {
                try await Task.sleep(nanoseconds: 100_000_000)
                waited += 0.1
                try await drainTradeUpdates()
                if let reason = control.takeKill() { try await engine.kill(reason: reason, time: Date()) }
                // Dashboard controls (pause / resume / kill) queued in the journal: within a second.
                if Int((waited * 10).rounded()) % 10 == 0 { try await engine.applyControls() }
            }
            // A kill requested together with a stop still runs before the runner exits.
            if let reason = control.takeKill() { try await engine.kill(reason: reason, time: Date()) }
        } while !control.stopRequested
        return control.reason.isEmpty ? "stopped" : control.reason
    }

    /// Books the fills the stream delivered. Duplicated and replayed events add nothing (the journal
    /// books by cumulative filled quantity); a reconnect triggers a REST sync for what was missed.
    public func drainTradeUpdates() async throws {
        let events = inbox.withLockedValue { e -> [AlpacaTradeUpdates.Event] in defer { e = [] }; return e }
        for event in events {
            switch event {
            case .update(let u):
                guard u.event == "fill" || u.event == "partial_fill" || BrokerOrder.finalStatuses.contains(u.order.status) else { continue }
                if try engine.book(AlpacaBroker.brokerOrder(u.order), source: "stream", executionID: u.executionID) {
                    status.recordStreamFill()
                }
            case .resumed:
                try await engine.syncOrders()
            case .listening:
                break
            }
        }
    }

    /// What one cycle did.
    public struct CycleSummary: Sendable {
        public var now: Date
        public var newBars = 0
        public var orders = 0
        public var rejections = 0
        public var fills = 0
    }

    public func cycle() async throws -> CycleSummary {
        let (now, isOpen) = try await clock.now()
        var summary = CycleSummary(now: now)
        let config = engine.config
        let symbols = config.symbols
        let barSeconds = config.timeframe.seconds ?? 86_400
        // Enough calendar time to cover `warmupBars` sessions (weekends, holidays, overnight).
        let span = barSeconds >= 86_400 ? Double(options.warmupBars) * 86_400 * 1.6 + 10 * 86_400
            : Double(options.warmupBars) * barSeconds * 4 + 4 * 86_400
        let known = symbols.compactMap { engine.latestBarTime($0) }
        let start = known.count == symbols.count ? (known.min() ?? now).addingTimeInterval(-max(barSeconds, 86_400) * 5)
            : now.addingTimeInterval(-span)
        let fetched = try await bars.bars(symbols: symbols, timeframe: config.timeframe, start: start, end: now)
        let postList = options.usesSentiment ? try await posts.posts(symbols: symbols, start: start, end: now) : []
        var due: [Date: [(String, Bar, SentimentFeatures)]] = [:]
        var latestCompleted: [String: Date] = [:]
        for symbol in symbols {
            let completed = (fetched[symbol] ?? []).sorted { $0.time < $1.time }
                .filter { calendar.decisionTime(forBarAt: $0.time, timeframe: config.timeframe) <= now }
            guard let last = completed.last else { continue }
            latestCompleted[symbol] = last.time
            var sentiment = [SentimentFeatures](repeating: .none, count: completed.count)
            if options.usesSentiment {
                let mine = postList.filter { $0.symbols.contains(symbol) }
                let series = BarSeries(symbol: symbol, timeframe: config.timeframe, bars: completed)
                var builder = SentimentFeatureBuilder(analyzer: analyzer)
                if let remote {
                    builder = SentimentFeatureBuilder(analyzer: try await RemoteAnalyzers.prescore(builder.keptTexts(posts: mine, bars: series), with: remote))
                }
                sentiment = try builder.build(posts: mine, bars: series).perBar
            }
            if engine.latestBarTime(symbol) == nil {
                let warm = Array(zip(completed, sentiment).dropLast())
                try engine.warm(symbol: symbol, bars: warm.map { ($0.0, $0.1) })
                logger.info("warmed up", metadata: ["symbol": "\(symbol)", "bars": "\(warm.count)"])
            }
            let latest = engine.latestBarTime(symbol) ?? .distantPast
            for (bar, s) in zip(completed, sentiment) where bar.time > latest { due[bar.time, default: []].append((symbol, bar, s)) }
        }
        summary.fills = try await engine.syncOrders(latestBars: latestCompleted).0
        if engine.killFileTripped, engine.risk.state != .halted {
            try await engine.kill(reason: "kill file \(config.killFile ?? "")", time: now)
        }
        if let reason = control.takeKill() { try await engine.kill(reason: reason, time: now) }
        try await engine.applyControls(time: now)
        // The price band compares each decision with the market's latest trade; without one it is not applied.
        var lastTrade: [String: Double] = [:]
        if engine.config.limits.priceBand != nil, !due.isEmpty {
            do { lastTrade = try await bars.latestPrices(symbols: symbols) } catch {
                logger.warning("no latest prices: the price band is not applied this cycle", metadata: ["error": "\(error)"])
            }
        }
        let market = MarketState(now: now, isOpen: isOpen, lastTrade: lastTrade)
        for time in due.keys.sorted() {
            for (symbol, bar, s) in due[time] ?? [] {
                let outcome = try await engine.process(symbol: symbol, bar: bar, sentiment: s, market: market)
                summary.newBars += 1
                if outcome.order != nil { summary.orders += 1 }
                if outcome.rejection != nil { summary.rejections += 1 }
            }
            try engine.endOfBar(time: time)
        }
        return summary
    }
}
