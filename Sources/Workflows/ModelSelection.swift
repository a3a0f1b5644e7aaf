import Learning

/// Model selection during training: the best weights seen so far by validation score, with the
/// observation statistics they were trained under (VecNormalize: the two belong together), and
/// the count of validations since the last improvement that early stopping reads. Shared by the
/// single-symbol and the portfolio training loops.
final class ModelSelection {
    private(set) var bestScore = -Double.infinity
    private(set) var parameters: FloatBuffer
    private(set) var statistics: RunningStatistics?
    private(set) var sinceBest = 0
    let patience: Int?

    init(model: ActorCritic, statistics: RunningStatistics?, patience: Int?) {
        parameters = model.parameters.copy()
        self.statistics = statistics
        self.patience = patience
    }

    /// The best score, nil before any finite one.
    var best: Double? { bestScore.isFinite ? bestScore : nil }
    /// The best score as a number (0 before any validation).
    var bestValue: Double { best ?? 0 }

    /// Records one validation; keeps `model`'s weights when `score` beats the best. True when it did.
    @discardableResult
    func record(_ score: Double, model: ActorCritic, statistics current: RunningStatistics?) -> Bool {
        guard score > bestScore else {
            sinceBest += 1
            return false
        }
        bestScore = score
        parameters = model.parameters.copy()
        statistics = current
        sinceBest = 0
        return true
    }

    /// Restores a saved best (resuming an interrupted run).
    func restore(score: Double?, parameters savedParameters: FloatBuffer?, statistics savedStatistics: RunningStatistics?) {
        if let savedParameters {
            parameters = savedParameters.copy()
            statistics = savedStatistics
        }
        bestScore = score ?? -Double.infinity
    }

    /// True once `patience` validations in a row did not improve.
    var shouldStop: Bool { patience.map { sinceBest >= $0 } ?? false }

    /// A fresh network shaped like `model` holding the best weights.
    func bestModel(like model: ActorCritic) -> ActorCritic {
        let out = ActorCritic(observationSize: model.observationSize, actionCount: model.actionCount, config: model.config, seed: 0)
        out.parameters.assign(from: parameters)
        return out
    }
}
