import ArgumentParser
import Foundation
import Learning

/// `sentrade bench-ppo`: the learner's speed and correctness benchmark (CartPole-v1, RL-Zoo
/// hyperparameters, one thread). The lead's `bench ppo` can call `runPPOBenchmark` the same way.
struct BenchPPO: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-ppo",
        abstract: "Train PPO on CartPole-v1 with RL-Zoo hyperparameters and report wall-clock and SPS.",
        discussion: "Example: sentrade bench-ppo --seeds 0,1,2,3,4 --json")

    @Option(help: "Comma-separated seeds.") var seeds: String = "0"
    @Option(help: "Environment steps per run.") var timesteps: Int = 100_000
    @Flag(help: "Print one JSON object per run.") var json = false
    @Flag(help: "Share one trunk between policy and value.") var sharedTrunk = false

    func run() throws {
        let seedList = seeds.split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !seedList.isEmpty else { throw ValidationError("--seeds needs at least one integer, got '\(seeds)'") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for seed in seedList {
            let r = try runPPOBenchmark(seed: seed, timesteps: timesteps,
                                        network: NetworkConfig(sharedTrunk: sharedTrunk))
            if json {
                print(String(decoding: try encoder.encode(r), as: UTF8.self))
            } else {
                let solved = r.stepsToSolve.map(String.init) ?? "never"
                let rolling = r.finalRollingMeanReturn.map { String(format: "%.1f", $0) } ?? "-"
                print("seed \(seed): \(r.timesteps) steps in \(String(format: "%.2f", r.wallSeconds)) s "
                      + "(\(Int(r.stepsPerSecond)) SPS), solved(≥475 rolling-100) at \(solved), "
                      + "final rolling-100 \(rolling), greedy eval \(String(format: "%.1f", r.evalMeanReturn))")
            }
        }
    }
}
