import Features
import Foundation
import Learning
import TradingCore

/// Several PPO agents (trained with different seeds) deciding together: their action
/// probabilities are averaged and the most probable action is taken. FinRL's ensemble picks one
/// agent per window; averaging keeps every member's view, cancels seed-specific noise, and so
/// trades less on coin flips. All members must read the same features and share the action scheme.
public struct EnsemblePolicy: ExplainablePolicy {
    public let name: String
    public let members: [PPOPolicy]
    public let featureSpec: FeatureSpec?
    public var lookback: Int { members.map(\.lookback).max() ?? 1 }
    private let decisions: [Decision]
    private let env: TradingEnvConfig

    public init(members: [PPOPolicy], name: String = "ppo ensemble") throws {
        guard let first = members.first else { throw CheckpointError("an ensemble needs at least one member") }
        for m in members.dropFirst() {
            guard m.featureSpec == first.featureSpec else { throw CheckpointError("ensemble members read different features") }
            guard m.actionDecisions == first.actionDecisions else { throw CheckpointError("ensemble members use different action schemes") }
            guard m.env.minHoldBars == first.env.minHoldBars else { throw CheckpointError("ensemble members use different minimum holding periods") }
        }
        self.name = name
        self.members = members
        featureSpec = first.featureSpec
        decisions = first.actionDecisions
        env = first.env
    }

    public mutating func reset() {}

    /// The mean of the members' probabilities for one observation.
    public func probabilities(_ observation: [Float]) -> [Double] {
        var mean = [Double](repeating: 0, count: decisions.count)
        for m in members {
            for (i, p) in m.probabilities(observation).enumerated() { mean[i] += Double(p) / Double(members.count) }
        }
        return mean
    }

    public mutating func decide(_ context: DecisionContext) -> Decision {
        let p = probabilities(Self.observation(context, spec: featureSpec))
        return env.gate(decisions[DecisionExplanation.argmax(p)], state: context.state)
    }

    public func explain(_ context: DecisionContext) -> DecisionExplanation {
        let parts = members.map { $0.explain(context) }
        func mean(_ pick: (DecisionExplanation) -> [Double]?) -> [Double]? {
            let all = parts.compactMap(pick)
            guard all.count == parts.count, let n = all.first?.count else { return nil }
            return (0..<n).map { i in all.reduce(0) { $0 + $1[i] } / Double(all.count) }
        }
        return DecisionExplanation(actions: parts[0].actions, probabilities: mean { $0.probabilities } ?? [],
                                   withoutSentiment: mean { $0.withoutSentiment }, neutralPrice: mean { $0.neutralPrice } ?? [])
    }

    static func observation(_ context: DecisionContext, spec: FeatureSpec?) -> [Float] {
        var o = [Float](repeating: 0, count: ObservationBuilder.agentStateSize + (spec.map { $0.window * $0.features.count } ?? 0))
        o.withUnsafeMutableBufferPointer { context.writeObservation(into: $0) }
        return o
    }
}
