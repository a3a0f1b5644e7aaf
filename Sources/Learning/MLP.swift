import Foundation
import TradingCore

/// A multilayer perceptron described as data: layer sizes, activations, and where its weights live
/// in a flat parameter vector.
///
/// The learner keeps every parameter of a model in one contiguous `FloatBuffer` (so Adam, gradient
/// clipping and checkpointing are single loops over one array); an `MLP` is a view into it starting
/// at `offset`. Layer l has a weight matrix stored row-major as `inputs × outputs` (the layout the
/// forward kernel streams) followed by its bias. Checkpoints transpose to PyTorch's `out × in`.
public struct MLP: Codable, Sendable, Equatable {
    /// `[input, hidden..., output]`.
    public let sizes: [Int]
    public let hiddenActivation: Activation
    public let outputActivation: Activation
    /// First index of this network's parameters in the flat vector.
    public let offset: Int

    public init(sizes: [Int], hiddenActivation: Activation, outputActivation: Activation = .identity, offset: Int = 0) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "an MLP needs at least input and output sizes > 0")
        self.sizes = sizes
        self.hiddenActivation = hiddenActivation
        self.outputActivation = outputActivation
        self.offset = offset
    }

    public var layerCount: Int { sizes.count - 1 }
    public var inputSize: Int { sizes[0] }
    public var outputSize: Int { sizes[sizes.count - 1] }

    public func activation(ofLayer l: Int) -> Activation {
        l == layerCount - 1 ? outputActivation : hiddenActivation
    }

    /// Index of layer l's weight matrix (`sizes[l] × sizes[l+1]`, row-major).
    public func weightOffset(_ l: Int) -> Int {
        var o = offset
        for i in 0..<l { o += sizes[i] * sizes[i + 1] + sizes[i + 1] }
        return o
    }

    /// Index of layer l's bias (`sizes[l+1]`).
    public func biasOffset(_ l: Int) -> Int { weightOffset(l) + sizes[l] * sizes[l + 1] }

    public var parameterCount: Int {
        (0..<layerCount).reduce(0) { $0 + sizes[$1] * sizes[$1 + 1] + sizes[$1 + 1] }
    }

    /// Orthogonal weights with the given gains (SB3: √2 hidden, caller's choice for the output),
    /// zero biases.
    public func initialise(_ params: FloatBuffer, hiddenGain: Double, outputGain: Double,
                           rng: inout SeededGenerator) {
        for l in 0..<layerCount {
            let gain = l == layerCount - 1 ? outputGain : hiddenGain
            let w = Orthogonal.matrix(rows: sizes[l], cols: sizes[l + 1], gain: gain, rng: &rng)
            let wo = weightOffset(l)
            for i in 0..<w.count { params[wo + i] = w[i] }
            let bo = biasOffset(l)
            for j in 0..<sizes[l + 1] { params[bo + j] = 0 }
        }
    }

    /// Runs the network on `batch` rows of `input`; returns the output rows (inside `ws`).
    @discardableResult
    public func forward(_ params: UnsafePointer<Float>, input: UnsafePointer<Float>, batch: Int,
                        workspace ws: MLPWorkspace) -> UnsafeMutablePointer<Float> {
        precondition(batch <= ws.maxBatch, "batch larger than the workspace")
        var x = input
        for l in 0..<layerCount {
            let out = ws.outputs[l].pointer
            Kernels.gemm(m: batch, n: sizes[l + 1], k: sizes[l], a: x, aRowStride: sizes[l], aColStride: 1,
                         b: params + weightOffset(l), c: out, accumulate: false)
            Kernels.addBias(m: batch, n: sizes[l + 1], out, bias: params + biasOffset(l))
            activation(ofLayer: l).apply(out, count: batch * sizes[l + 1])
            x = UnsafePointer(out)
        }
        return ws.outputs[layerCount - 1].pointer
    }

    /// Back-propagates `ws.outputGradient` (dLoss/dOutput, `batch × outputSize`, consumed) through
    /// the network after a `forward` on the same input. Writes this network's parameter gradients
    /// into `grads` (overwriting them) and, if `inputGradient` is given, dLoss/dInput (overwriting).
    public func backward(_ params: UnsafePointer<Float>, grads: UnsafeMutablePointer<Float>,
                         input: UnsafePointer<Float>, batch: Int, workspace ws: MLPWorkspace,
                         inputGradient: UnsafeMutablePointer<Float>? = nil) {
        var delta = ws.deltaA.pointer
        var spare = ws.deltaB.pointer
        for l in stride(from: layerCount - 1, through: 0, by: -1) {
            let fanIn = sizes[l], fanOut = sizes[l + 1]
            activation(ofLayer: l).backward(output: ws.outputs[l].pointer, gradient: delta, count: batch * fanOut)
            let x = l == 0 ? input : UnsafePointer(ws.outputs[l - 1].pointer)
            if fanOut < 8 {
                // Narrow head: dWᵀ = dZᵀ · X (fanOut × fanIn) vectorises along fanIn; then transpose.
                Kernels.gemm(m: fanOut, n: fanIn, k: batch, a: delta, aRowStride: 1, aColStride: fanOut,
                             b: x, c: ws.transposed.pointer, accumulate: false)
                Kernels.transpose(rows: fanOut, cols: fanIn, ws.transposed.pointer, into: grads + weightOffset(l))
            } else {
                // dW = Xᵀ · dZ  (fanIn × fanOut)
                Kernels.gemm(m: fanIn, n: fanOut, k: batch, a: x, aRowStride: 1, aColStride: fanIn,
                             b: delta, c: grads + weightOffset(l), accumulate: false)
            }
            Kernels.columnSums(m: batch, n: fanOut, delta, into: grads + biasOffset(l))
            let target: UnsafeMutablePointer<Float>? = l > 0 ? spare : inputGradient
            if let target {
                // dX = dZ · Wᵀ  (batch × fanIn)
                Kernels.transpose(rows: fanIn, cols: fanOut, params + weightOffset(l), into: ws.transposed.pointer)
                Kernels.gemm(m: batch, n: fanIn, k: fanOut, a: delta, aRowStride: fanOut, aColStride: 1,
                             b: ws.transposed.pointer, c: target, accumulate: false)
            }
            swap(&delta, &spare)
        }
    }
}

/// Scratch memory for one MLP at up to `maxBatch` rows: layer outputs (kept for the backward
/// pass), two gradient buffers used in turn, and room for one transposed weight matrix.
///
/// Allocated once per (network, batch size) so training steps never allocate.
public final class MLPWorkspace {
    public let maxBatch: Int
    let outputs: [FloatBuffer]
    let deltaA: FloatBuffer
    let deltaB: FloatBuffer
    let transposed: FloatBuffer

    public init(_ mlp: MLP, maxBatch: Int) {
        self.maxBatch = maxBatch
        outputs = (1..<mlp.sizes.count).map { FloatBuffer(count: maxBatch * mlp.sizes[$0]) }
        let widest = mlp.sizes.max() ?? 1
        deltaA = FloatBuffer(count: maxBatch * widest)
        deltaB = FloatBuffer(count: maxBatch * widest)
        var largest = 0
        for l in 0..<(mlp.sizes.count - 1) { largest = max(largest, mlp.sizes[l] * mlp.sizes[l + 1]) }
        transposed = FloatBuffer(count: largest)
    }

    /// Where the caller writes dLoss/dOutput before `MLP.backward`.
    public var outputGradient: UnsafeMutablePointer<Float> { deltaA.pointer }

    /// The last forward pass's output rows.
    public var output: UnsafeMutablePointer<Float> { outputs[outputs.count - 1].pointer }
}
