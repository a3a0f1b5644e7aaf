import Foundation

/// Result of `runPPOBenchmark`: what `sentrade bench ppo` prints (and emits with `--json`).
public struct PPOBenchResult: Sendable, Codable {
    public var seed: UInt64
    public var timesteps: Int
    /// Wall-clock of training (rollouts + updates), excluding the evaluation.
    public var wallSeconds: Double
    /// Process CPU time of training: on a shared, loaded machine this is the single-thread cost
    /// even when the wall-clock includes waiting for a core.
    public var cpuSeconds: Double
    public var rolloutSeconds: Double
    public var updateSeconds: Double
    public var stepsPerSecond: Double
    /// Environment steps when the mean return of the last 100 episodes first reached 475 (nil: never).
    public var stepsToSolve: Int?
    public var finalRollingMeanReturn: Double?
    /// Mean return of 20 greedy (deterministic) evaluation episodes after training.
    public var evalMeanReturn: Double
    public var evalEpisodes: Int
    public var episodes: Int
    public var parameterCount: Int
}

/// CartPole-v1 with RL-Zoo's PPO hyperparameters (`PPOConfig.cartPoleZoo`): trains for
/// `timesteps`, then evaluates greedily for `evalEpisodes`. Single-threaded.
public func runPPOBenchmark(seed: UInt64 = 0, timesteps: Int = 100_000, evalEpisodes: Int = 20,
                            network: NetworkConfig = NetworkConfig(),
                            progress: (PPOProgress) -> Void = { _ in }) throws -> PPOBenchResult {
    var config = PPOConfig.cartPoleZoo(seed: seed)
    config.totalTimesteps = timesteps
    config.network = network
    let trainer = try PPOTrainer(config: config) { _ in CartPole() }
    var solvedAt: Int?
    let cpuStart = processCPUSeconds()
    let final = trainer.learn { p in
        if solvedAt == nil, let m = p.rollingMeanReturn, m >= 475 { solvedAt = p.timesteps }
        progress(p)
        return true
    }
    let cpu = processCPUSeconds() - cpuStart
    let evalReturn = evaluateGreedy(model: trainer.model, episodes: evalEpisodes, seed: seed &+ 1_000_000)
    return PPOBenchResult(seed: seed, timesteps: final.timesteps, wallSeconds: final.elapsedSeconds,
                          cpuSeconds: cpu, rolloutSeconds: final.rolloutSeconds, updateSeconds: final.updateSeconds,
                          stepsPerSecond: final.stepsPerSecond, stepsToSolve: solvedAt,
                          finalRollingMeanReturn: final.rollingMeanReturn, evalMeanReturn: evalReturn,
                          evalEpisodes: evalEpisodes, episodes: final.episodeCount,
                          parameterCount: trainer.model.parameterCount)
}

/// Mean undiscounted return of `episodes` CartPole episodes played with the greedy action.
public func evaluateGreedy(model: ActorCritic, episodes: Int, seed: UInt64) -> Double {
    let runner = PolicyRunner(model: model)
    var total = 0.0
    var env = CartPole()
    for e in 0..<episodes {
        var obs = env.reset(seed: seed &+ UInt64(e))
        while true {
            let r = env.step(runner.greedyAction(obs))
            total += Double(r.reward)
            obs = r.observation
            if r.terminated || r.truncated { break }
        }
    }
    return episodes > 0 ? total / Double(episodes) : 0
}

/// CPU time used by this process so far, in seconds.
public func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
