import Foundation

/// Single-observation inference on an `ActorCritic`: action probabilities, the greedy action, the
/// value estimate. What evaluation, backtests and the live runner call; it owns the scratch memory
/// so callers just pass an observation.
public final class PolicyRunner {
    public let model: ActorCritic
    private let workspace: ActorCriticWorkspace
    private let logProbs: FloatBuffer

    public init(model: ActorCritic) {
        self.model = model
        workspace = ActorCriticWorkspace(model, maxBatch: 1)
        logProbs = FloatBuffer(count: model.actionCount)
    }

    /// π(·|observation).
    public func probabilities(_ observation: [Float]) -> [Float] {
        run(observation)
        return (0..<model.actionCount).map { Foundation.exp(logProbs[$0]) }
    }

    /// argmax_a π(a|observation) (first on ties).
    public func greedyAction(_ observation: [Float]) -> Int {
        run(observation)
        return Categorical.argmax(workspace.logits, count: model.actionCount)
    }

    /// V(observation).
    public func value(_ observation: [Float]) -> Float {
        run(observation)
        return workspace.values[0]
    }

    /// argmax_a π(a|observation) for an observation already in memory (no allocation).
    public func greedyAction(observation: UnsafePointer<Float>) -> Int {
        model.forward(observation, batch: 1, workspace: workspace)
        return Categorical.argmax(workspace.logits, count: model.actionCount)
    }

    private func run(_ observation: [Float]) {
        precondition(observation.count == model.observationSize,
                     "observation has \(observation.count) values, the policy expects \(model.observationSize)")
        observation.withUnsafeBufferPointer { o in
            guard let p = o.baseAddress else { return }
            model.forward(p, batch: 1, workspace: workspace)
        }
        Categorical.logSoftmax(workspace.logits, count: model.actionCount, into: logProbs.pointer)
    }
}
