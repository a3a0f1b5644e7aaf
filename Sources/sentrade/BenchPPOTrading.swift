import ArgumentParser
import Features
import Foundation
import Learning
import MarketData
import Workflows

/// `sentrade bench ppo --env trading`: PPO's speed on the trading environment with the full
/// fused feature spec (17 features × 10 bars + agent state) over the demo's synthetic market —
/// the learner's real workload, next to the CartPole figure.
enum TradingPPOBenchmark {
    struct Result: Encodable {
        var env = "trading"
        var seed: UInt64
        var timesteps: Int
        var wallSeconds: Double
        var rolloutSeconds: Double
        var updateSeconds: Double
        var stepsPerSecond: Double
        var observationSize: Int
        var parameterCount: Int
        /// SB3 PPO on gym-anytrading's stocks-v0 with the same settings, run right after (--reference-python).
        var sb3StocksV0: Reference?

        struct Reference: Encodable {
            var wallSeconds: Double
            var cpuSeconds: Double
            var stepsPerSecond: Double
            var observationSize: Int?
        }
    }

    static func run(seed: UInt64, timesteps: Int) throws -> Result {
        let market = SyntheticMarket.generate(SyntheticMarketConfig())
        let builder = SentimentFeatureBuilder.default
        let series = try market.series.map { bars in
            TradingSeries(series: bars, sentiment: try builder.build(posts: market.posts[bars.symbol] ?? [], bars: bars).perBar, spec: .fused())
        }
        var ppo = TrainingConfig.defaultPPO(seed: seed)
        ppo.totalTimesteps = timesteps
        let envs = try (0..<ppo.numEnvs).map { i in
            try TradingEnv(series: series, config: TradingEnvConfig(), ranges: series.map { $0.firstObservableIndex..<$0.count },
                           seed: seed &+ UInt64(i) &* 7919)
        }
        let trainer = try PPOTrainer(config: ppo) { envs[$0] }
        let final = trainer.learn()
        return Result(seed: seed, timesteps: final.timesteps, wallSeconds: final.elapsedSeconds, rolloutSeconds: final.rolloutSeconds,
                      updateSeconds: final.updateSeconds, stepsPerSecond: final.stepsPerSecond,
                      observationSize: trainer.model.observationSize, parameterCount: trainer.model.parameterCount)
    }
}
