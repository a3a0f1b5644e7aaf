import Backtest
import Connectors
import Foundation
import Logging
import MarketData
import Sentiment
import Strategy
import TradingCore
import Workflows

extension LiveLauncher {
    /// `live --sim`: the live stack against the in-process simulated broker, replaying history from
    /// price files (and a posts file) at memory speed. No keys, no network.
    static func simulate(_ c: LiveRunConfig, timeframe: Timeframe, policySpec: String, makePolicy: @escaping (String) throws -> any Policy,
                         needsPosts: Bool, analyzer: any LocalSentimentAnalyzer, remote: (any SentimentAnalyzer)?,
                         execution: BacktestConfig,
                         logger: Logger) async throws -> [String] {
        guard let prices = c.sim?.prices else { throw LiveSetupError("--sim needs --prices FILE.csv or a folder of SYMBOL.csv files") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: prices, isDirectory: &isDirectory) else {
            throw LiveSetupError("--prices \(prices): no such file or folder")
        }
        var files: [String] = [prices]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: prices)) ?? []
            files = names.filter { $0.lowercased().hasSuffix(".csv") }.sorted().map { prices + "/" + $0 }
            guard !files.isEmpty else { throw LiveSetupError("--prices \(prices): the folder has no .csv files") }
        }
        var series = try files.map { try CSVBarLoader().load(path: $0, timeframe: timeframe) }
        if let wanted = c.symbols, !wanted.isEmpty {
            series = series.filter { wanted.contains($0.symbol) }
            let missing = wanted.filter { w in !series.contains { $0.symbol == w } }
            guard missing.isEmpty else { throw LiveSetupError("--symbols \(missing.joined(separator: ",")): no price file for it in \(prices)") }
        }
        if needsPosts, c.sim?.postsFile == nil {
            throw LiveSetupError("policy '\(policySpec)' reads sentiment: give --posts-file FILE.jsonl (posts for the replayed period)")
        }
        var loaded = PostLoadResult()
        if let postsFile = c.sim?.postsFile { loaded = try PostFileLoader().load(path: postsFile) }
        var inputs: [SimulationInput] = []
        for s in series {
            var sentiment: [SentimentFeatures]?
            if c.sim?.postsFile != nil {
                let mine = loaded.posts.filter { $0.symbols.contains(s.symbol) }
                var builder = SentimentFeatureBuilder(analyzer: analyzer)
                if let remote {
                    builder = SentimentFeatureBuilder(analyzer: try await RemoteAnalyzers.prescore(builder.keptTexts(posts: mine, bars: s), with: remote))
                }
                sentiment = try builder.build(posts: mine, bars: s).perBar
            }
            inputs.append(SimulationInput(symbol: s.symbol, bars: s.bars, sentiment: sentiment))
        }
        let from = try c.sim?.from.map { try LocalDate($0).orThrow("--from '\($0)' is not a date in YYYY-MM-DD form") }
        let to = try c.sim?.to.map { try LocalDate($0).orThrow("--to '\($0)' is not a date in YYYY-MM-DD form") }
        if let from, let to, to < from { throw LiveSetupError("--to \(to) is before --from \(from)") }
        let symbols = inputs.map(\.symbol)
        let strategy = c.strategy ?? slug(policySpec, symbols)
        let journalPath = c.journal ?? "journal/sim-\(strategy)-\(Int(Date().timeIntervalSince1970)).sqlite"
        let journal = try Journal(path: journalPath, durable: false)
        if let bars = try journal.counts()["bars"], bars > 0 {
            throw LiveSetupError("--sim needs a new journal: \(journalPath) already holds \(bars) bars of an earlier session")
        }
        let run = try journal.beginRun(mode: "sim", strategy: strategy, config: describe(c), version: SentradeVersion.current)
        let config = SessionConfig(strategy: strategy, mode: .sim, symbols: symbols, timeframe: timeframe, execution: execution,
                                   limits: c.risk ?? RiskLimits(), killFile: c.killFile)
        var perSymbol = execution
        perSymbol.initialCash = config.cashPerSymbol
        let broker = SimulatedBroker(exchange: SimulatedExchange(config: perSymbol, symbols: symbols, cashPerSymbol: config.cashPerSymbol))
        let engine = try LiveEngine(config: config, journal: journal, broker: broker, run: run, policy: makePolicy, logger: logger)
        let summary = try await SimulationDriver.run(session: engine, broker: broker, inputs: inputs,
                                                     tradeFrom: from.map { $0.instant(hour: 0, in: .newYork) },
                                                     tradeBefore: to.map { $0.adding(days: 1).instant(hour: 0, in: .newYork) })
        try journal.endRun(run, reason: "sim complete")
        return [String(format: "sim %@: %d bars, %d orders, %d risk rejections, final equity %.2f (start %.2f); journal %@",
                       strategy, summary.bars, summary.orders, summary.rejections, summary.finalEquity, execution.initialCash, journalPath)]
    }
}
