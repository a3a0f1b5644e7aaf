import Features
import Foundation
import Learning
import TradingCore

/// A trained PPO agent as a backtest/live `Policy`: builds the observation the agent was trained
/// on, takes the greedy action, and maps it to a decision with the checkpoint's action scheme.
///
/// Loading checks the checkpoint's FeatureSpec against the pipeline's and fails with the
/// differences, so a policy never silently reads features it was not trained on.
public struct PPOPolicy: Policy {
    public let name: String
    public let manifest: CheckpointManifest
    private let runner: PolicyRunner
    private let observation: FloatBuffer
    /// The environment the agent was trained in: its action scheme, position rules and holding rule decide.
    public let env: TradingEnvConfig
    public let featureSpec: FeatureSpec?
    public var lookback: Int { (featureSpec?.window ?? 1) + 1 }

    /// Wraps an in-memory model (e.g. during training, for validation backtests).
    public init(model: ActorCritic, manifest: CheckpointManifest, name: String = "ppo") throws {
        guard let env = manifest.envConfig, manifest.featureSpec != nil else {
            throw CheckpointError("a trading policy needs featureSpec and envConfig in its manifest")
        }
        guard env.actions.count == model.actionCount else {
            throw CheckpointError("the action scheme has \(env.actions.count) actions, the network \(model.actionCount)")
        }
        self.name = name
        self.manifest = manifest
        runner = PolicyRunner(model: model)
        observation = FloatBuffer(count: model.observationSize)
        self.env = env
        featureSpec = manifest.featureSpec
    }

    /// Loads `DIR` (policy.safetensors + checkpoint.json) and checks it against `featureSpec` and,
    /// for agents reading sentiment, against the pipeline's `sentiment` settings.
    public init(checkpoint directory: URL, featureSpec: FeatureSpec, sentiment: JSONValue? = nil) throws {
        let (manifest, model) = try Checkpoint.load(from: directory)
        try manifest.checkFeatureSpec(featureSpec)
        try manifest.checkSentiment(sentiment)
        if let statistics = manifest.observationStatistics, statistics.size != model.observationSize {
            throw CheckpointError("observation statistics have \(statistics.size) values, the network reads \(model.observationSize)")
        }
        guard model.observationSize == ObservationBuilder.size(for: featureSpec) else {
            throw CheckpointError("checkpoint observation size \(model.observationSize) ≠ pipeline's \(ObservationBuilder.size(for: featureSpec))")
        }
        try self.init(model: model, manifest: manifest, name: "ppo:\(directory.lastPathComponent)")
    }

    public mutating func reset() {}

    /// The action probabilities for a raw observation (standardised first with the checkpoint's
    /// frozen statistics, when it has them).
    public func probabilities(_ observation: [Float]) -> [Float] {
        runner.probabilities(manifest.observationStatistics?.normalized(observation) ?? observation)
    }

    /// The action scheme's decision for each action index.
    public var actionDecisions: [Decision] { (0..<env.actions.count).map { env.actions.decision(for: $0, allowShort: env.rules.allowShort) } }

    public mutating func decide(_ context: DecisionContext) -> Decision {
        let buffer = UnsafeMutableBufferPointer(start: observation.pointer, count: observation.count)
        context.writeObservation(into: buffer)
        manifest.observationStatistics?.normalize(observation.pointer, rows: 1)
        let action = runner.greedyAction(observation: UnsafePointer(observation.pointer))
        return env.decision(for: action, state: context.state)
    }
}
