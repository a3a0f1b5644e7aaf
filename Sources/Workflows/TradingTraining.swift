import Backtest
import Strategy
import Features
import Foundation
import Learning
import TradingCore

/// Options of a trading-agent training run besides the data, the env and PPO hyperparameters.
public struct TrainingOptions: Codable, Sendable, Equatable {
    /// Run a validation backtest every this many PPO iterations (rollout + update).
    public var validateEvery: Int = 5
    /// Stop after this many validations without a better validation Sharpe (nil: never).
    public var patience: Int? = 8
    /// Where the best checkpoint is written (nil: not written).
    public var checkpointDirectory: String?
    /// A JSON-lines log, one record per PPO iteration (nil: none).
    public var logFile: String?
    /// Recorded in checkpoint.json.
    public var gitCommit: String?
    /// A folder to save progress to at every validation and resume from after an interruption
    /// (SageMaker managed spot: `/opt/ml/checkpoints`). Resuming restores the latest weights, the
    /// best weights so far and the steps done; Adam's moments restart from zero.
    public var resumeDirectory: String?

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingOptions()
        validateEvery = try c.decodeIfPresent(Int.self, forKey: .validateEvery) ?? d.validateEvery
        patience = try c.decodeIfPresent(Int.self, forKey: .patience) ?? d.patience
        checkpointDirectory = try c.decodeIfPresent(String.self, forKey: .checkpointDirectory)
        logFile = try c.decodeIfPresent(String.self, forKey: .logFile)
        gitCommit = try c.decodeIfPresent(String.self, forKey: .gitCommit)
        resumeDirectory = try c.decodeIfPresent(String.self, forKey: .resumeDirectory)
    }
}

/// One line of training progress (also the JSON-lines log record).
public struct TrainingEvent: Codable, Sendable {
    public var timesteps: Int
    public var totalTimesteps: Int
    public var iteration: Int
    public var stepsPerSecond: Double
    public var elapsedSeconds: Double
    /// Mean training-episode return of the latest rollout's finished episodes.
    public var episodeReturn: Double?
    public var validationSharpe: Double?
    public var bestValidationSharpe: Double?
    public var improved: Bool
    /// PPO update diagnostics of this iteration (mean over minibatches): policy entropy, approximate
    /// KL to the rollout policy, share of clipped ratios, and the critic's explained variance.
    public var entropy: Double?
    public var approxKL: Double?
    public var clipFraction: Double?
    public var explainedVariance: Double?
    /// Annual turnover of the validation backtest (with `validationSharpe`).
    public var validationTurnover: Double?
}

/// What a training run produced: the best policy by validation Sharpe and its manifest.
public struct TrainingOutcome {
    public var model: ActorCritic
    public var manifest: CheckpointManifest
    public var bestValidationSharpe: Double
    public var events: [TrainingEvent]
    public var stoppedEarly: Bool
}

/// Trains a PPO agent on `TradingEnv` episodes drawn from the training ranges of many symbols,
/// validates it by backtesting the greedy policy on the validation ranges (equal-weight portfolio
/// Sharpe, same execution model as the env), keeps the best parameters, and stops early when
/// validation stops improving.
public enum TradingTraining {
    public static func train(series: [TradingSeries], trainRanges: [Range<Int>], validationRanges: [Range<Int>],
                             env: TradingEnvConfig, ppo: PPOConfig, options: TrainingOptions = TrainingOptions(),
                             dataRange: [String: String]? = nil,
                             sentiment: JSONValue? = SentimentFeatureBuilder.default.settings(analyzerID: "lexicon"),
                             progress: (TrainingEvent) -> Void = { _ in }) throws -> TrainingOutcome {
        guard let spec = series.first?.features.spec else { throw TradingEnvError.noData }
        // Each env draws its own episode stream; data errors surface here, before training.
        let envs = try (0..<ppo.numEnvs).map { i in
            try TradingEnv(series: series, config: env, ranges: trainRanges, seed: ppo.seed &+ UInt64(i) &* 7919)
        }
        let trainer = try PPOTrainer(config: ppo) { envs[$0] }
        var manifest = CheckpointManifest(observationSize: trainer.model.observationSize,
                                          actionCount: trainer.model.actionCount, network: ppo.network)
        manifest.hyperparameters = ppo
        manifest.featureSpec = spec
        manifest.envConfig = env
        manifest.dataRange = dataRange
        manifest.gitCommit = options.gitCommit
        manifest.sentiment = spec.usesSentiment ? sentiment : nil
        let backtest = BacktestConfig(initialCash: env.initialCash, costs: env.costs, fill: env.fill, rules: env.rules)

        /// The greedy policy's equal-weight validation backtest: Sharpe (the model-selection score) and turnover.
        func validation() throws -> (sharpe: Double, turnover: Double) {
            manifest.observationStatistics = trainer.observationStatistics
            var policy: any Policy = try PPOPolicy(model: trainer.model, manifest: manifest)
            let results = zip(series, validationRanges).map { s, r in
                Backtester.run(any: &policy, on: s, range: r, config: backtest)
            }
            let metrics = PortfolioView.equalWeight(results, periodsPerYear: 252)
            return (metrics?.sharpe ?? 0, metrics?.turnover ?? 0)
        }

        let selection = ModelSelection(model: trainer.model, statistics: trainer.observationStatistics, patience: options.patience)
        // Resume after an interruption: latest weights, best so far, steps done.
        var stepsDone = 0
        let resume = options.resumeDirectory.map { URL(fileURLWithPath: $0) }
        if let resume, let progress = try? JSONDecoder().decode(ResumeState.self, from: Data(contentsOf: resume.appendingPathComponent("progress.json"))) {
            let (latestManifest, latest) = try Checkpoint.load(from: resume.appendingPathComponent("latest"))
            trainer.restoreObservationStatistics(latestManifest.observationStatistics)
            guard latest.observationSize == trainer.model.observationSize, latest.actionCount == trainer.model.actionCount else {
                throw CheckpointError("\(resume.path): the saved progress is for another observation or action size")
            }
            trainer.model.parameters.assign(from: latest.parameters)
            let saved = try? Checkpoint.load(from: resume.appendingPathComponent("best"))
            selection.restore(score: progress.bestValidationSharpe, parameters: saved?.1.parameters, statistics: saved?.0.observationStatistics)
            stepsDone = progress.timesteps
        }
        func saveProgress(timesteps: Int) throws {
            guard let resume else { return }
            var latestManifest = manifest, bestManifest = manifest
            latestManifest.observationStatistics = trainer.observationStatistics
            bestManifest.observationStatistics = selection.statistics
            try Checkpoint.save(model: trainer.model, manifest: latestManifest, to: resume.appendingPathComponent("latest"))
            try Checkpoint.save(model: selection.bestModel(like: trainer.model), manifest: bestManifest, to: resume.appendingPathComponent("best"))
            let state = ResumeState(timesteps: timesteps, bestValidationSharpe: selection.best)
            try JSONEncoder().encode(state).write(to: resume.appendingPathComponent("progress.json"), options: .atomic)
        }
        var events: [TrainingEvent] = []
        var stoppedEarly = false
        var log: FileHandle?
        if let path = options.logFile {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CheckpointError("training.logFile \(path): cannot be written")
            }
            log = FileHandle(forWritingAtPath: path)
        }
        defer { try? log?.close() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var thrown: Error?
        trainer.learn(totalTimesteps: max(ppo.totalTimesteps - stepsDone, 0)) { p in
            let returns = p.newEpisodes.map(\.return)
            var event = TrainingEvent(timesteps: p.timesteps + stepsDone, totalTimesteps: p.totalTimesteps + stepsDone, iteration: p.iteration,
                                      stepsPerSecond: p.stepsPerSecond, elapsedSeconds: p.elapsedSeconds,
                                      episodeReturn: returns.isEmpty ? nil : returns.reduce(0, +) / Double(returns.count),
                                      validationSharpe: nil, bestValidationSharpe: selection.best, improved: false,
                                      entropy: p.update.mean.entropy, approxKL: p.update.mean.approxKL,
                                      clipFraction: p.update.mean.clipFraction, explainedVariance: p.update.explainedVariance)
            let last = p.timesteps >= p.totalTimesteps
            if p.iteration % max(options.validateEvery, 1) == 0 || last {
                do {
                    let (sharpe, turnover) = try validation()
                    event.validationSharpe = sharpe
                    event.validationTurnover = turnover
                    event.improved = selection.record(sharpe, model: trainer.model, statistics: trainer.observationStatistics)
                    event.bestValidationSharpe = selection.bestScore
                    try saveProgress(timesteps: p.timesteps + stepsDone)
                } catch {
                    thrown = error
                    return false
                }
            }
            events.append(event)
            progress(event)
            if let log, let line = try? encoder.encode(event) {
                log.write(line + Data("\n".utf8))
            }
            stoppedEarly = selection.shouldStop
            return !stoppedEarly
        }
        if let thrown { throw thrown }
        let model = selection.bestModel(like: trainer.model)
        manifest.observationStatistics = selection.statistics
        manifest.timesteps = trainer.timesteps + stepsDone
        manifest.metrics = ["validationSharpe": selection.bestValue]
        manifest.createdAt = ISO8601DateFormatter().string(from: Date())
        if let dir = options.checkpointDirectory {
            try Checkpoint.save(model: model, manifest: manifest, to: URL(fileURLWithPath: dir))
        }
        return TrainingOutcome(model: model, manifest: manifest, bestValidationSharpe: selection.bestValue,
                               events: events, stoppedEarly: stoppedEarly)
    }
}

/// What `TrainingOptions.resumeDirectory` holds besides the latest and best weights.
struct ResumeState: Codable {
    var timesteps: Int
    var bestValidationSharpe: Double?
}
