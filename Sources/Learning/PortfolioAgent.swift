import Foundation

/// A trained portfolio policy as a chooser for `PortfolioEnv.run`: standardises the observation
/// with the statistics frozen at training (VecNormalize), takes the greedy action, and returns
/// its target weights.
public final class PortfolioAgent {
    public let actions: PortfolioActions
    public let observationStatistics: RunningStatistics?
    private let runner: PolicyRunner
    private let scratch: FloatBuffer

    public init(model: ActorCritic, actions: PortfolioActions, observationStatistics: RunningStatistics?) throws {
        guard model.actionCount == actions.count else {
            throw CheckpointError("the portfolio has \(actions.count) actions, the network \(model.actionCount)")
        }
        if let observationStatistics, observationStatistics.size != model.observationSize {
            throw CheckpointError("observation statistics have \(observationStatistics.size) values, the network reads \(model.observationSize)")
        }
        self.actions = actions
        self.observationStatistics = observationStatistics
        runner = PolicyRunner(model: model)
        scratch = FloatBuffer(count: model.observationSize)
    }

    /// The greedy action for a raw observation.
    public func action(for observation: UnsafeBufferPointer<Float>) -> Int {
        let n = min(observation.count, scratch.count)
        for i in 0..<n { scratch.pointer[i] = observation[i] }
        observationStatistics?.normalize(scratch.pointer, rows: 1)
        return runner.greedyAction(observation: UnsafePointer(scratch.pointer))
    }

    /// What `PortfolioEnv.run` asks for: the greedy action's weights (nil for `hold`).
    public func choose(_ observation: UnsafeBufferPointer<Float>, _ step: Int) -> [Double]? {
        actions.weights(for: action(for: observation))
    }
}
