import ArgumentParser
import Backtest
import Strategy
import Features
import Foundation
import Learning
import MarketData
import TradingCore

/// `sentrade bench`: throughput of the hot paths, on one core, optionally next to the Python tools
/// they replace (run as a subprocess in the same invocation so the ratio compares like with like).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure env steps/s and backtest bars/s (release build, one core).",
        discussion: HelpText.reflow("""
        Examples:
          swift run -c release sentrade bench env
          swift run -c release sentrade bench backtest --reference-python /path/to/venv/bin/python --json
        With --reference-python, scripts/bench_reference.py runs gym-anytrading / vectorbt in the same
        run and the ratio is reported (pip install gym-anytrading vectorbt in that environment).
        """),
        subcommands: [BenchEnv.self, BenchBacktest.self, BenchSentimentCommand.self, BenchPPO.self, BenchLive.self, BenchServe.self])
}

/// Options every benchmark shares.
struct BenchOptions: ParsableArguments {
    @Flag(help: "Print JSON.")
    var json = false
    @Option(name: .customLong("reference-python"), help: "A Python with the reference tools installed; runs them in this run.")
    var referencePython: String?

    /// Runs scripts/bench_reference.py and returns its JSON object.
    func reference(_ what: String, _ n: Int, repeats: Int = 5) throws -> [String: Any]? {
        guard let python = referencePython else { return nil }
        let run = try CLI.runPythonJSON(python, arguments: [CLI.scriptPath("bench_reference.py"), what, String(n)],
                                        environment: ["BENCH_REPEATS": String(repeats)])
        guard let object = run.object else {
            throw ValidationError("reference benchmark '\(what)' failed (exit \(run.status)) with \(python)")
        }
        return object
    }

    func emit(_ result: [String: Any]) throws {
        if json {
            let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for key in result.keys.sorted() { print("\(key): \(result[key] ?? "")") }
        }
    }
}

struct BenchEnv: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "env", abstract: "TradingEnv steps/s with random actions.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Steps per measurement.")
    var steps: Int = 2_000_000

    func run() async throws {
        var config = SyntheticMarketConfig()
        config.symbols = ["BENCH"]
        config.sessions = 2_500
        let bars = SyntheticMarket.generate(config).series
        var result: [String: Any] = [:]
        for (label, spec) in [("window10x2", FeatureSpec(features: [.ret1, .ret5], window: 10)),
                              ("full_fused_spec", FeatureSpec.fused(window: 10))] {
            let series = bars.map { TradingSeries(series: $0, spec: spec) }
            var envConfig = TradingEnvConfig()
            envConfig.actions = .discrete3
            envConfig.episodeLength = nil
            var env = try TradingEnv(series: series, config: envConfig, seed: 1)
            var obs = [Float](repeating: 0, count: env.observationSize)
            var rng = SeededGenerator(seed: 2)
            var checksum: Float = 0
            let cpu0 = CLI.cpuSeconds(), wall0 = CLI.wallSeconds()
            obs.withUnsafeMutableBufferPointer { buffer in
                env.reset(seed: 3, into: buffer)
                for _ in 0..<steps {
                    let outcome = env.step(rng.nextInt(below: 3), into: buffer)
                    checksum += outcome.reward
                    if outcome.done { env.reset(seed: nil, into: buffer) }
                }
            }
            let cpu = CLI.cpuSeconds() - cpu0, wall = CLI.wallSeconds() - wall0
            result["\(label)_observation_size"] = env.observationSize
            result["\(label)_steps_per_cpu_second"] = Double(steps) / cpu
            result["\(label)_wall_seconds"] = wall
            result["\(label)_checksum"] = Double(checksum)
        }
        result["steps"] = steps
        if let reference = try options.reference("env", 200_000), let pySteps = reference["steps_per_cpu_second"] as? Double {
            result["reference"] = reference
            result["ratio_window10x2_vs_reference"] = (result["window10x2_steps_per_cpu_second"] as? Double ?? 0) / pySteps
        }
        try options.emit(result)
    }
}

struct BenchBacktest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backtest", abstract: "SMA(10,30) backtest bars/s incl. metrics.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Bars in the series.")
    var bars: Int = 1_000_000
    @Option(help: "Timed runs; the median is reported (the reference uses the same count).")
    var repeats: Int = 5
    @Option(help: "Policy to time (the reference always runs SMA(10,30)).")
    var policy: String = "sma:10,30"

    func run() async throws {
        guard bars >= 100 else { throw ValidationError("--bars \(bars): need at least 100 bars to time a backtest") }
        guard repeats >= 1 else { throw ValidationError("--repeats \(repeats): must be at least 1") }
        let walk = SyntheticMarket.randomWalk(count: bars, seed: 0)
        let series = TradingSeries(series: walk, spec: nil)
        let config = BacktestConfig(initialCash: 10_000, costs: CostModel(commissionBps: 10), fill: .close)
        var timed = try PolicySpec.baseline(policy)
        _ = Backtester.run(any: &timed, on: series, range: 0..<min(bars, 10_000), config: config)  // warm caches
        var cpus: [Double] = [], walls: [Double] = []
        var run = Backtester.run(any: &timed, on: series, range: 0..<2, config: config)
        for _ in 0..<max(repeats, 1) {
            let cpu0 = CLI.cpuSeconds(), wall0 = CLI.wallSeconds()
            run = Backtester.run(any: &timed, on: series, config: config)
            cpus.append(CLI.cpuSeconds() - cpu0)
            walls.append(CLI.wallSeconds() - wall0)
        }
        let cpu = cpus.sorted()[cpus.count / 2], wall = walls.sorted()[walls.count / 2]
        var result: [String: Any] = [
            "bars": bars, "policy": timed.name, "repeats": cpus.count, "median_cpu_seconds": cpu, "median_wall_seconds": wall,
            "bars_per_cpu_second": Double(bars) / cpu,
            "trades": run.metrics.trades, "total_return": run.metrics.totalReturn, "sharpe": run.metrics.sharpe,
            "max_drawdown": run.metrics.maxDrawdown,
        ]
        if let reference = try options.reference("backtest", bars, repeats: repeats), let pyRate = reference["bars_per_cpu_second"] as? Double {
            result["reference"] = reference
            result["ratio_vs_reference"] = Double(bars) / cpu / pyRate
        }
        try options.emit(result)
    }
}
