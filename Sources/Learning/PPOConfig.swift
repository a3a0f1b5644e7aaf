import Foundation

/// Every PPO hyperparameter in one place, named as Stable-Baselines3 / RL-Zoo name them.
///
/// Defaults are SB3's `PPO` defaults; `cartPoleZoo` is RL-Zoo's tuned CartPole-v1 entry
/// (`hyperparams/ppo.yml`). Codable so training configs and checkpoints carry the exact values.
/// Missing keys in a decoded file take the defaults.
public struct PPOConfig: Codable, Sendable, Equatable {
    /// Number of parallel environments (SB3 default 1; the zoo's CartPole uses 8).
    public var numEnvs: Int = 1
    /// Steps per environment per rollout (SB3 2048). Rollout size = numEnvs · nSteps.
    public var nSteps: Int = 2048
    /// Minibatch size (SB3 64).
    public var batchSize: Int = 64
    /// Passes over each rollout (SB3 10).
    public var nEpochs: Int = 10
    /// Discount γ (SB3 0.99).
    public var gamma: Double = 0.99
    /// GAE λ (SB3 0.95).
    public var gaeLambda: Double = 0.95
    /// Adam learning rate, optionally linearly decayed (SB3 3e-4 constant).
    public var learningRate: Schedule = .constant(3e-4)
    /// Surrogate clip ε (SB3 0.2 constant).
    public var clipRange: Schedule = .constant(0.2)
    /// Value clipping range around the old value; nil = no value clipping (SB3 default).
    public var clipRangeValue: Schedule? = nil
    /// Normalise advantages per minibatch (SB3 true).
    public var normalizeAdvantage: Bool = true
    /// SB3 `VecNormalize(norm_obs=True)`: observations are standardised with running statistics of
    /// the training rollouts; the frozen statistics ship in the checkpoint and inference applies them.
    public var normalizeObservations: Bool = false
    /// SB3 `VecNormalize(norm_reward=True)`: rewards are divided by the running standard deviation
    /// of the discounted return (training only; what is optimal does not change).
    public var normalizeRewards: Bool = false
    /// Entropy bonus coefficient (SB3 0).
    public var entCoef: Double = 0
    /// Value-loss coefficient (SB3 0.5). The value loss is SB3's `mse(returns, values)`.
    public var vfCoef: Double = 0.5
    /// Global gradient-norm clip (SB3 0.5).
    public var maxGradNorm: Double = 0.5
    /// Stop an update's epochs when approx-KL exceeds 1.5 × this; nil = never (SB3 default).
    public var targetKL: Double? = nil
    /// Adam ε (SB3 sets 1e-5 for PPO).
    public var adamEpsilon: Double = 1e-5
    /// Network shapes (SB3 `MlpPolicy`: separate 64-64 tanh).
    public var network: NetworkConfig = NetworkConfig()
    /// Total environment steps to train for.
    public var totalTimesteps: Int = 1_000_000
    /// Master seed: network init, action sampling, minibatch shuffling and env seeds derive from it.
    public var seed: UInt64 = 0

    public init() {}

    /// RL-Zoo CartPole-v1: 8 envs, n_steps 32, batch 256, γ 0.98, λ 0.8, 20 epochs, ent 0,
    /// lr lin_1e-3, clip lin_0.2, 100k steps.
    public static func cartPoleZoo(seed: UInt64 = 0) -> PPOConfig {
        var c = PPOConfig()
        c.numEnvs = 8
        c.nSteps = 32
        c.batchSize = 256
        c.nEpochs = 20
        c.gamma = 0.98
        c.gaeLambda = 0.8
        c.learningRate = .linear(1e-3)
        c.clipRange = .linear(0.2)
        c.entCoef = 0
        c.totalTimesteps = 100_000
        c.seed = seed
        return c
    }

    /// Rollout size (`numEnvs · nSteps`).
    public var rolloutSize: Int { numEnvs * nSteps }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PPOConfig()
        numEnvs = try c.decodeIfPresent(Int.self, forKey: .numEnvs) ?? d.numEnvs
        nSteps = try c.decodeIfPresent(Int.self, forKey: .nSteps) ?? d.nSteps
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        nEpochs = try c.decodeIfPresent(Int.self, forKey: .nEpochs) ?? d.nEpochs
        gamma = try c.decodeIfPresent(Double.self, forKey: .gamma) ?? d.gamma
        gaeLambda = try c.decodeIfPresent(Double.self, forKey: .gaeLambda) ?? d.gaeLambda
        learningRate = try c.decodeIfPresent(Schedule.self, forKey: .learningRate) ?? d.learningRate
        clipRange = try c.decodeIfPresent(Schedule.self, forKey: .clipRange) ?? d.clipRange
        clipRangeValue = try c.decodeIfPresent(Schedule.self, forKey: .clipRangeValue)
        normalizeAdvantage = try c.decodeIfPresent(Bool.self, forKey: .normalizeAdvantage) ?? d.normalizeAdvantage
        normalizeObservations = try c.decodeIfPresent(Bool.self, forKey: .normalizeObservations) ?? d.normalizeObservations
        normalizeRewards = try c.decodeIfPresent(Bool.self, forKey: .normalizeRewards) ?? d.normalizeRewards
        entCoef = try c.decodeIfPresent(Double.self, forKey: .entCoef) ?? d.entCoef
        vfCoef = try c.decodeIfPresent(Double.self, forKey: .vfCoef) ?? d.vfCoef
        maxGradNorm = try c.decodeIfPresent(Double.self, forKey: .maxGradNorm) ?? d.maxGradNorm
        targetKL = try c.decodeIfPresent(Double.self, forKey: .targetKL)
        adamEpsilon = try c.decodeIfPresent(Double.self, forKey: .adamEpsilon) ?? d.adamEpsilon
        network = try c.decodeIfPresent(NetworkConfig.self, forKey: .network) ?? d.network
        totalTimesteps = try c.decodeIfPresent(Int.self, forKey: .totalTimesteps) ?? d.totalTimesteps
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    }

    /// Throws a message naming the first invalid field.
    public func validate() throws {
        func fail(_ field: String, _ why: String) -> PPOConfigError { PPOConfigError(field: field, reason: why) }
        if numEnvs < 1 { throw fail("numEnvs", "must be ≥ 1, got \(numEnvs)") }
        if nSteps < 1 { throw fail("nSteps", "must be ≥ 1, got \(nSteps)") }
        if batchSize < 2 || batchSize > rolloutSize {
            throw fail("batchSize", "must be in 2...\(rolloutSize) (numEnvs·nSteps), got \(batchSize)")
        }
        if nEpochs < 1 { throw fail("nEpochs", "must be ≥ 1, got \(nEpochs)") }
        if !(0...1).contains(gamma) { throw fail("gamma", "must be in [0, 1], got \(gamma)") }
        if !(0...1).contains(gaeLambda) { throw fail("gaeLambda", "must be in [0, 1], got \(gaeLambda)") }
        if totalTimesteps < 1 { throw fail("totalTimesteps", "must be ≥ 1, got \(totalTimesteps)") }
    }
}

/// A hyperparameter outside its valid range.
public struct PPOConfigError: Error, CustomStringConvertible, Sendable {
    public let field: String
    public let reason: String
    public var description: String { "invalid PPO hyperparameter \(field): \(reason)" }
}
