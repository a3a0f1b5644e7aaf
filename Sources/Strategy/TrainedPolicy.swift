import Features
import Foundation
import Learning
import TradingCore

/// What `train` and the demo save, loaded as a policy: one checkpoint folder (`checkpoint.json` +
/// `policy.safetensors`) or an ensemble folder (`ensemble.json` naming member checkpoint folders,
/// whose probabilities are averaged). Backtest, live and serving load through here, so an
/// ensemble runs everywhere a single agent does.
public enum TrainedPolicy {
    public static let ensembleFile = "ensemble.json"

    /// `ensemble.json`: the member folders (relative to the ensemble folder) and how they combine.
    public struct EnsembleManifest: Codable, Sendable, Equatable {
        public var members: [String]
        public var combine: String
        public init(members: [String], combine: String = "mean-probabilities") {
            self.members = members
            self.combine = combine
        }
    }

    /// The checkpoint folders behind `directory`: itself, or an ensemble's members.
    public static func memberDirectories(_ directory: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CheckpointError("\(directory.path): no such checkpoint folder (give a folder written by `sentrade train` or the demo)")
        }
        let file = directory.appendingPathComponent(ensembleFile)
        guard FileManager.default.fileExists(atPath: file.path) else { return [directory] }
        let manifest: EnsembleManifest
        do { manifest = try JSONDecoder().decode(EnsembleManifest.self, from: Data(contentsOf: file)) } catch {
            throw CheckpointError("\(file.path): not an ensemble manifest: \(error)")
        }
        guard manifest.combine == "mean-probabilities" else {
            throw CheckpointError("\(file.path): combine '\(manifest.combine)' is not supported (mean-probabilities)")
        }
        guard !manifest.members.isEmpty else { throw CheckpointError("\(file.path): the ensemble lists no members") }
        return manifest.members.map { directory.appendingPathComponent($0) }
    }

    /// The manifest that describes the policy (an ensemble's first member; members share spec and env).
    public static func manifest(at directory: URL) throws -> CheckpointManifest {
        guard let first = try memberDirectories(directory).first else { throw CheckpointError("\(directory.path): empty ensemble") }
        return try Checkpoint.load(from: first).manifest
    }

    /// Loads the policy, checking every member against the pipeline's features and sentiment settings.
    public static func load(_ directory: URL, featureSpec: FeatureSpec, sentiment: JSONValue? = nil) throws -> any ExplainablePolicy {
        let dirs = try memberDirectories(directory)
        let members = try dirs.map { try PPOPolicy(checkpoint: $0, featureSpec: featureSpec, sentiment: sentiment) }
        if dirs == [directory], let single = members.first { return single }
        return try EnsemblePolicy(members: members, name: "ppo-ensemble:\(directory.lastPathComponent)")
    }

    /// Writes `ensemble.json` for member folders already saved under `directory`.
    public static func saveEnsemble(members: [String], to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try encoder.encode(EnsembleManifest(members: members)).write(to: directory.appendingPathComponent(ensembleFile), options: .atomic)
    }
}
