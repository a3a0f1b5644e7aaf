import Foundation
import TradingCore

/// Proximal Policy Optimization (Schulman et al. 2017) over a `VectorEnv`, written to be read top to
/// bottom next to the paper and CleanRL's `ppo.py`, with Stable-Baselines3's conventions where the
/// two differ (so RL-Zoo hyperparameters transfer):
///
/// 1. `collectRollout`: step N envs for `nSteps`, sampling a ~ π(·|s); store s, a, log π(a|s), V(s),
///    r. A time-limit truncation adds γ·V(final observation) to the last reward (bootstrapping).
///    Optionally (SB3's VecNormalize) s is standardised with running statistics and r divided by the
///    running standard deviation of the discounted return.
/// 2. GAE(λ) advantages and returns (`RolloutBuffer.computeAdvantages`).
/// 3. `update`: `nEpochs` passes of shuffled minibatches; each minibatch minimises the clipped
///    surrogate + value loss − entropy bonus (`PPOLoss`), clips the global gradient norm and takes
///    one Adam step. Optional approximate-KL early stop. LR and clip range follow their schedules
///    by the fraction of `totalTimesteps` done.
///
/// Everything random derives from `config.seed` (network init, env seeds, action sampling,
/// shuffling) and every reduction has a fixed order, so a seed gives bit-identical results on one
/// machine and build.
public final class PPOTrainer<Env: Environment> {
    public let config: PPOConfig
    public private(set) var env: VectorEnv<Env>
    public let model: ActorCritic
    public let optimizer: Adam
    public let rollout: RolloutBuffer
    public private(set) var timesteps = 0
    public private(set) var iterations = 0
    /// Every finished training episode, in order.
    public private(set) var episodes: [EpisodeSummary] = []

    private let rolloutWorkspace: ActorCriticWorkspace
    private let single: ActorCriticWorkspace
    private let loss: PPOLoss
    private let batch: PPOBatch
    private var actionRNG: SeededGenerator
    private var shuffleRNG: SeededGenerator
    private var episodeStarts: [Bool]
    private var actions: [Int]
    private let permutation: NumericBuffer<Int>
    private let logProbRow: FloatBuffer
    /// VecNormalize (`config.normalizeObservations` / `normalizeRewards`): running statistics of the
    /// training observations and of the discounted return, and the buffer the policy reads.
    public private(set) var observationStatistics: RunningStatistics?
    public private(set) var rewardStatistics: RunningStatistics?
    private var discountedReturns: [Double]
    private let normalizedObservations: FloatBuffer

    /// Builds `config.numEnvs` environments with `makeEnv(index)` and a freshly initialised model.
    public init(config: PPOConfig, makeEnv: (Int) -> Env) throws {
        try config.validate()
        self.config = config
        env = VectorEnv((0..<config.numEnvs).map(makeEnv))
        let root = SeededGenerator(seed: config.seed)
        var initRNG = root.derived(1)
        model = ActorCritic(observationSize: env.observationSize, actionCount: env.actionCount,
                            config: config.network, seed: initRNG.next())
        optimizer = Adam(parameterCount: model.parameterCount, epsilon: Float(config.adamEpsilon))
        rollout = RolloutBuffer(nSteps: config.nSteps, numEnvs: config.numEnvs, observationSize: env.observationSize)
        rolloutWorkspace = ActorCriticWorkspace(model, maxBatch: config.numEnvs)
        single = ActorCriticWorkspace(model, maxBatch: 1)
        loss = PPOLoss(model: model, maxBatch: config.batchSize)
        batch = PPOBatch(capacity: config.batchSize, observationSize: env.observationSize)
        actionRNG = root.derived(2)
        shuffleRNG = root.derived(3)
        episodeStarts = [Bool](repeating: true, count: config.numEnvs)
        actions = [Int](repeating: 0, count: config.numEnvs)
        permutation = NumericBuffer(Array(0..<config.rolloutSize))
        logProbRow = FloatBuffer(count: env.actionCount)
        observationStatistics = config.normalizeObservations ? RunningStatistics(size: env.observationSize) : nil
        rewardStatistics = config.normalizeRewards ? RunningStatistics(size: 1) : nil
        discountedReturns = [Double](repeating: 0, count: config.numEnvs)
        normalizedObservations = FloatBuffer(count: config.numEnvs * env.observationSize)
        env.reset(seed: config.seed)
    }

    /// Continues from statistics saved with a checkpoint (resumed training).
    public func restoreObservationStatistics(_ statistics: RunningStatistics?) {
        guard observationStatistics != nil, let statistics, statistics.size == env.observationSize else { return }
        observationStatistics = statistics
    }

    /// What the policy sees for `rows` raw observations: themselves, or (VecNormalize) a
    /// standardised copy, after folding them into the statistics when `update`.
    private func policyInput(_ raw: UnsafePointer<Float>, rows: Int, update: Bool) -> UnsafePointer<Float> {
        guard observationStatistics != nil else { return raw }
        if update { observationStatistics?.update(raw, rows: rows) }
        let out = normalizedObservations.pointer
        out.update(from: raw, count: rows * env.observationSize)
        observationStatistics?.normalize(out, rows: rows)
        return UnsafePointer(out)
    }

    /// The reward the learner sees: the environment's, or (VecNormalize) divided by the running
    /// standard deviation of each env's discounted return, clipped to ±10.
    private func scaledReward(_ r: Float, env i: Int, done: Bool) -> Float {
        guard rewardStatistics != nil else { return r }
        discountedReturns[i] = discountedReturns[i] * config.gamma + Double(r)
        var g = Float(discountedReturns[i])
        rewardStatistics?.update(&g, rows: 1)
        if done { discountedReturns[i] = 0 }
        let sd = ((rewardStatistics?.variance[0] ?? 1) + 1e-8).squareRoot()
        return Float(min(max(Double(r) / sd, -10), 10))
    }

    /// Trains until `totalTimesteps` (default `config.totalTimesteps`) environment steps have been
    /// taken, counting from zero for this call's schedule. After every rollout+update `callback`
    /// receives the progress; returning false stops training early.
    @discardableResult
    public func learn(totalTimesteps: Int? = nil, callback: (PPOProgress) -> Bool = { _ in true }) -> PPOProgress {
        let total = totalTimesteps ?? config.totalTimesteps
        let start = DispatchTime.now().uptimeNanoseconds
        let startSteps = timesteps
        var progress = PPOProgress(totalTimesteps: total)
        while timesteps - startSteps < total {
            let firstNew = episodes.count
            let t0 = DispatchTime.now().uptimeNanoseconds
            collectRollout()
            let t1 = DispatchTime.now().uptimeNanoseconds
            let done = Double(timesteps - startSteps) / Double(total)
            let stats = update(progressRemaining: max(0, 1 - done))
            progress.rolloutSeconds += Double(t1 - t0) / 1e9
            progress.updateSeconds += Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e9
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            progress.timesteps = timesteps - startSteps
            progress.iteration = iterations
            progress.newEpisodes = Array(episodes[firstNew...])
            progress.episodeCount = episodes.count
            progress.rollingMeanReturn = rollingMeanReturn(window: 100)
            progress.update = stats
            progress.elapsedSeconds = elapsed
            progress.stepsPerSecond = elapsed > 0 ? Double(progress.timesteps) / elapsed : 0
            if !callback(progress) { break }
        }
        return progress
    }

    /// Mean return of the last `window` finished episodes (nil until `window` have finished).
    public func rollingMeanReturn(window: Int) -> Double? {
        guard episodes.count >= window else { return nil }
        return episodes[(episodes.count - window)...].reduce(0) { $0 + $1.return } / Double(window)
    }

    /// Step 1: fill the rollout buffer from the vectorised environments, then compute GAE.
    public func collectRollout() {
        let e = config.numEnvs, obsSize = env.observationSize, a = env.actionCount
        let ws = rolloutWorkspace
        let gamma = Float(config.gamma)
        for t in 0..<config.nSteps {
            let base = t * e
            env.observations.withUnsafeBufferPointer { obs in
                guard let raw = obs.baseAddress else { return }
                let o = policyInput(raw, rows: e, update: true)
                rollout.observations.pointer.advanced(by: base * obsSize).update(from: o, count: e * obsSize)
                model.forward(o, batch: e, workspace: ws)
            }
            for i in 0..<e {
                Categorical.logSoftmax(ws.logits + i * a, count: a, into: logProbRow.pointer)
                let action = Categorical.sample(logProbs: logProbRow.pointer, count: a, rng: &actionRNG)
                actions[i] = action
                rollout.actions[base + i] = Int32(action)
                rollout.logProbs[base + i] = logProbRow[action]
                rollout.values[base + i] = ws.values[i]
                rollout.episodeStarts[base + i] = episodeStarts[i]
            }
            env.step(actions)
            for i in 0..<e {
                var r = scaledReward(env.rewards[i], env: i, done: env.terminated[i] || env.truncated[i])
                if env.truncated[i] && !env.terminated[i] {
                    // Time limit, not a terminal state: bootstrap from V(final observation).
                    let v = env.finalObservations.withUnsafeBufferPointer { fo -> Float in
                        guard let f = fo.baseAddress else { return 0 }
                        return model.values(policyInput(f + i * obsSize, rows: 1, update: false), batch: 1, workspace: single)[0]
                    }
                    r += gamma * v
                }
                rollout.rewards[base + i] = r
                episodeStarts[i] = env.terminated[i] || env.truncated[i]
            }
            episodes.append(contentsOf: env.drainFinishedEpisodes())
        }
        timesteps += e * config.nSteps
        let lastValues = env.observations.withUnsafeBufferPointer { obs -> UnsafeMutablePointer<Float> in
            guard let o = obs.baseAddress else { return ws.values }
            return model.values(policyInput(o, rows: e, update: false), batch: e, workspace: ws)
        }
        rollout.computeAdvantages(lastValues: lastValues, lastEpisodeStarts: episodeStarts,
                                  gamma: config.gamma, lambda: config.gaeLambda)
    }

    /// Step 3: epochs of shuffled minibatches. Returns the mean minibatch statistics.
    public func update(progressRemaining: Double) -> PPOUpdateStats {
        let lr = Float(config.learningRate.value(progressRemaining: progressRemaining))
        let clip = config.clipRange.value(progressRemaining: progressRemaining)
        let clipV = config.clipRangeValue?.value(progressRemaining: progressRemaining)
        let n = rollout.count, bs = config.batchSize
        var sum = PPOLossStats()
        var minibatches = 0
        var stoppedEarly = false
        epochs: for _ in 0..<config.nEpochs {
            // Fisher–Yates shuffle of the rollout indices.
            let order = permutation.pointer
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = shuffleRNG.nextInt(below: i + 1)
                (order[i], order[j]) = (order[j], order[i])
            }
            var start = 0
            while start < n {
                let end = min(start + bs, n)
                gather(from: start, to: end)
                let s = loss.evaluate(model: model, batch: batch, clipRange: clip, clipRangeValue: clipV,
                                      entCoef: config.entCoef, vfCoef: config.vfCoef,
                                      normalizeAdvantage: config.normalizeAdvantage, computeGradients: true)
                if let kl = config.targetKL, s.approxKL > 1.5 * kl {
                    stoppedEarly = true
                    break epochs
                }
                GradientClipping.clipGlobalNorm(model.gradients, maxNorm: Float(config.maxGradNorm))
                optimizer.update(parameters: model.parameters, gradients: model.gradients, learningRate: lr)
                sum.loss += s.loss; sum.policyLoss += s.policyLoss; sum.valueLoss += s.valueLoss
                sum.entropy += s.entropy; sum.approxKL += s.approxKL; sum.clipFraction += s.clipFraction
                minibatches += 1
                start = end
            }
        }
        iterations += 1
        let k = Double(max(minibatches, 1))
        var mean = PPOLossStats()
        mean.loss = sum.loss / k; mean.policyLoss = sum.policyLoss / k; mean.valueLoss = sum.valueLoss / k
        mean.entropy = sum.entropy / k; mean.approxKL = sum.approxKL / k; mean.clipFraction = sum.clipFraction / k
        return PPOUpdateStats(mean: mean, minibatches: minibatches, stoppedEarly: stoppedEarly,
                              learningRate: Double(lr), clipRange: clip, explainedVariance: rollout.explainedVariance)
    }

    /// Copies rollout rows `permutation[start..<end]` into the minibatch buffers.
    private func gather(from start: Int, to end: Int) {
        let obsSize = env.observationSize
        batch.count = end - start
        let src = rollout.observations.pointer, dst = batch.observations.pointer
        for k in 0..<(end - start) {
            let idx = permutation[start + k]
            (dst + k * obsSize).update(from: src + idx * obsSize, count: obsSize)
            batch.actions[k] = rollout.actions[idx]
            batch.oldLogProbs[k] = rollout.logProbs[idx]
            batch.oldValues[k] = rollout.values[idx]
            batch.advantages[k] = rollout.advantages[idx]
            batch.returns[k] = rollout.returns[idx]
        }
    }
}

/// What one PPO update did.
public struct PPOUpdateStats: Sendable, Codable, Equatable {
    public var mean: PPOLossStats
    public var minibatches: Int
    public var stoppedEarly: Bool
    public var learningRate: Double
    public var clipRange: Double
    /// 1 − Var(returns − values) / Var(returns) over the rollout the update learned from (SB3's
    /// `explained_variance`): 1 is a perfect critic, 0 no better than a constant, negative worse;
    /// nil when the returns do not vary.
    public var explainedVariance: Double?
    public init(mean: PPOLossStats = PPOLossStats(), minibatches: Int = 0, stoppedEarly: Bool = false,
                learningRate: Double = 0, clipRange: Double = 0, explainedVariance: Double? = nil) {
        self.mean = mean; self.minibatches = minibatches; self.stoppedEarly = stoppedEarly
        self.learningRate = learningRate; self.clipRange = clipRange; self.explainedVariance = explainedVariance
    }
}

/// Training progress after each rollout+update, passed to `PPOTrainer.learn`'s callback.
public struct PPOProgress: Sendable, Codable {
    public var timesteps = 0
    public var totalTimesteps: Int
    public var iteration = 0
    /// Episodes finished during the latest rollout.
    public var newEpisodes: [EpisodeSummary] = []
    public var episodeCount = 0
    /// Mean return of the last 100 finished episodes (nil before 100 have finished).
    public var rollingMeanReturn: Double?
    public var update = PPOUpdateStats()
    public var elapsedSeconds = 0.0
    /// Of `elapsedSeconds`, time spent collecting rollouts (env steps + inference + GAE).
    public var rolloutSeconds = 0.0
    /// Of `elapsedSeconds`, time spent in gradient updates.
    public var updateSeconds = 0.0
    public var stepsPerSecond = 0.0
    public init(totalTimesteps: Int) { self.totalTimesteps = totalTimesteps }
}
