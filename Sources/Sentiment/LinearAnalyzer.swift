import Foundation
import TradingCore

/// The trainable analyzer: a `LinearModel` with its `FeatureHasher`, saved as a directory with
/// `model.safetensors` (weights `[dimension, classes]` and `bias`, float32) and `model.json`
/// (format version, labels, hashing and training config, metrics). Loaded by `--analyzer model:DIR`.
public struct LinearAnalyzer: LocalSentimentAnalyzer {
    public let name: String
    public let model: LinearModel
    let hasher: FeatureHasher

    public static let formatVersion = 1

    public init(model: LinearModel, name: String = "model") {
        self.model = model
        self.name = name
        self.hasher = FeatureHasher(config: model.hashing)
    }

    public func scoreBatch(_ texts: [String]) -> [SentimentScore] {
        var scratch = FeatureHasher.Scratch()
        return texts.map { score($0, scratch: &scratch) }
    }

    public func score(_ text: String) -> SentimentScore {
        var scratch = FeatureHasher.Scratch()
        return score(text, scratch: &scratch)
    }

    public func score(_ text: String, scratch: inout FeatureHasher.Scratch) -> SentimentScore {
        model.hashedRows.withReader { rows in
            let (sum, count, dense) = hasher.weightSum(text, rows: rows, scratch: &scratch)
            return model.score(sum: sum, count: count, dense: dense)
        }
    }

    /// What `model.json` holds.
    public struct Metadata: Sendable, Hashable, Codable {
        public var formatVersion: Int
        public var labels: [SentimentLabel]
        public var hashing: HashingConfig
        public var training: TrainingConfig
        /// Free-form provenance: data file, row count, training seconds, CV metrics.
        public var info: [String: String]
    }

    /// Writes `model.safetensors` and `model.json` into `directory` (created if needed).
    public func save(to directory: String, training: TrainingConfig, info: [String: String] = [:]) throws(SentimentError) {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw .unreadable(path: directory, reason: "cannot create directory: \(error.localizedDescription)")
        }
        let k = model.labels.count
        let st = SafeTensors(tensors: [
            "weights": .init(shape: [model.hashing.dimension, k], values: model.weights),
            "bias": .init(shape: [k], values: model.bias),
        ], metadata: ["format": "sentrade-linear-sentiment", "format_version": String(Self.formatVersion)])
        do { try st.write(to: directory + "/model.safetensors") } catch {
            throw .badModel(path: error.path, reason: error.reason)
        }
        let meta = Metadata(formatVersion: Self.formatVersion, labels: model.labels, hashing: model.hashing,
                            training: training, info: info)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try encoder.encode(meta).write(to: URL(fileURLWithPath: directory + "/model.json"), options: .atomic) } catch {
            throw .unreadable(path: directory + "/model.json", reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Loads a model directory written by `save`, checking version and tensor shapes.
    public static func load(directory: String) throws(SentimentError) -> LinearAnalyzer {
        let metaPath = directory + "/model.json"
        guard FileManager.default.fileExists(atPath: metaPath) else {
            throw .badModel(path: metaPath, reason: "file not found")
        }
        let meta: Metadata
        do {
            meta = try JSONDecoder().decode(Metadata.self, from: Data(contentsOf: URL(fileURLWithPath: metaPath)))
        } catch {
            throw .badModel(path: metaPath, reason: "\(error)")
        }
        guard meta.formatVersion == formatVersion else {
            throw .badModel(path: metaPath, reason: "format version \(meta.formatVersion), this build reads \(formatVersion)")
        }
        let st: SafeTensors
        do { st = try SafeTensors.read(path: directory + "/model.safetensors") } catch {
            throw .badModel(path: error.path, reason: error.reason)
        }
        let k = meta.labels.count
        guard (1...4).contains(k), let w = st.tensors["weights"], w.shape == [meta.hashing.dimension, k],
              let b = st.tensors["bias"], b.shape == [k] else {
            throw .badModel(path: directory + "/model.safetensors",
                            reason: "tensors do not match model.json (expected weights [\(meta.hashing.dimension), \(k)] and bias [\(k)])")
        }
        guard w.values.allSatisfy(\.isFinite), b.values.allSatisfy(\.isFinite) else {
            throw .badModel(path: directory + "/model.safetensors", reason: "non-finite weights")
        }
        let model = LinearModel(labels: meta.labels, hashing: meta.hashing, weights: w.values, bias: b.values)
        return LinearAnalyzer(model: model, name: "model:" + directory)
    }
}
