import Backtest
import Connectors
import Features
import Foundation
import Learning
import Logging
import MarketData
import Sentiment
import Strategy
import TradingCore
import Workflows

/// Turns a resolved `LiveRunConfig` into a running strategy: checks the set-up (mode, keys, the
/// real-money double opt-in, the policy and its data needs, the journal's identity), builds the
/// broker, sources and engine, and runs — the simulator for `sim`, the `LiveRunner` otherwise.
/// The CLI only parses flags into the config and calls `run`.
public enum LiveLauncher {
    public struct Request: Sendable {
        public var config: LiveRunConfig
        public var confirmLive: Bool
        public var once: Bool
        /// Multiplies every HTTP retry delay (tests shrink them).
        public var retryTimeScale: Double
        public var environment: [String: String]
        public init(config: LiveRunConfig, confirmLive: Bool = false, once: Bool = false, retryTimeScale: Double = 1,
                    environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.config = config
            self.confirmLive = confirmLive
            self.once = once
            self.retryTimeScale = retryTimeScale
            self.environment = environment
        }
    }

    /// Runs; returns the lines to print.
    public static func run(_ request: Request, logger: Logger) async throws -> [String] {
        let c = request.config
        let mode = try RunMode(rawValue: c.mode ?? "paper").orThrow("mode '\(c.mode ?? "")' must be paper, live, dry-run or sim")
        let timeframe = try Timeframe(c.timeframe ?? "1Day").orThrow("timeframe '\(c.timeframe ?? "")' must be 1Day, 1Hour, 15Min, 5Min or 1Min")
        let policySpec = c.policy ?? "sma:10,30"
        let costs: CostModel
        do { costs = try CostModel(commissionBps: c.feeBps ?? 1, slippageBps: c.slippageBps ?? 5, fixedFee: c.fixedFee ?? 0).validated() } catch {
            throw LiveSetupError("\(error)")
        }
        let fill = try FillRule(rawValue: c.fill ?? "next-open").orThrow("fill '\(c.fill ?? "")' must be next-open or close")
        let cash = c.cash ?? 10_000
        guard cash.isFinite, cash > 0 else { throw LiveSetupError("cash must be a positive number, got \(cash)") }
        let rules = PositionRules(allowShort: c.allowShort ?? false, fractionalShares: !(c.wholeShares ?? false))
        let analyzerID = SentimentSettings.analyzerID(c.analyzer ?? "lexicon")
        let (makePolicy, needsPosts) = try policyFactory(policySpec, allowShort: rules.allowShort,
                                                         sentiment: SentimentFeatureBuilder().settings(analyzerID: analyzerID))
        let analyzerSpec = c.analyzer ?? "lexicon"
        var analyzer: any LocalSentimentAnalyzer = LexiconAnalyzer()
        var remote: (any SentimentAnalyzer)?
        if RemoteAnalyzers.handles(analyzerSpec) {
            remote = try RemoteAnalyzers.make(spec: analyzerSpec, environment: request.environment)
        } else {
            do { analyzer = try AnalyzerSpec.load(analyzerSpec) } catch { throw LiveSetupError("\(error)") }
        }

        if mode == .sim {
            return try await simulate(c, timeframe: timeframe, policySpec: policySpec, makePolicy: makePolicy, needsPosts: needsPosts,
                                      analyzer: analyzer, remote: remote, execution: BacktestConfig(initialCash: cash, costs: costs, fill: fill, rules: rules),
                                      logger: logger)
        }
        guard let symbols = c.symbols, !symbols.isEmpty else { throw LiveSetupError("--symbols is required (e.g. --symbols AAPL,MSFT)") }
        let postsName = c.posts ?? "none"
        if needsPosts, postsName == "none" {
            throw LiveSetupError("policy '\(policySpec)' reads sentiment: choose --posts x or --posts alpaca-news")
        }
        // Keys: environment or Secrets Manager, never the config file.
        var overrides: [String: Secret] = [:]
        if let id = c.secretId { overrides = try await SecretsManagerClient(environment: request.environment).getSecretDictionary(id: id) }
        let live = mode == .live
        if live {
            guard c.live == true else { throw LiveSetupError("--live trades real money: the config must also say `live: true`") }
            guard request.confirmLive else { throw LiveSetupError("--live trades real money: add --confirm-live to confirm") }
        }
        let alpaca: AlpacaConfig
        do { alpaca = try AlpacaConfig.fromEnvironment(request.environment, overrides: overrides, live: live) } catch {
            throw LiveSetupError("\(error)")
        }
        if live, alpaca.keyID.hasPrefix("PK") {
            throw LiveSetupError("the Alpaca key id starts with PK, a paper key: it cannot trade on the live URL (use live keys, which start with AK)")
        }
        if !live, alpaca.keyID.hasPrefix("AK") {
            throw LiveSetupError("the Alpaca key id starts with AK, a live key: paper trading needs your paper keys (PK…)")
        }
        let retry = RetryPolicy(timeScale: request.retryTimeScale)
        let trading = AlpacaTradingClient(config: alpaca, retry: retry, logger: logger)
        let data = AlpacaMarketDataClient(config: alpaca, retry: retry, logger: logger)
        let posts: any PostSource
        switch postsName {
        case "none": posts = NoPosts()
        case "alpaca-news": posts = AlpacaNewsPosts(client: data)
        case "x":
            let bearer = overrides["X_BEARER_TOKEN"]?.value ?? request.environment["X_BEARER_TOKEN"] ?? ""
            guard !bearer.isEmpty else { throw LiveSetupError("--posts x needs X_BEARER_TOKEN (environment or --secret-id)") }
            posts = XRecentPosts(client: XClient(bearer: Secret(bearer), baseURL: request.environment["X_API_URL"] ?? XClient.defaultURL,
                                                 retry: retry, logger: logger))
        default: throw LiveSetupError("--posts '\(postsName)' must be x, alpaca-news or none")
        }
        let broker: (any Broker)? = mode == .dryRun ? nil : AlpacaBroker(client: trading)
        let strategy = c.strategy ?? slug(policySpec, symbols)
        let journalPath = c.journal ?? "journal/\(strategy).sqlite"
        let journal = try Journal(path: journalPath, durable: true)
        let execution = BacktestConfig(initialCash: cash, costs: costs, fill: fill, rules: rules)
        try checkIdentity(journal, ["strategy": strategy, "symbols": symbols.joined(separator: ","), "policy": policySpec,
                                    "cash": "\(cash)", "timeframe": timeframe.description, "fill": fill.rawValue,
                                    "allowShort": "\(rules.allowShort)", "wholeShares": "\(!rules.fractionalShares)"])
        let run = try journal.beginRun(mode: mode.rawValue, strategy: strategy, config: describe(c), version: SentradeVersion.current)
        let session = try LiveEngine(
            config: SessionConfig(strategy: strategy, mode: mode, symbols: symbols, timeframe: timeframe, execution: execution,
                                  limits: c.risk ?? RiskLimits(), killFile: c.killFile ?? journalPath + ".kill"),
            journal: journal, broker: broker, run: run, policy: makePolicy, logger: logger)
        var lines: [String] = []
        let control = RunnerControl()
        let trap = SignalTrap(control: control)  // before recovery: a SIGUSR1 during start-up is a kill, not a crash
        let recovery: RecoveryReport
        do { recovery = try await session.recover() } catch {
            trap.cancel()
            throw error
        }
        lines.append(recovery.description)
        let status = RunnerStatus()
        status.configure(mode: mode.rawValue, strategy: strategy, pollSeconds: c.pollSeconds ?? 60)
        let health = try await c.healthPort.asyncMap { try await HealthEndpoints.start(status: status, port: $0) }
        let runner = LiveRunner(engine: session,
                                options: .init(once: request.once, pollSeconds: c.pollSeconds ?? 60, warmupBars: c.warmupBars ?? 300,
                                               usesSentiment: needsPosts || postsName != "none"),
                                bars: AlpacaBarSource(client: data), posts: posts, clock: AlpacaClock(client: trading),
                                analyzer: analyzer, remote: remote,
                                tradeUpdates: broker == nil ? nil : AlpacaTradeUpdates(
                                    config: alpaca, url: request.environment["ALPACA_STREAM_TRADING_URL"],
                                    retry: RetryPolicy(maxAttempts: 1_000_000, baseDelay: 1, maxDelay: 60, timeScale: request.retryTimeScale),
                                    logger: logger),
                                barStream: request.once || timeframe == .day ? nil : AlpacaMarketStream(
                                    config: alpaca, subscription: .init(bars: symbols),
                                    retry: RetryPolicy(maxAttempts: 1_000_000, baseDelay: 1, maxDelay: 60, timeScale: request.retryTimeScale),
                                    logger: logger),
                                control: control, status: status, logger: logger)
        let reason: String
        do { reason = try await runner.run() } catch {
            try? journal.endRun(run, reason: "error: \(error)")
            await health?.stop()
            trap.cancel()
            throw error
        }
        try journal.endRun(run, reason: reason)
        await health?.stop()
        trap.cancel()
        let s = status.snapshot
        lines.append("\(mode.rawValue) \(strategy): \(s.cycles) cycles, \(s.bars) bars, \(s.orders) orders, \(s.fills) fills, "
                     + String(format: "equity %.2f, risk %@; journal %@ (%@)", session.equity, session.risk.state.rawValue, journalPath, reason))
        return lines
    }

    /// Builds the per-symbol policy factory; true when it reads sentiment.
    static func policyFactory(_ spec: String, allowShort: Bool, sentiment: JSONValue?) throws -> ((String) throws -> any Policy, Bool) {
        if spec.hasPrefix("ckpt:") {
            let dir = URL(fileURLWithPath: String(spec.dropFirst(5)))
            let manifest: CheckpointManifest
            do { manifest = try TrainedPolicy.manifest(at: dir) } catch { throw LiveSetupError("\(spec): \(error)") }
            guard let featureSpec = manifest.featureSpec else { throw LiveSetupError("\(spec): checkpoint.json has no featureSpec; it is not a trading policy") }
            do { _ = try TrainedPolicy.load(dir, featureSpec: featureSpec, sentiment: sentiment) } catch {
                throw LiveSetupError("\(spec): \(error)")
            }
            return ({ _ in try TrainedPolicy.load(dir, featureSpec: featureSpec, sentiment: sentiment) }, featureSpec.usesSentiment)
        }
        do { _ = try PolicySpec.baseline(spec, allowShort: allowShort) } catch { throw LiveSetupError("\(error)") }
        return ({ _ in try PolicySpec.baseline(spec, allowShort: allowShort) }, spec.lowercased().hasPrefix("sentiment"))
    }

    /// The journal belongs to one strategy: a restart with other symbols, policy or capital is refused.
    static func checkIdentity(_ journal: Journal, _ identity: [String: String]) throws {
        for (key, value) in identity.sorted(by: { $0.key < $1.key }) {
            if let saved = try journal.state("identity.\(key)") {
                guard saved == value else {
                    throw LiveSetupError("\(journal.path) belongs to \(key) '\(saved)', not '\(value)': use another --journal or the same settings")
                }
            } else {
                try journal.setState("identity.\(key)", value)
            }
        }
    }

    static func slug(_ policy: String, _ symbols: [String]) -> String {
        CSVText.slug(policy + "-" + symbols.joined(separator: "-"))
    }

    static func describe(_ c: LiveRunConfig) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(c)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension Optional {
    func orThrow(_ message: @autoclosure () -> String) throws -> Wrapped {
        guard let value = self else { throw LiveSetupError(message()) }
        return value
    }

    func asyncMap<T>(_ body: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await body(value)
    }
}

