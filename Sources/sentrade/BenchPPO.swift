import ArgumentParser
import Foundation
import Learning

/// `sentrade bench ppo`: the learner's speed and correctness benchmark — CartPole-v1 with RL-Zoo
/// hyperparameters on one thread — optionally next to Stable-Baselines3 run in the same invocation.
struct BenchPPO: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ppo",
        abstract: "Train PPO on CartPole-v1 (RL-Zoo hyperparameters, 100k steps); report wall-clock, SPS, steps to solve.",
        discussion: HelpText.reflow("""
        Examples:
          swift run -c release sentrade bench ppo
          swift run -c release sentrade bench ppo --seeds 0,1,2,3,4 --json
          swift run -c release sentrade bench ppo --reference-python /work/venv-sb3/bin/python
          swift run -c release sentrade bench ppo --env trading --reference-python /work/venv-sb3/bin/python
        With --reference-python, scripts/bench_sb3_cartpole.py runs Stable-Baselines3 (torch on one thread)
        right after each seed and the wall-clock ratio is reported (pip install stable-baselines3 there);
        with --env trading, scripts/bench_sb3_trading.py runs SB3 PPO with the same settings on
        gym-anytrading's stocks-v0 (pip install stable-baselines3 gym-anytrading) and the steps/s ratio is reported.
        SENTRADE_KERNELS=simd8 forces the AVX2 kernels on an AVX-512 CPU.
        """))

    @Option(help: "cartpole (the correctness and speed reference) or trading (TradingEnv, full fused spec, synthetic market).")
    var env: String = "cartpole"
    @Option(help: "Comma-separated seeds.") var seeds: String = "0"
    @Option(name: [.customLong("steps"), .customLong("timesteps")], help: "Environment steps per run.") var timesteps: Int = 100_000
    @Flag(help: "Print one JSON object per run.") var json = false
    @Flag(help: "Share one trunk between policy and value.") var sharedTrunk = false
    @Option(name: .customLong("reference-python"), help: "A Python with stable-baselines3; runs SB3 in this run.")
    var referencePython: String?

    func run() throws {
        let seedList = seeds.split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !seedList.isEmpty else { throw ValidationError("--seeds needs at least one integer, got '\(seeds)'") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var ours = 0.0, theirs = 0.0, oursCPU = 0.0, theirsCPU = 0.0
        switch env {
        case "cartpole": break
        case "trading":
            for seed in seedList {
                var r = try TradingPPOBenchmark.run(seed: seed, timesteps: timesteps)
                if let python = referencePython {
                    let sb3 = try runSB3(python: python, script: "bench_sb3_trading.py", seed: seed)
                    r.sb3StocksV0 = .init(wallSeconds: sb3.wall, cpuSeconds: sb3.cpu, stepsPerSecond: sb3.stepsPerSecond,
                                          observationSize: sb3.observationSize)
                }
                if json {
                    print(String(decoding: try encoder.encode(r), as: UTF8.self))
                } else {
                    var line = "trading seed \(seed): \(r.timesteps) steps in \(String(format: "%.2f", r.wallSeconds)) s (\(Int(r.stepsPerSecond)) SPS; "
                        + "rollout \(String(format: "%.2f", r.rolloutSeconds)) s, update \(String(format: "%.2f", r.updateSeconds)) s; "
                        + "observation \(r.observationSize), \(r.parameterCount) parameters)"
                    if let sb3 = r.sb3StocksV0 {
                        line += "; SB3 PPO on gym-anytrading stocks-v0 (same PPO settings, \(sb3.observationSize ?? 0) inputs): \(Int(sb3.stepsPerSecond)) SPS, "
                            + "\(String(format: "%.2f", sb3.wallSeconds)) s wall (\(String(format: "%.1f", r.stepsPerSecond / sb3.stepsPerSecond))× our steps/s)"
                    }
                    print(line)
                }
            }
            return
        default:
            throw ValidationError("--env '\(env)': cartpole or trading")
        }
        for seed in seedList {
            let r = try runPPOBenchmark(seed: seed, timesteps: timesteps, network: NetworkConfig(sharedTrunk: sharedTrunk))
            ours += r.wallSeconds
            oursCPU += r.cpuSeconds
            let sb3 = try referencePython.map { try runSB3(python: $0, script: "bench_sb3_cartpole.py", seed: seed) }
            if let sb3 { theirs += sb3.wall; theirsCPU += sb3.cpu }
            if json {
                var line = String(decoding: try encoder.encode(r), as: UTF8.self)
                if let sb3 { line = String(line.dropLast()) + ",\"sb3WallSeconds\":\(sb3.wall),\"sb3CPUSeconds\":\(sb3.cpu),\"kernels\":\"\(Kernels.defaultVariant.rawValue)\"}" }
                print(line)
            } else {
                let solved = r.stepsToSolve.map(String.init) ?? "never"
                let rolling = r.finalRollingMeanReturn.map { String(format: "%.1f", $0) } ?? "-"
                var line = "seed \(seed): \(r.timesteps) steps in \(String(format: "%.2f", r.wallSeconds)) s "
                    + "(\(Int(r.stepsPerSecond)) SPS; update \(String(format: "%.2f", r.updateSeconds)) s; CPU \(String(format: "%.2f", r.cpuSeconds)) s), "
                    + "rolling-100 ≥ 475 at \(solved), final rolling-100 \(rolling), greedy eval \(String(format: "%.1f", r.evalMeanReturn))"
                if let sb3 {
                    line += "; SB3 \(String(format: "%.2f", sb3.wall)) s wall (\(String(format: "%.1f", sb3.wall / r.wallSeconds))×), "
                        + "\(String(format: "%.2f", sb3.cpu)) s CPU (\(String(format: "%.1f", sb3.cpu / r.cpuSeconds))×)"
                }
                print(line)
            }
        }
        if referencePython != nil && !json {
            print("total wall: sentrade \(String(format: "%.2f", ours)) s, SB3 \(String(format: "%.2f", theirs)) s, "
                  + "ratio \(String(format: "%.1f", theirs / ours))×; total CPU: sentrade \(String(format: "%.2f", oursCPU)) s, "
                  + "SB3 \(String(format: "%.2f", theirsCPU)) s, ratio \(String(format: "%.1f", theirsCPU / oursCPU))× "
                  + "(kernels: \(Kernels.defaultVariant.rawValue))")
        }
    }

    /// Runs an SB3 reference script (scripts/bench_sb3_cartpole.py or bench_sb3_trading.py) for one
    /// seed; returns SB3's training wall-clock, CPU time and steps per second.
    private func runSB3(python: String, script: String, seed: UInt64)
        throws -> (wall: Double, cpu: Double, stepsPerSecond: Double, observationSize: Int?) {
        let run = try CLI.runPythonJSON(
            python, arguments: [CLI.scriptPath(script), "--seed", String(seed), "--timesteps", String(timesteps), "--json"],
            environment: ["OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"])
        guard let object = run.object, let wall = object["wallSeconds"] as? Double, let cpu = object["cpuSeconds"] as? Double,
              let sps = object["stepsPerSecond"] as? Double else {
            throw ValidationError("SB3 reference \(script) failed (exit \(run.status)); are stable-baselines3 (and gym-anytrading for --env trading) installed in \(python)?")
        }
        return (wall, cpu, sps, object["observationSize"] as? Int)
    }
}
