import Foundation
import TradingCore

/// Shape of the actor-critic networks: sizes, activation, and whether policy and value share a
/// trunk. Codable so it travels in hyperparameter files and checkpoints.
public struct NetworkConfig: Codable, Sendable, Equatable {
    /// Hidden sizes of the policy network (or of the shared trunk when `sharedTrunk`).
    public var policyHidden: [Int]
    /// Hidden sizes of the value network (ignored when `sharedTrunk`).
    public var valueHidden: [Int]
    public var activation: Activation
    public var sharedTrunk: Bool

    /// SB3's `MlpPolicy` for PPO: separate 64-64 tanh networks.
    public init(policyHidden: [Int] = [64, 64], valueHidden: [Int] = [64, 64],
                activation: Activation = .tanh, sharedTrunk: Bool = false) {
        self.policyHidden = policyHidden
        self.valueHidden = valueHidden
        self.activation = activation
        self.sharedTrunk = sharedTrunk
    }
}

/// The PPO model: a categorical policy π(a|s) and a state-value estimate V(s), with every parameter
/// in one flat buffer so the optimiser, gradient clipping and checkpoints treat it as one vector.
///
/// Separate networks (SB3's default) are `policy: obs→hidden→actions` and `value: obs→hidden→1`.
/// With a shared trunk, `trunk: obs→hidden` feeds two linear heads and receives the sum of their
/// gradients.
public struct ActorCritic {
    public let observationSize: Int
    public let actionCount: Int
    public let config: NetworkConfig
    public let trunk: MLP?
    public let policy: MLP
    public let value: MLP
    public let parameters: FloatBuffer
    public let gradients: FloatBuffer

    /// Builds the layout and initialises weights orthogonally (gains √2 hidden, 0.01 policy
    /// output, 1 value output — SB3's `ortho_init`).
    public init(observationSize: Int, actionCount: Int, config: NetworkConfig = NetworkConfig(), seed: UInt64) {
        self.observationSize = observationSize
        self.actionCount = actionCount
        self.config = config
        let act = config.activation
        let layers = Self.layerSizes(observationSize: observationSize, actionCount: actionCount, config: config).map(\.sizes)
        if config.sharedTrunk {
            let t = MLP(sizes: layers[0], hiddenActivation: act, outputActivation: act)
            trunk = t
            policy = MLP(sizes: layers[1], hiddenActivation: act, offset: t.parameterCount)
            value = MLP(sizes: layers[2], hiddenActivation: act, offset: t.parameterCount + policy.parameterCount)
        } else {
            trunk = nil
            policy = MLP(sizes: layers[0], hiddenActivation: act)
            value = MLP(sizes: layers[1], hiddenActivation: act, offset: policy.parameterCount)
        }
        let total = (trunk?.parameterCount ?? 0) + policy.parameterCount + value.parameterCount
        parameters = FloatBuffer(count: total)
        gradients = FloatBuffer(count: total)
        var rng = SeededGenerator(seed: seed)
        let root2 = 2.0.squareRoot()
        trunk?.initialise(parameters, hiddenGain: root2, outputGain: root2, rng: &rng)
        policy.initialise(parameters, hiddenGain: root2, outputGain: 0.01, rng: &rng)
        value.initialise(parameters, hiddenGain: root2, outputGain: 1, rng: &rng)
    }

    public var parameterCount: Int { parameters.count }

    /// Each network's checkpoint name and layer sizes, in parameter order (`trunk`, `pi`, `vf` with
    /// a shared trunk; `pi`, `vf` without), as `init` lays them out: lets a checkpoint loader check
    /// a manifest against the stored tensors before allocating anything.
    public static func layerSizes(observationSize: Int, actionCount: Int, config: NetworkConfig) -> [(name: String, sizes: [Int])] {
        if config.sharedTrunk {
            let width = config.policyHidden.last ?? observationSize
            return [("trunk", [observationSize] + config.policyHidden), ("pi", [width, actionCount]), ("vf", [width, 1])]
        }
        return [("pi", [observationSize] + config.policyHidden + [actionCount]), ("vf", [observationSize] + config.valueHidden + [1])]
    }

    /// The networks in parameter order, with the names checkpoints use (`trunk`, `pi`, `vf`).
    public var namedNetworks: [(name: String, mlp: MLP)] {
        var list: [(String, MLP)] = []
        if let trunk { list.append(("trunk", trunk)) }
        list.append(("pi", policy))
        list.append(("vf", value))
        return list
    }

    /// Logits (`batch × actionCount`) and values (`batch`) for `batch` observation rows; the
    /// results live in `ws` (`ws.logits`, `ws.values`).
    public func forward(_ observations: UnsafePointer<Float>, batch: Int, workspace ws: ActorCriticWorkspace) {
        let p = UnsafePointer(parameters.pointer)
        var features = observations
        if let trunk, let tws = ws.trunk {
            features = UnsafePointer(trunk.forward(p, input: observations, batch: batch, workspace: tws))
        }
        policy.forward(p, input: features, batch: batch, workspace: ws.policy)
        value.forward(p, input: features, batch: batch, workspace: ws.value)
    }

    /// Only the value estimates (skips the policy network when separate).
    public func values(_ observations: UnsafePointer<Float>, batch: Int, workspace ws: ActorCriticWorkspace) -> UnsafeMutablePointer<Float> {
        if trunk != nil {
            forward(observations, batch: batch, workspace: ws)
        } else {
            value.forward(UnsafePointer(parameters.pointer), input: observations, batch: batch, workspace: ws.value)
        }
        return ws.values
    }

    /// Back-propagates `ws.logitsGradient` and `ws.valuesGradient` (written by the caller after
    /// `forward` on the same observations) into `gradients`, overwriting them.
    public func backward(_ observations: UnsafePointer<Float>, batch: Int, workspace ws: ActorCriticWorkspace) {
        let p = UnsafePointer(parameters.pointer)
        let g = gradients.pointer
        guard let trunk, let tws = ws.trunk, let fromValue = ws.headScratch else {
            policy.backward(p, grads: g, input: observations, batch: batch, workspace: ws.policy)
            value.backward(p, grads: g, input: observations, batch: batch, workspace: ws.value)
            return
        }
        let features = UnsafePointer(tws.output)
        let dFeatures = tws.outputGradient
        policy.backward(p, grads: g, input: features, batch: batch, workspace: ws.policy, inputGradient: dFeatures)
        value.backward(p, grads: g, input: features, batch: batch, workspace: ws.value, inputGradient: fromValue.pointer)
        let n = batch * trunk.outputSize
        for i in 0..<n { dFeatures[i] += fromValue[i] }
        trunk.backward(p, grads: g, input: observations, batch: batch, workspace: tws)
    }
}

/// Scratch memory for `ActorCritic.forward/backward` at up to `maxBatch` rows.
public final class ActorCriticWorkspace {
    public let maxBatch: Int
    let trunk: MLPWorkspace?
    let policy: MLPWorkspace
    let value: MLPWorkspace
    let headScratch: FloatBuffer?

    public init(_ model: ActorCritic, maxBatch: Int) {
        self.maxBatch = maxBatch
        trunk = model.trunk.map { MLPWorkspace($0, maxBatch: maxBatch) }
        policy = MLPWorkspace(model.policy, maxBatch: maxBatch)
        value = MLPWorkspace(model.value, maxBatch: maxBatch)
        headScratch = model.trunk.map { FloatBuffer(count: maxBatch * $0.outputSize) }
    }

    /// `batch × actionCount` logits from the last forward pass.
    public var logits: UnsafeMutablePointer<Float> { policy.output }
    /// `batch` values from the last forward pass.
    public var values: UnsafeMutablePointer<Float> { value.output }
    /// Where the caller writes dLoss/dLogits before `backward`.
    public var logitsGradient: UnsafeMutablePointer<Float> { policy.outputGradient }
    /// Where the caller writes dLoss/dValue before `backward`.
    public var valuesGradient: UnsafeMutablePointer<Float> { value.outputGradient }
}
