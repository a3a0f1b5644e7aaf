import Foundation
import TradingCore

/// N environments stepped together into preallocated, contiguous buffers.
///
/// Auto-reset follows Stable-Baselines3 / CleanRL: when an environment finishes, its last
/// observation is copied to `finalObservations` (so a truncated episode can be bootstrapped from
/// it) and the environment is reset at once; `observations` then holds the new episode's first
/// observation. Finished episodes' returns and lengths accumulate in `finishedEpisodes`.
public struct VectorEnv<Env: Environment> {
    public private(set) var envs: [Env]
    public let observationSize: Int
    public let actionCount: Int
    /// Row-major `count × observationSize`.
    public private(set) var observations: [Float]
    /// Row-major `count × observationSize`; row i is valid when `dones[i]` after a step.
    public private(set) var finalObservations: [Float]
    public private(set) var rewards: [Float]
    public private(set) var terminated: [Bool]
    public private(set) var truncated: [Bool]
    /// Episodes finished since the last `drainFinishedEpisodes()`.
    public private(set) var finishedEpisodes: [EpisodeSummary] = []
    private var runningReturn: [Double]
    private var runningLength: [Int]

    public var count: Int { envs.count }

    /// Builds the vector; all environments must agree on observation and action sizes.
    public init(_ envs: [Env]) {
        precondition(!envs.isEmpty, "a VectorEnv needs at least one environment")
        let obsSize = envs[0].observationSize
        let actions = envs[0].actionCount
        precondition(envs.allSatisfy { $0.observationSize == obsSize && $0.actionCount == actions },
                     "environments in a VectorEnv must share observation and action sizes")
        self.envs = envs
        observationSize = obsSize
        actionCount = actions
        observations = [Float](repeating: 0, count: envs.count * obsSize)
        finalObservations = observations
        rewards = [Float](repeating: 0, count: envs.count)
        terminated = [Bool](repeating: false, count: envs.count)
        truncated = terminated
        runningReturn = [Double](repeating: 0, count: envs.count)
        runningLength = [Int](repeating: 0, count: envs.count)
    }

    /// Resets every environment; environment i gets seed `seed + i` (or continues its stream).
    public mutating func reset(seed: UInt64? = nil) {
        let n = observationSize
        observations.withUnsafeMutableBufferPointer { all in
            for i in envs.indices {
                let row = UnsafeMutableBufferPointer(rebasing: all[(i * n)..<((i + 1) * n)])
                envs[i].reset(seed: seed.map { $0 &+ UInt64(i) }, into: row)
            }
        }
        for i in envs.indices { runningReturn[i] = 0; runningLength[i] = 0 }
    }

    /// Steps environment i with `actions[i]`, auto-resetting finished ones.
    public mutating func step(_ actions: [Int]) {
        precondition(actions.count == envs.count, "need one action per environment")
        let n = observationSize
        observations.withUnsafeMutableBufferPointer { all in
            finalObservations.withUnsafeMutableBufferPointer { finals in
                for i in envs.indices {
                    let row = UnsafeMutableBufferPointer(rebasing: all[(i * n)..<((i + 1) * n)])
                    let outcome = envs[i].step(actions[i], into: row)
                    rewards[i] = outcome.reward
                    terminated[i] = outcome.terminated
                    truncated[i] = outcome.truncated
                    runningReturn[i] += Double(outcome.reward)
                    runningLength[i] += 1
                    if outcome.done {
                        for j in 0..<n { finals[i * n + j] = row[j] }
                        finishedEpisodes.append(EpisodeSummary(return: runningReturn[i], length: runningLength[i]))
                        runningReturn[i] = 0
                        runningLength[i] = 0
                        envs[i].reset(seed: nil, into: row)
                    }
                }
            }
        }
    }

    /// Returns and clears the finished-episode log.
    public mutating func drainFinishedEpisodes() -> [EpisodeSummary] {
        defer { finishedEpisodes.removeAll(keepingCapacity: true) }
        return finishedEpisodes
    }

    /// Read access to one environment (e.g. for its accounting after an episode).
    public func env(_ i: Int) -> Env { envs[i] }
}

/// One finished episode's undiscounted return and length.
public struct EpisodeSummary: Sendable, Hashable, Codable {
    public var `return`: Double
    public var length: Int

    public init(return value: Double, length: Int) {
        self.return = value
        self.length = length
    }
}
