import Backtest
import Features
import Foundation
import Learning
import TradingCore

/// Trains a portfolio agent with PPO on `PortfolioEnv` episodes inside the training sessions,
/// validates the greedy policy on the validation sessions (the portfolio's Sharpe after costs),
/// keeps the best weights with their observation statistics, and stops early when validation
/// stops improving — `TradingTraining`'s recipe for one agent over N symbols.
public enum PortfolioTraining {
    /// What a run produced: the best agent by validation Sharpe and its score.
    public struct Outcome {
        public var model: ActorCritic
        public var agent: PortfolioAgent
        public var bestValidationSharpe: Double
        public var validations: Int
        public var stoppedEarly: Bool
    }

    public static func train(series: [TradingSeries], trainSessions: Range<Int>, validationSessions: Range<Int>,
                             env: TradingEnvConfig, actions: PortfolioActions? = nil, ppo: PPOConfig,
                             options: TrainingOptions = TrainingOptions()) throws -> Outcome {
        let envs = try (0..<ppo.numEnvs).map { i in
            try PortfolioEnv(series: series, config: env, actions: actions, range: trainSessions, seed: ppo.seed &+ UInt64(i) &* 7919)
        }
        let actionSet = envs[0].actions
        var evaluator = try PortfolioEnv(series: series, config: env, actions: actionSet)
        let trainer = try PPOTrainer(config: ppo) { envs[$0] }

        func validationSharpe() throws -> Double {
            let agent = try PortfolioAgent(model: trainer.model, actions: actionSet, observationStatistics: trainer.observationStatistics)
            let run = evaluator.run(sessions: max(validationSessions.lowerBound - 1, 0)..<validationSessions.upperBound, choose: agent.choose)
            return run.combined.metrics(periodsPerYear: 252).sharpe
        }

        let selection = ModelSelection(model: trainer.model, statistics: trainer.observationStatistics, patience: options.patience)
        var validations = 0
        var stoppedEarly = false
        var thrown: Error?
        trainer.learn(totalTimesteps: ppo.totalTimesteps) { p in
            let last = p.timesteps >= p.totalTimesteps
            guard p.iteration % max(options.validateEvery, 1) == 0 || last else { return true }
            do {
                selection.record(try validationSharpe(), model: trainer.model, statistics: trainer.observationStatistics)
                validations += 1
            } catch {
                thrown = error
                return false
            }
            stoppedEarly = selection.shouldStop
            return !stoppedEarly
        }
        if let thrown { throw thrown }
        let model = selection.bestModel(like: trainer.model)
        let agent = try PortfolioAgent(model: model, actions: actionSet, observationStatistics: selection.statistics)
        return Outcome(model: model, agent: agent, bestValidationSharpe: selection.bestValue,
                       validations: validations, stoppedEarly: stoppedEarly)
    }
}

extension PortfolioRun {
    /// The run as the evaluation's portfolio view (no round trips: a portfolio rebalances weights).
    public var combined: PortfolioView.Combined {
        PortfolioView.Combined(times: times, equity: equity, exposure: exposure, tradedNotional: tradedNotional,
                               trades: trades, roundTrips: [], costsPaid: costsPaid)
    }
}
