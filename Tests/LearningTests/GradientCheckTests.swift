import Foundation
import Learning
import TradingCore
import XCTest

/// Hand-written backward passes against central finite differences (Float32 forward, Double loss
/// accumulation, aggregate relative error over all parameters).
final class GradientCheckTests: XCTestCase {
    /// L = Σ c ⊙ MLP(x): checks every layer's weight and bias gradients and the input gradient.
    func checkMLP(hidden: Activation, output: Activation, step: Float) throws {
        let mlp = MLP(sizes: [5, 8, 7, 3], hiddenActivation: hidden, outputActivation: output)
        let params = FloatBuffer(count: mlp.parameterCount)
        var rng = SeededGenerator(seed: 11)
        mlp.initialise(params, hiddenGain: 1.5, outputGain: 1, rng: &rng)
        for i in 0..<params.count { params[i] += Float(rng.nextGaussian() * 0.1) }  // non-zero biases
        let batch = 6
        let input = FloatBuffer(randomArray(batch * 5, rng: &rng))
        let c = randomArray(batch * 3, rng: &rng)
        let ws = MLPWorkspace(mlp, maxBatch: batch)
        func loss() -> Double {
            let out = mlp.forward(params.pointer, input: input.pointer, batch: batch, workspace: ws)
            return (0..<(batch * 3)).reduce(0.0) { $0 + Double(c[$1]) * Double(out[$1]) }
        }
        _ = loss()
        for i in 0..<(batch * 3) { ws.outputGradient[i] = c[i] }
        let grads = FloatBuffer(count: mlp.parameterCount)
        let dInput = FloatBuffer(count: batch * 5)
        mlp.backward(params.pointer, grads: grads.pointer, input: input.pointer, batch: batch, workspace: ws,
                     inputGradient: dInput.pointer)
        let numeric = numericalGradient(params, step: step, loss: loss)
        for l in 0..<mlp.layerCount {
            let range = mlp.weightOffset(l)..<(mlp.biasOffset(l) + mlp.sizes[l + 1])
            let err = relativeError(range.map { Double(grads[$0]) }, range.map { numeric[$0] })
            XCTAssertLessThan(err, 1e-3, "layer \(l) (\(hidden)/\(output)): relative error \(err)")
            print("grad-check MLP \(hidden)/\(output) layer \(l): relative error \(err)")
        }
        let numericInput = numericalGradient(input, step: step, loss: loss)
        let errInput = relativeError(dInput.array.map(Double.init), numericInput)
        XCTAssertLessThan(errInput, 1e-3, "input gradient: relative error \(errInput)")
    }

    func testMLPTanhGradients() throws { try checkMLP(hidden: .tanh, output: .identity, step: 1e-2) }
    func testMLPReLUGradients() throws { try checkMLP(hidden: .relu, output: .tanh, step: 1e-3) }

    /// The full PPO loss (clipped surrogate + clipped value loss − entropy bonus, normalised
    /// advantages) through both networks, separate and shared trunk.
    func checkPPOLoss(sharedTrunk: Bool) throws {
        let net = NetworkConfig(policyHidden: [8, 8], valueHidden: [6, 6], activation: .tanh, sharedTrunk: sharedTrunk)
        let model = ActorCritic(observationSize: 3, actionCount: 3, config: net, seed: 5)
        var rng = SeededGenerator(seed: 21)
        // Larger policy-output weights so log-probabilities vary across samples.
        for i in 0..<model.parameterCount { model.parameters[i] += Float(rng.nextGaussian() * 0.3) }
        let n = 16
        let batch = PPOBatch(capacity: n, observationSize: 3)
        for i in 0..<(n * 3) { batch.observations[i] = Float(rng.nextGaussian()) }
        let loss = PPOLoss(model: model, maxBatch: n)
        // Old log-probs/values = current ones plus noise: some ratios and values clip, most do not.
        model.forward(batch.observations.pointer, batch: n, workspace: loss.workspace)
        for i in 0..<n {
            let action = rng.nextInt(below: 3)
            batch.actions[i] = Int32(action)
            let logits = (0..<3).map { loss.workspace.logits[i * 3 + $0] }
            let lse = Foundation.log(logits.reduce(0.0) { $0 + Foundation.exp(Double($1)) })
            batch.oldLogProbs[i] = Float(Double(logits[action]) - lse + rng.nextGaussian() * 0.15)
            batch.oldValues[i] = loss.workspace.values[i] + Float(rng.nextGaussian() * 0.3)
            batch.advantages[i] = Float(rng.nextGaussian())
            batch.returns[i] = Float(rng.nextGaussian())
        }
        func evaluate(_ gradients: Bool) -> PPOLossStats {
            loss.evaluate(model: model, batch: batch, clipRange: 0.2, clipRangeValue: 0.2, entCoef: 0.05,
                          vfCoef: 0.5, normalizeAdvantage: true, computeGradients: gradients)
        }
        let stats = evaluate(true)
        XCTAssertGreaterThan(stats.clipFraction, 0, "the check should cover clipped samples")
        let analytic = model.gradients.array.map(Double.init)
        let numeric = numericalGradient(model.parameters, step: 2e-3) { evaluate(false).loss }
        let err = relativeError(analytic, numeric)
        print("grad-check PPO loss (sharedTrunk \(sharedTrunk)): relative error \(err), clip fraction \(stats.clipFraction)")
        XCTAssertLessThan(err, 1e-3)
    }

    func testPPOLossGradientsSeparateNetworks() throws { try checkPPOLoss(sharedTrunk: false) }
    func testPPOLossGradientsSharedTrunk() throws { try checkPPOLoss(sharedTrunk: true) }
}
