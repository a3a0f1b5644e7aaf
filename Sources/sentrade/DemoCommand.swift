import ArgumentParser
import Backtest
import Strategy
import Foundation
import TradingCore
import Workflows
import Learning

/// `sentrade demo`: the whole pipeline on the embedded synthetic market, no keys, no network.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the pipeline end to end on the embedded synthetic market and print a metrics table.",
        discussion: HelpText.reflow("""
        The synthetic market plants a known sentiment signal (correlation --signal between the posts'
        mood and the next session's open-to-close return) so results show whether the pipeline can
        find it; they say nothing about real markets. Reports go to --out.
        Example: sentrade demo --seed 3 --out reports/demo-3
        """))

    @Option(help: "Random seed of the synthetic market.")
    var seed: UInt64 = 7
    @Option(help: "Sessions per symbol.")
    var sessions: Int = 1_500
    @Option(help: "Planted signal strength ρ (correlation of mood with the next intraday return).")
    var signal: Double = 0.15
    @Option(help: "Report folder (default: a new reports/demo/<UTC time>_seed<SEED>/; reports/demo/latest points at the newest).")
    var out: String?
    @Option(name: [.customLong("steps"), .customLong("ppo-steps")], help: "PPO environment steps per agent (0: baselines only).")
    var ppoSteps: Int = 200_000
    @Option(name: .customLong("train-seed"), help: "Seed of the agents' training.")
    var trainSeed: UInt64 = 0
    @Option(help: "Bars per observation window of the learned agents.") var window = DemoConfig().window
    @Option(name: .customLong("turnover-penalty"), help: "Reward penalty per unit of turnover, beyond costs (e.g. 0.001).")
    var turnoverPenalty = DemoConfig().turnoverPenalty
    @Option(name: .customLong("min-hold"), help: "Bars a learned agent holds a position at least before trading it again (1: no minimum).")
    var minHold = DemoConfig().minHoldBars
    @Option(help: "Agents per learned contender, averaged (seeds train-seed + 1000·k).") var ensemble = DemoConfig().ensembleSize
    @Option(help: "PPO discount factor of the learned agents.") var gamma: Double?
    @Option(help: "Action scheme of the learned agents: discrete3 (buy / sell / hold) or targets:L1,L2,… (target exposures).")
    var actions = "discrete3"
    @OptionGroup var execution: ExecutionOptions
    @Flag(help: "Print JSON instead of a table (schema: docs/schemas/demo.schema.json).") var json = false

    func validate() throws {
        guard sessions >= 400 else { throw ValidationError("--sessions must be at least 400 (got \(sessions))") }
        guard signal.isFinite, abs(signal) < 1 else { throw ValidationError("--signal must be in (−1, 1)") }
        guard minHold >= 1 else { throw ValidationError("--min-hold must be at least 1 (1: no minimum), got \(minHold)") }
    }

    func run() async throws {
        try execution.validateCash()
        var config = DemoConfig()
        config.market.seed = seed
        config.market.sessions = sessions
        config.market.signalStrength = signal
        let folder = try RunFolder.create(command: "demo", slug: "seed\(seed)", out: out)
        config.reportDirectory = folder.url.path
        config.ppoTimesteps = max(ppoSteps, 0)
        config.trainingSeed = trainSeed
        config.window = window
        config.turnoverPenalty = turnoverPenalty
        config.minHoldBars = minHold
        config.ensembleSize = ensemble
        if let gamma {
            guard gamma > 0, gamma <= 1 else { throw ValidationError("--gamma \(gamma): must be in (0, 1]") }
            config.gamma = gamma
        }
        guard let scheme = ActionScheme(actions) else {
            throw ValidationError("--actions '\(actions)': use discrete3 or targets:L1,L2,… with levels in [−1, 1]")
        }
        config.actions = scheme
        config.backtest = BacktestConfig(initialCash: execution.cash, costs: try execution.costs(),
                                         fill: try execution.fillRule(), rules: execution.rules())
        let started = CLI.wallSeconds()
        let report = try DemoWorkflow.run(config) { CLI.note("· \($0)") }
        let settings = ["seed": "\(seed)", "sessions": "\(sessions)", "signal": "\(signal)", "steps": "\(config.ppoTimesteps)",
                        "trainSeed": "\(trainSeed)", "window": "\(window)", "turnoverPenalty": "\(turnoverPenalty)", "minHold": "\(minHold)",
                        "ensemble": "\(ensemble)", "actions": actions, "fill": config.backtest.fill.rawValue,
                        "feeBps": "\(config.backtest.costs.commissionBps)", "slippageBps": "\(config.backtest.costs.slippageBps)",
                        "cash": "\(config.backtest.initialCash)"]
        try RunRecord(version: SentradeVersion.current, settings: settings, inputs: []).write(to: folder)
        if json {
            struct Output: Encodable {
                var seed: UInt64, plantedSignal: Double, realisedSignal: [String: Double], testPeriod: String, symbols: [String]
                var fill: String, costs: CostModel, initialCash: Double, contenders: [Contender], notes: [String], files: [String]
                var reportDir: String
                struct Contender: Encodable { var name: String; var metrics: PerformanceMetrics }
            }
            print(try CLI.json(Output(seed: seed, plantedSignal: signal, realisedSignal: report.realisedSignal, testPeriod: report.testPeriod,
                                      symbols: report.symbols, fill: config.backtest.fill.rawValue, costs: config.backtest.costs,
                                      initialCash: config.backtest.initialCash,
                                      contenders: report.contenders.map { .init(name: $0.name, metrics: $0.portfolio) },
                                      notes: report.notes, files: report.files,
                                      reportDir: folder.url.path)))
            return
        }
        print("Sentrade demo — SYNTHETIC market (seed \(seed)), planted sentiment signal ρ = \(signal)")
        let realised = report.realisedSignal.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }
        print("realised signal: \(realised.joined(separator: ", "))")
        print("held-out test period \(report.testPeriod); equal-weight portfolio of \(report.symbols.joined(separator: ", "))")
        print("costs: fee \(config.backtest.costs.commissionBps) bps, slippage \(config.backtest.costs.slippageBps) bps, fill \(config.backtest.fill.rawValue)")
        print("")
        print(ReportTable.text(report.contenders.map { .init(label: $0.name, metrics: $0.portfolio) }), terminator: "")
        for note in report.notes { print("note: \(note)") }
        print("")
        print("report: \(report.files.first ?? folder.url.path) (+\(max(report.files.count - 1, 0)) equity curves) in \(String(format: "%.1f", CLI.wallSeconds() - started)) s")
        print("run folder: \(folder.url.path)")
    }
}
