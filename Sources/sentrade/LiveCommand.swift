import ArgumentParser
import Foundation
import Live
import Logging

/// `sentrade live`: run a strategy (paper by default), or read its journal.
struct LiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Trade a policy on Alpaca (paper by default), simulate it, or read its journal.",
        discussion: HelpText.reflow("""
        Examples:
          sentrade live --sim --prices Examples/eval/prices --policy sma:10,30 --journal /tmp/sim.sqlite
          sentrade live --paper --symbols AAPL,MSFT --policy sma:10,30 --once          # one cycle (cron / EventBridge)
          sentrade live --config strategy.yaml                                          # long-running loop
          sentrade live status --journal journal/sma-10-30-aapl-msft.sqlite
          sentrade live stop --journal journal/sma-10-30-aapl-msft.sqlite               # kill switch
        """),
        subcommands: [LiveRunCommand.self, LiveStatusCommand.self, LiveOrdersCommand.self, LivePositionsCommand.self,
                      LiveDecisionsCommand.self, LiveTradesCommand.self, LiveStopCommand.self],
        defaultSubcommand: LiveRunCommand.self)
}

struct LiveRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the strategy: --paper (default), --dry-run, --live (real money, double opt-in) or --sim.",
        discussion: HelpText.reflow("""
        Keys come from APCA_API_KEY_ID / APCA_API_SECRET_KEY (or --secret-id, a Secrets Manager JSON
        secret); never from the config. --live needs `live: true` in the config AND --confirm-live.
        --once runs one cycle for the latest completed bar and exits; running it twice for the same
        bar sends nothing the second time. Without it the runner polls every --poll-seconds until
        SIGTERM/SIGINT. SIGUSR1, `sentrade live stop` or the kill file trip the kill switch.
        """))

    @Option(help: "Strategy config (YAML or JSON); flags override its keys.") var config: String?
    @Option(help: "Symbols, comma-separated.") var symbols: String?
    @Option(help: "Bar timeframe: 1Day, 1Hour, 15Min, 5Min, 1Min.") var timeframe: String?
    @Option(help: "ckpt:DIR, sma:FAST,SLOW, buy-and-hold, sentiment[:BUY,SELL].") var policy: String?
    @Option(help: "Posts for sentiment: x, alpaca-news or none.") var posts: String?
    @Option(help: "Sentiment analyzer: lexicon or model:DIR.") var analyzer: String?
    @Option(help: "SQLite journal path.") var journal: String?
    @Option(name: .customLong("strategy"), help: "Strategy name (part of every client order id; keep it stable).") var strategy: String?
    @Option(name: .customLong("max-position"), help: "Largest position per symbol as a fraction of equity (e.g. 0.5).") var maxPosition: Double?
    @Flag(help: "Alpaca paper trading (the default).") var paper = false
    @Flag(name: .customLong("dry-run"), help: "Decide and journal, send nothing.") var dryRun = false
    @Flag(help: "Real money (needs `live: true` in the config and --confirm-live).") var live = false
    @Flag(name: .customLong("confirm-live"), help: "Confirms --live.") var confirmLive = false
    @Flag(help: "Replay history against the in-process simulated broker (no keys, no network).") var sim = false
    @Flag(help: "One cycle, then exit.") var once = false
    @Option(help: "--sim: a price CSV or a folder of SYMBOL.csv files.") var prices: String?
    @Option(name: .customLong("posts-file"), help: "--sim: JSON Lines posts for the replayed period.") var postsFile: String?
    @Option(help: "--sim: first session to trade (YYYY-MM-DD); earlier bars warm up the features.") var from: String?
    @Option(help: "--sim: last session to trade (YYYY-MM-DD).") var to: String?
    @Option(name: .customLong("fill"), help: "next-open | close (default next-open).") var fill: String?
    @Option(name: .customLong("fee-bps"), help: "Commission in basis points (default 1).") var feeBps: Double?
    @Option(name: .customLong("slippage-bps"), help: "Slippage in basis points (default 5).") var slippageBps: Double?
    @Option(help: "Strategy capital, split evenly across symbols (default 10000).") var cash: Double?
    @Option(name: .customLong("poll-seconds"), help: "Seconds between cycles in the long-running loop (default 60).") var pollSeconds: Double?
    @Option(name: .customLong("health-port"), help: "Serve /health and /metrics on 127.0.0.1:PORT.") var healthPort: Int?
    @Option(name: .customLong("secret-id"), help: "Secrets Manager secret holding the API keys (JSON).") var secretID: String?
    @Option(name: .customLong("retry-time-scale"), help: ArgumentHelp("Multiplies HTTP retry delays (tests).", visibility: .hidden))
    var retryTimeScale: Double = 1
    @Flag(name: .customLong("json-logs"), help: "One JSON object per log line on stderr (CloudWatch).") var jsonLogs = false

    func run() async throws {
        var c = try config.map { try LiveRunConfig.load(path: $0) } ?? LiveRunConfig()
        let modes = [paper, dryRun, live, sim].filter { $0 }.count
        guard modes <= 1 else { throw ValidationError("choose one of --paper, --dry-run, --live, --sim") }
        if paper { c.mode = "paper" }
        if dryRun { c.mode = "dry-run" }
        if live { c.mode = "live" }
        if sim { c.mode = "sim" }
        if let symbols { c.symbols = symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty } }
        c.timeframe = timeframe ?? c.timeframe
        c.policy = policy ?? c.policy
        c.posts = posts ?? c.posts
        c.analyzer = analyzer ?? c.analyzer
        c.journal = journal ?? c.journal
        c.strategy = strategy ?? c.strategy
        c.fill = fill ?? c.fill
        c.feeBps = feeBps ?? c.feeBps
        c.slippageBps = slippageBps ?? c.slippageBps
        c.cash = cash ?? c.cash
        c.pollSeconds = pollSeconds ?? c.pollSeconds
        c.healthPort = healthPort ?? c.healthPort
        c.secretId = secretID ?? c.secretId
        if let maxPosition {
            var risk = c.risk ?? RiskLimits()
            risk.maxPositionFraction = maxPosition
            c.risk = risk
        }
        if prices != nil || postsFile != nil || from != nil || to != nil {
            var s = c.sim ?? LiveRunConfig.Sim()
            s.prices = prices ?? s.prices
            s.postsFile = postsFile ?? s.postsFile
            s.from = from ?? s.from
            s.to = to ?? s.to
            c.sim = s
        }
        let json = jsonLogs
        // Any key that slipped into a message is masked before a log line is written.
        let secrets = ["APCA_API_SECRET_KEY", "X_BEARER_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]
            .compactMap { ProcessInfo.processInfo.environment[$0] }.filter { $0.count >= 8 }
        let redact: @Sendable (String) -> String = { text in secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") } }
        let logger = Logger(label: "sentrade.live") { label in
            if json { return JSONLogHandler(label: label, redact: redact) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .notice
            return handler
        }
        do {
            let lines = try await LiveLauncher.run(.init(config: c, confirmLive: confirmLive, once: once, retryTimeScale: retryTimeScale),
                                                   logger: logger)
            for line in lines { print(line) }
        } catch let error as LiveSetupError {
            throw ValidationError(error.description)
        }
    }
}
