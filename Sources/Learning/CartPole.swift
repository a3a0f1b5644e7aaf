import Foundation
import TradingCore

/// CartPole-v1 with Gymnasium's dynamics: the learner's sanity benchmark.
///
/// A pole on a cart; push left (0) or right (1) with 10 N; reward 1 per step. The episode
/// terminates when |θ| > 12° or |x| > 2.4 and is truncated after 500 steps (Gymnasium's
/// `TimeLimit`). Explicit Euler with τ = 0.02 s (Gymnasium's default `kinematics_integrator`). State in Double, observations in Float as Gymnasium's float32
/// observation space; reset draws each state component uniformly from [−0.05, 0.05].
public struct CartPole: Environment, Sendable {
    public static let gravity = 9.8
    public static let massCart = 1.0
    public static let massPole = 0.1
    public static let totalMass = massCart + massPole
    public static let halfLength = 0.5
    public static let poleMassLength = massPole * halfLength
    public static let forceMagnitude = 10.0
    public static let tau = 0.02
    public static let thetaThreshold = 12 * 2 * Double.pi / 360
    public static let xThreshold = 2.4

    public let observationSize = 4
    public let actionCount = 2
    public let maxEpisodeSteps: Int
    /// (x, ẋ, θ, θ̇).
    public private(set) var state: (Double, Double, Double, Double) = (0, 0, 0, 0)
    public private(set) var elapsedSteps = 0
    private var rng: SeededGenerator

    public init(seed: UInt64 = 0, maxEpisodeSteps: Int = 500) {
        rng = SeededGenerator(seed: seed)
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed { rng = SeededGenerator(seed: seed) }
        func draw() -> Double { -0.05 + 0.1 * rng.nextUnit() }
        state = (draw(), draw(), draw(), draw())
        elapsedSteps = 0
        write(observation)
    }

    public mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        var (x, xDot, theta, thetaDot) = state
        let force = action == 1 ? Self.forceMagnitude : -Self.forceMagnitude
        let cosTheta = Foundation.cos(theta), sinTheta = Foundation.sin(theta)
        let temp = (force + Self.poleMassLength * thetaDot * thetaDot * sinTheta) / Self.totalMass
        let thetaAcc = (Self.gravity * sinTheta - cosTheta * temp)
            / (Self.halfLength * (4.0 / 3.0 - Self.massPole * cosTheta * cosTheta / Self.totalMass))
        let xAcc = temp - Self.poleMassLength * thetaAcc * cosTheta / Self.totalMass
        x += Self.tau * xDot
        xDot += Self.tau * xAcc
        theta += Self.tau * thetaDot
        thetaDot += Self.tau * thetaAcc
        state = (x, xDot, theta, thetaDot)
        elapsedSteps += 1
        write(observation)
        let terminated = x < -Self.xThreshold || x > Self.xThreshold
            || theta < -Self.thetaThreshold || theta > Self.thetaThreshold
        let truncated = !terminated && elapsedSteps >= maxEpisodeSteps
        return StepOutcome(reward: 1, terminated: terminated, truncated: truncated)
    }

    /// Sets the physical state (tests compare trajectories with Gymnasium's).
    public mutating func setState(_ s: (Double, Double, Double, Double)) { state = s }

    private func write(_ o: UnsafeMutableBufferPointer<Float>) {
        o[0] = Float(state.0); o[1] = Float(state.1); o[2] = Float(state.2); o[3] = Float(state.3)
    }
}
