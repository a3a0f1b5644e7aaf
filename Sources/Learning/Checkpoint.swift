import Features
import Foundation
import TradingCore

/// `checkpoint.json`: everything needed to rebuild and trust a trained policy (DESIGN.md §4).
///
/// The `featureSpec` is the observation layout the policy was trained on; a trading policy refuses
/// to load against a pipeline whose spec differs (`checkFeatureSpec`). Sections without a type here
/// (frozen normalisation statistics, anything else) are `JSONValue`s their owners encode.
public struct CheckpointManifest: Codable, Sendable, Equatable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int = CheckpointManifest.currentFormatVersion
    /// What the weights are (`ppo-actor-critic`).
    public var kind: String = "ppo-actor-critic"
    public var observationSize: Int
    public var actionCount: Int
    public var network: NetworkConfig
    public var hyperparameters: PPOConfig?
    /// The trading observation layout (nil for non-trading environments such as CartPole).
    public var featureSpec: FeatureSpec?
    /// How the sentiment features were built (analyzer, post filters, aggregation windows); nil for
    /// price-only agents. Loading compares it with the running pipeline's.
    public var sentiment: JSONValue?
    /// Frozen normalisation statistics, if the pipeline uses any (rolling z-scores need none).
    public var normalization: JSONValue?
    /// VecNormalize's frozen observation statistics (`PPOConfig.normalizeObservations`): inference
    /// standardises every observation with them before the network sees it.
    public var observationStatistics: RunningStatistics?
    /// The trading environment's actions, reward, costs and rules.
    public var envConfig: TradingEnvConfig?
    /// Environment settings of other environments (e.g. CartPole's time limit), free-form.
    public var extra: [String: JSONValue]?
    /// Training (and validation) data ranges, e.g. `{"train": "2014-01-01..2015-06-30"}`.
    public var dataRange: [String: String]?
    public var metrics: [String: Double]?
    public var timesteps: Int?
    public var gitCommit: String?
    /// ISO 8601 creation time.
    public var createdAt: String?

    public init(observationSize: Int, actionCount: Int, network: NetworkConfig) {
        self.observationSize = observationSize
        self.actionCount = actionCount
        self.network = network
    }

    /// Throws unless `spec` is the spec the policy was trained on, listing the differences.
    public func checkFeatureSpec(_ spec: FeatureSpec) throws {
        guard let trained = featureSpec else { return }
        let differences = trained.differences(from: spec)
        guard !differences.isEmpty else { return }
        throw CheckpointError("feature spec mismatch (checkpoint vs pipeline) — " + differences.joined(separator: "; "))
    }

    /// Throws unless the running pipeline builds sentiment the way the policy was trained on,
    /// naming each differing setting. Checked only for agents that read sentiment features and
    /// checkpoints that recorded their settings.
    public func checkSentiment(_ settings: JSONValue?) throws {
        guard featureSpec?.usesSentiment == true, let trained = sentiment, let settings else { return }
        let differences = trained.differences(from: settings)
        guard !differences.isEmpty else { return }
        throw CheckpointError("sentiment settings mismatch (checkpoint vs pipeline) — " + differences.joined(separator: "; "))
    }
}

/// A checkpoint could not be written, read or trusted; the message says which file or field.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "checkpoint: \(message)" }
}

/// A checkpoint directory: `policy.safetensors` (PyTorch-layout float32 weights named
/// `{trunk|pi|vf}.{layer}.{weight|bias}`, weights `out × in`) and `checkpoint.json`.
public enum Checkpoint {
    public static let weightsFile = "policy.safetensors"
    public static let manifestFile = "checkpoint.json"

    /// The model's parameters as PyTorch-layout tensors.
    public static func tensors(of model: ActorCritic) -> [SafeTensor] {
        var out: [SafeTensor] = []
        let p = model.parameters
        for (name, mlp) in model.namedNetworks {
            for l in 0..<mlp.layerCount {
                let fanIn = mlp.sizes[l], fanOut = mlp.sizes[l + 1]
                let w = mlp.weightOffset(l)
                var weight = [Float](repeating: 0, count: fanIn * fanOut)
                for i in 0..<fanIn { for o in 0..<fanOut { weight[o * fanIn + i] = p[w + i * fanOut + o] } }
                out.append(SafeTensor(name: "\(name).\(l).weight", shape: [fanOut, fanIn], values: weight))
                let b = mlp.biasOffset(l)
                out.append(SafeTensor(name: "\(name).\(l).bias", shape: [fanOut], values: (0..<fanOut).map { p[b + $0] }))
            }
        }
        return out
    }

    /// Writes `policy.safetensors` and `checkpoint.json` into `directory` (created if needed).
    public static func save(model: ActorCritic, manifest: CheckpointManifest, to directory: URL) throws {
        guard manifest.observationSize == model.observationSize, manifest.actionCount == model.actionCount,
              manifest.network == model.config else {
            throw CheckpointError("manifest shapes do not describe the model being saved")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SafeTensors.write(tensors(of: model),
                              metadata: ["format": "pt", "producer": "sentrade", "kind": manifest.kind],
                              to: directory.appendingPathComponent(weightsFile))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: directory.appendingPathComponent(manifestFile), options: .atomic)
    }

    /// Reads a checkpoint directory and rebuilds the model, checking the format version and that
    /// every tensor is present with the shape the manifest implies.
    public static func load(from directory: URL) throws -> (manifest: CheckpointManifest, model: ActorCritic) {
        let manifestURL = directory.appendingPathComponent(manifestFile)
        let manifest: CheckpointManifest
        do {
            manifest = try JSONDecoder().decode(CheckpointManifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            throw CheckpointError("cannot read \(manifestURL.path): \(error)")
        }
        guard manifest.formatVersion <= CheckpointManifest.currentFormatVersion else {
            throw CheckpointError("\(manifestURL.path) has format version \(manifest.formatVersion); this build reads up to \(CheckpointManifest.currentFormatVersion)")
        }
        guard manifest.kind == "ppo-actor-critic", manifest.observationSize > 0, manifest.actionCount > 0 else {
            throw CheckpointError("\(manifestURL.path): unsupported kind '\(manifest.kind)' or empty shapes")
        }
        let network = manifest.network
        let layers = ActorCritic.layerSizes(observationSize: manifest.observationSize, actionCount: manifest.actionCount, config: network)
        guard layers.allSatisfy({ $0.sizes.count >= 2 && $0.sizes.allSatisfy { $0 > 0 } }) else {
            throw CheckpointError("\(manifestURL.path): network layer sizes must be positive (policyHidden \(network.policyHidden), valueHidden \(network.valueHidden), sharedTrunk \(network.sharedTrunk))")
        }
        if let statistics = manifest.observationStatistics,
           statistics.mean.count != manifest.observationSize || statistics.variance.count != manifest.observationSize {
            throw CheckpointError("\(manifestURL.path): observationStatistics has \(statistics.mean.count) means and \(statistics.variance.count) variances for \(manifest.observationSize) observation values")
        }
        let weightsURL = directory.appendingPathComponent(weightsFile)
        let stored = try SafeTensors.read(from: weightsURL).tensors
        // Every tensor the manifest implies must be stored with its PyTorch-layout shape, checked
        // before the network is allocated: a damaged manifest cannot make the loader allocate more
        // than the weights file holds.
        for (name, sizes) in layers {
            for l in 0..<(sizes.count - 1) {
                for (tensor, shape) in [("\(name).\(l).weight", [sizes[l + 1], sizes[l]]), ("\(name).\(l).bias", [sizes[l + 1]])] {
                    guard let t = stored[tensor] else {
                        throw CheckpointError("\(weightsURL.path) lacks tensor '\(tensor)'")
                    }
                    guard t.shape == shape else {
                        throw CheckpointError("\(weightsURL.path): tensor '\(tensor)' has shape \(t.shape), expected \(shape)")
                    }
                }
            }
        }
        let model = ActorCritic(observationSize: manifest.observationSize, actionCount: manifest.actionCount,
                                config: network, seed: 0)
        let p = model.parameters
        for (name, mlp) in model.namedNetworks {
            for l in 0..<mlp.layerCount {
                let fanIn = mlp.sizes[l], fanOut = mlp.sizes[l + 1]
                let weight = stored["\(name).\(l).weight"]?.values ?? []
                let bias = stored["\(name).\(l).bias"]?.values ?? []
                let w = mlp.weightOffset(l), b = mlp.biasOffset(l)
                for i in 0..<fanIn { for o in 0..<fanOut { p[w + i * fanOut + o] = weight[o * fanIn + i] } }
                for o in 0..<fanOut { p[b + o] = bias[o] }
            }
        }
        return (manifest, model)
    }
}
