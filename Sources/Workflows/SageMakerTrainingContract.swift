import Foundation
import Learning
import Yams

/// The SageMaker training container contract (`docker run IMAGE train`), run by `sentrade sagemaker
/// train`. Under the root (`/opt/ml`, or `SENTRADE_SM_ROOT` so tests need no container):
///
/// - `input/config/hyperparameters.json`: every value is a string (SageMaker's rule). Keys are
///   `sentrade train`'s options — `steps`, `seed`, `features`, `window` — or dotted config paths
///   (`ppo.learningRate`, `env.rewardScale`, `split.trainEnd`, `training.patience`). Values are read
///   as JSON when they parse as JSON (numbers, booleans, lists) and as text otherwise; an unknown
///   key or a bad value fails the job with the key named.
/// - `input/config/resourceconfig.json`: read and logged (`current_host`, `hosts`).
/// - `input/data/<channel>/`: the first channel (`train` if present) is a StockNet tree
///   (`price/`+`tweet/` or `prices/`+`tweets/`), or a prices+posts folder (`*.csv` + `posts.jsonl`,
///   or `prices/*.csv`), or absent → the synthetic market.
/// - `model/`: the best checkpoint (`policy.safetensors` + `checkpoint.json`), uploaded as model.tar.gz.
/// - `checkpoints/`: managed-spot progress, saved at each validation and resumed after an interruption.
/// - `output/failure`: the reason, when the job fails (the process then exits non-zero).
///
/// Metric lines on stdout, for `MetricDefinitions`:
/// `metric iteration=12 timesteps=24576 episode_return=0.53 validation_sharpe=1.23 best_validation_sharpe=1.30`
/// with regexes ` validation_sharpe=([-0-9.eE]+)`, `best_validation_sharpe=([-0-9.eE]+)`,
/// `episode_return=([-0-9.eE]+)`, `timesteps=([0-9]+)`.
public struct SageMakerTrainingContract: Sendable {
    public let root: URL

    public init(root: String) { self.root = URL(fileURLWithPath: root) }

    /// `SENTRADE_SM_ROOT` or `/opt/ml`.
    public static func defaultRoot(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["SENTRADE_SM_ROOT"] ?? "/opt/ml"
    }

    func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Runs the job. On failure the reason goes to `output/failure` and the error is rethrown.
    public func run(log: (String) -> Void) throws -> TrainingOutcome {
        do {
            if let resources = FileManager.default.contents(atPath: path("input/config/resourceconfig.json").path) {
                log("resourceconfig: " + String(decoding: resources, as: UTF8.self).replacingOccurrences(of: "\n", with: " "))
            }
            let config = try makeConfig(log: log)
            return try TrainingWorkflow.run(config) { event in
                var line = "metric iteration=\(event.iteration) timesteps=\(event.timesteps)"
                if let r = event.episodeReturn { line += " episode_return=\(r)" }
                if let v = event.validationSharpe { line += " validation_sharpe=\(v)" }
                if let b = event.bestValidationSharpe { line += " best_validation_sharpe=\(b)" }
                log(line)
            }
        } catch {
            let reason = "\(error)"
            try? FileManager.default.createDirectory(at: path("output"), withIntermediateDirectories: true)
            try? Data((reason + "\n").utf8).write(to: path("output/failure"))
            throw error
        }
    }

    /// The training config from the hyperparameters and the data channel.
    public func makeConfig(log: (String) -> Void = { _ in }) throws -> TrainingConfig {
        var object: [String: Any] = [:]
        let file = path("input/config/hyperparameters.json")
        if let data = FileManager.default.contents(atPath: file.path) {
            guard let raw = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw TrainingConfigError("\(file.path): not a JSON object")
            }
            for (key, value) in raw.sorted(by: { $0.key < $1.key }) {
                guard let text = value as? String else {
                    throw TrainingConfigError("hyperparameter '\(key)': SageMaker passes every value as a string, got \(type(of: value))")
                }
                let target: String
                switch key {
                case "steps": target = "ppo.totalTimesteps"
                case "seed": target = "ppo.seed"
                default: target = key
                }
                try Self.set(&object, path: target.split(separator: ".").map(String.init), value: Self.parse(text), key: key)
            }
        }
        var data = (object["data"] as? [String: Any]) ?? [:]
        if data["source"] == nil, let channel = try channelDirectory() {
            data.merge(try Self.describe(channel: channel, log: log)) { current, _ in current }
        }
        if !data.isEmpty { object["data"] = data }
        var training = (object["training"] as? [String: Any]) ?? [:]
        training["checkpointDirectory"] = path("model").path
        training["resumeDirectory"] = training["resumeDirectory"] ?? path("checkpoints").path
        object["training"] = training
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        do { try StrictConfig.check(String(decoding: json, as: UTF8.self), file: "hyperparameters", schema: TrainingConfig.schema) } catch {
            throw TrainingConfigError("\(error)")
        }
        do {
            return try JSONDecoder().decode(TrainingConfig.self, from: json)
        } catch let error as DecodingError {
            throw TrainingConfigError("hyperparameters: \(TrainingConfig.describe(error))")
        }
    }

    func channelDirectory() throws -> URL? {
        let base = path("input/data")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        guard let name = names.contains("train") ? "train" : names.first else { return nil }
        return base.appendingPathComponent(name)
    }

    /// Recognises a channel's layout.
    static func describe(channel: URL, log: (String) -> Void) throws -> [String: Any] {
        let fm = FileManager.default
        func isDir(_ name: String) -> Bool {
            var d: ObjCBool = false
            return fm.fileExists(atPath: channel.appendingPathComponent(name).path, isDirectory: &d) && d.boolValue
        }
        if (isDir("price") && isDir("tweet")) || (isDir("prices") && isDir("tweets")) {
            log("data channel \(channel.lastPathComponent): StockNet layout")
            return ["source": "stocknet", "root": channel.path]
        }
        let pricesDir = isDir("prices") ? channel.appendingPathComponent("prices") : channel
        let csvs = ((try? fm.contentsOfDirectory(atPath: pricesDir.path)) ?? []).filter { $0.hasSuffix(".csv") }
        guard !csvs.isEmpty else {
            throw TrainingConfigError("data channel \(channel.path): neither a StockNet tree nor a folder of SYMBOL.csv price files")
        }
        var out: [String: Any] = ["source": "files", "pricesDir": pricesDir.path]
        let posts = channel.appendingPathComponent("posts.jsonl")
        if fm.fileExists(atPath: posts.path) { out["posts"] = posts.path }
        log("data channel \(channel.lastPathComponent): \(csvs.count) price files\(out["posts"] == nil ? ", no posts" : " + posts.jsonl")")
        return out
    }

    /// A hyperparameter string as JSON when it is JSON (numbers, booleans, lists, objects), else text.
    static func parse(_ text: String) -> Any {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let data = trimmed.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
           !(value is String) {
            return value
        }
        return text
    }

    static func set(_ object: inout [String: Any], path: [String], value: Any, key: String) throws {
        guard let head = path.first else { return }
        if path.count == 1 { object[head] = value; return }
        var child = (object[head] as? [String: Any]) ?? [:]
        if object[head] != nil, !(object[head] is [String: Any]) {
            throw TrainingConfigError("hyperparameter '\(key)': '\(head)' is already set to a value, not a section")
        }
        try set(&child, path: Array(path.dropFirst()), value: value, key: key)
        object[head] = child
    }
}
