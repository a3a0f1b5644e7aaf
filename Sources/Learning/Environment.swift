import Foundation
import TradingCore

/// A reinforcement-learning environment with a Gym-style API and a discrete action space.
///
/// The hot path writes observations into caller-owned buffers (`reset(seed:into:)`,
/// `step(_:into:)`) so a `VectorEnv` can step many environments into one preallocated matrix
/// without allocating; `reset(seed:)` / `step(_:)` are the allocating Gym-style conveniences.
public protocol Environment {
    /// Length of one observation vector.
    var observationSize: Int { get }
    /// Number of discrete actions (actions are `0..<actionCount`).
    var actionCount: Int { get }

    /// Starts a new episode and writes its first observation. A nil seed continues the
    /// environment's own random stream; a seed restarts it.
    mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>)

    /// Applies `action` and writes the next observation. When the episode ends the observation
    /// written is the final one (the caller resets).
    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome
}

/// What one step returns besides the observation (Gymnasium's `reward, terminated, truncated`).
public struct StepOutcome: Sendable, Hashable {
    public var reward: Float
    /// The episode reached a terminal state of the task (e.g. the pole fell, the account is ruined).
    public var terminated: Bool
    /// The episode was cut by a time limit or the end of data; bootstrap from the value estimate.
    public var truncated: Bool

    public init(reward: Float, terminated: Bool, truncated: Bool) {
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }

    public var done: Bool { terminated || truncated }
}

/// Gymnasium's five-tuple, for callers that want arrays (tests, scripts).
public struct StepResult: Sendable {
    public var observation: [Float]
    public var reward: Float
    public var terminated: Bool
    public var truncated: Bool
    public var info: [String: Double]

    public var done: Bool { terminated || truncated }
}

extension Environment {
    /// Gym-style `reset(seed:)` returning a fresh observation array.
    public mutating func reset(seed: UInt64? = nil) -> [Float] {
        var obs = [Float](repeating: 0, count: observationSize)
        obs.withUnsafeMutableBufferPointer { reset(seed: seed, into: $0) }
        return obs
    }

    /// Gym-style `step(action)` returning `(observation, reward, terminated, truncated, info)`.
    public mutating func step(_ action: Int) -> StepResult {
        var obs = [Float](repeating: 0, count: observationSize)
        let outcome = obs.withUnsafeMutableBufferPointer { step(action, into: $0) }
        return StepResult(observation: obs, reward: outcome.reward, terminated: outcome.terminated,
                          truncated: outcome.truncated, info: [:])
    }
}
