import Foundation
import Workflows
import Yams

/// `sentrade live --config strategy.yaml`: every setting of a live run, each optional (flags
/// override). Unknown keys are an error naming the nearest valid one; relative paths resolve
/// against the config file's folder. Secrets are never read from here — only from the environment
/// or Secrets Manager (`secretId`).
///
/// ```yaml
/// strategy: sma-aapl          # part of every client order id: keep it stable
/// symbols: [AAPL, MSFT]
/// timeframe: 1Day
/// policy: sma:10,30           # or ckpt:runs/fused, buy-and-hold, sentiment:0.1,-0.1
/// posts: none                 # x | alpaca-news | none
/// journal: journal/sma-aapl.sqlite
/// cash: 10000                 # the strategy's capital (split evenly across symbols)
/// risk: {maxPositionFraction: 0.5, dailyLossHalt: 0.05, maxDrawdownHalt: 0.2}
/// ```
public struct LiveRunConfig: Codable, Sendable {
    public var strategy: String?
    public var symbols: [String]?
    public var timeframe: String?
    public var policy: String?
    public var posts: String?
    public var analyzer: String?
    public var journal: String?
    /// `paper` (default), `live`, `dry-run` or `sim`.
    public var mode: String?
    /// The config half of the real-money opt-in (the other half is `--confirm-live`).
    public var live: Bool?
    public var cash: Double?
    public var feeBps: Double?
    public var slippageBps: Double?
    public var fixedFee: Double?
    public var fill: String?
    public var wholeShares: Bool?
    public var allowShort: Bool?
    public var risk: RiskLimits?
    public var pollSeconds: Double?
    public var warmupBars: Int?
    public var killFile: String?
    public var healthPort: Int?
    public var secretId: String?
    public var sim: Sim?

    /// `--sim` inputs: a price file or a folder of SYMBOL.csv files, an optional posts file, the trading window.
    public struct Sim: Codable, Sendable {
        public var prices: String?
        public var postsFile: String?
        public var from: String?
        public var to: String?
        public init() {}
    }

    public init() {}

    static let schema = StrictConfig.Schema(
        ["strategy", "symbols", "timeframe", "policy", "posts", "analyzer", "journal", "mode", "live", "cash", "feeBps",
         "slippageBps", "fixedFee", "fill", "wholeShares", "allowShort", "risk", "pollSeconds", "warmupBars", "killFile",
         "healthPort", "secretId", "sim"],
        nested: [
            "risk": StrictConfig.Schema(["maxPositionFraction", "maxOrderNotional", "maxGrossExposure", "dailyLossHalt",
                                         "maxDrawdownHalt", "maxOrdersPerMinute", "maxBarAgeSeconds", "priceBand",
                                         "marketHoursOnly", "flattenOnKill", "onUnexplainedPosition"]),
            "sim": StrictConfig.Schema(["prices", "postsFile", "from", "to"]),
        ])

    /// Reads and checks a config file (YAML or JSON).
    public static func load(path: String) throws -> LiveRunConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LiveSetupError("\(path): config file not found or not readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        do { try StrictConfig.check(text, file: path, schema: schema) } catch { throw LiveSetupError("\(error)") }
        var config: LiveRunConfig
        do {
            config = try YAMLDecoder().decode(LiveRunConfig.self, from: text.isEmpty ? "{}" : text)
        } catch let error as DecodingError {
            throw LiveSetupError("\(path): \(TrainingConfig.describe(error))")
        } catch {
            throw LiveSetupError("\(path): \(error)")
        }
        let paths = ConfigPaths(configFile: path)
        config.journal = paths.resolve(config.journal)
        config.killFile = paths.resolve(config.killFile)
        if let policy = config.policy, policy.hasPrefix("ckpt:") { config.policy = paths.resolve(policy) }
        if let analyzer = config.analyzer, analyzer.hasPrefix("model:") { config.analyzer = paths.resolve(analyzer) }
        if var sim = config.sim {
            sim.prices = paths.resolve(sim.prices)
            sim.postsFile = paths.resolve(sim.postsFile)
            config.sim = sim
        }
        return config
    }
}

/// A live run that cannot start, with the reason (names the file, option or variable).
public struct LiveSetupError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
