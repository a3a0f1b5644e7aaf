import Features
import Foundation
import Learning
import Sentiment
import Strategy
import Workflows

/// What `sentrade serve` answers with: a sentiment analyzer (a `sentiment train` model, or the
/// lexicon when the model folder has none) and, optionally, a trading policy checkpoint. Loaded
/// once at start-up; `/ping` is 200 only after this succeeded.
public struct InferenceModel: Sendable {
    public let analyzer: any LocalSentimentAnalyzer
    public let analyzerName: String
    public let checkpoint: URL?
    public let manifest: CheckpointManifest?

    /// `directory` may hold a sentiment model (`sentiment train`), a policy checkpoint
    /// (`policy.safetensors` + `checkpoint.json`) or an ensemble folder, or both (a `sentiment/` and a
    /// `policy/` subfolder).
    public init(directory: String?) throws {
        let fm = FileManager.default
        var analyzer: any LocalSentimentAnalyzer = LexiconAnalyzer()
        var analyzerName = "lexicon"
        var checkpoint: URL?
        var manifest: CheckpointManifest?
        if let directory {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
                throw InferenceError(status: 500, "model folder \(directory) does not exist")
            }
            let root = URL(fileURLWithPath: directory)
            for candidate in [root.appendingPathComponent("sentiment"), root] {
                if let model = try? LinearAnalyzer.load(directory: candidate.path) {
                    analyzer = model
                    analyzerName = SentimentSettings.analyzerID("model:" + candidate.path)
                    break
                }
            }
            // A checkpoint folder, or an ensemble folder (ensemble.json + member checkpoints).
            for candidate in [root.appendingPathComponent("policy"), root]
            where fm.fileExists(atPath: candidate.appendingPathComponent("checkpoint.json").path)
                || fm.fileExists(atPath: candidate.appendingPathComponent(TrainedPolicy.ensembleFile).path) {
                let loaded = try TrainedPolicy.manifest(at: candidate)
                guard loaded.featureSpec != nil else { continue }
                checkpoint = candidate
                manifest = loaded
                break
            }
        }
        self.analyzer = analyzer
        self.analyzerName = analyzerName
        self.checkpoint = checkpoint
        self.manifest = manifest
    }
}

/// A request the server refuses, with the HTTP status it answers.
public struct InferenceError: Error, CustomStringConvertible, Sendable {
    public var status: Int
    public var description: String
    public init(status: Int, _ description: String) {
        self.status = status
        self.description = description
    }
}
