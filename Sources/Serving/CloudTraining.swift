import Connectors
import Foundation
import Workflows
import Yams

/// `sentrade cloud train`: a SageMaker training job running this image's training contract, from
/// the same YAML `sentrade train` reads. The YAML's keys become string hyperparameters (dotted
/// paths, as `SageMakerTrainingContract` reads them back); local paths are dropped, the data comes
/// from the S3 channels.
public struct CloudTrainingJob: Sendable {
    public var name: String
    public var image: String
    public var role: String
    /// Channel name → S3 URI (e.g. `train` → `s3://bucket/stocknet/`).
    public var channels: [String: String]
    public var output: String
    public var instanceType: String = "ml.m5.large"
    public var spot = false
    public var maxRuntimeSeconds = 3_600
    public var hyperparameters: [String: String] = [:]

    public init(name: String, image: String, role: String, channels: [String: String], output: String) {
        self.name = name
        self.image = image
        self.role = role
        self.channels = channels
        self.output = output
    }

    /// The `MetricDefinitions` matching the contract's metric lines.
    public static let metricDefinitions: [[String: String]] = [
        ["Name": "validation:sharpe", "Regex": " validation_sharpe=([-0-9.eE]+)"],
        ["Name": "validation:best_sharpe", "Regex": "best_validation_sharpe=([-0-9.eE]+)"],
        ["Name": "train:episode_return", "Regex": "episode_return=([-0-9.eE]+)"],
        ["Name": "train:timesteps", "Regex": "timesteps=([0-9]+)"],
    ]

    /// Flattens a training config file into SageMaker hyperparameters (strings, dotted keys).
    /// Paths that only make sense locally (`data.root`, `training.checkpointDirectory`, …) are left out.
    public static func hyperparameters(fromConfig path: String) throws -> [String: String] {
        _ = try TrainingConfig.load(path: path)  // the same validation `sentrade train` does
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }),
              let node = try Yams.load(yaml: text) else { return [:] }
        var out: [String: String] = [:]
        let local: Set<String> = ["data.root", "data.files", "data.pricesDir", "data.posts", "training.checkpointDirectory",
                                  "training.logFile", "training.resumeDirectory"]
        func walk(_ value: Any, _ prefix: String) {
            if let map = value as? [AnyHashable: Any] {
                for (k, v) in map { walk(v, prefix.isEmpty ? "\(k)" : "\(prefix).\(k)") }
                return
            }
            guard !local.contains(prefix) else { return }
            if let list = value as? [Any], let data = try? JSONSerialization.data(withJSONObject: list.map { "\($0)" }) {
                out[prefix] = String(decoding: data, as: UTF8.self)
            } else {
                out[prefix] = "\(value)"
            }
        }
        walk(node, "")
        return out
    }

    /// The CreateTrainingJob request.
    public var request: [String: Any] {
        var r: [String: Any] = [
            "TrainingJobName": name,
            "AlgorithmSpecification": ["TrainingImage": image, "TrainingInputMode": "File", "MetricDefinitions": Self.metricDefinitions],
            "RoleArn": role,
            "InputDataConfig": channels.keys.sorted().map { channel in
                ["ChannelName": channel, "DataSource": ["S3DataSource": ["S3DataType": "S3Prefix", "S3Uri": channels[channel] ?? "",
                                                                        "S3DataDistributionType": "FullyReplicated"]]]
            },
            "OutputDataConfig": ["S3OutputPath": output],
            "ResourceConfig": ["InstanceType": instanceType, "InstanceCount": 1, "VolumeSizeInGB": 10],
            "StoppingCondition": spot ? ["MaxRuntimeInSeconds": maxRuntimeSeconds, "MaxWaitTimeInSeconds": maxRuntimeSeconds * 2]
                : ["MaxRuntimeInSeconds": maxRuntimeSeconds],
            "HyperParameters": hyperparameters,
        ]
        if spot {
            r["EnableManagedSpotTraining"] = true
            r["CheckpointConfig"] = ["S3Uri": output.hasSuffix("/") ? output + "checkpoints/\(name)" : output + "/checkpoints/\(name)",
                                     "LocalPath": "/opt/ml/checkpoints"]
        }
        return r
    }

    /// Starts the job and (unless `wait` is false) polls DescribeTrainingJob until it ends,
    /// reporting each status change. Returns the final status.
    public func run(client: SageMakerTrainingClient, wait: Bool = true, pollSeconds: Double = 30,
                    report: (String) -> Void) async throws -> SageMakerTrainingClient.Status {
        let arn = try await client.createTrainingJob(request)
        report("created \(arn)")
        var last = ""
        while true {
            let status = try await client.describeTrainingJob(name: name)
            let text = status.status + (status.secondaryStatus.map { " / \($0)" } ?? "")
            if text != last { report("\(name): \(text)"); last = text }
            if !wait || ["Completed", "Failed", "Stopped"].contains(status.status) { return status }
            try await Task.sleep(nanoseconds: UInt64(pollSeconds * 1e9))
        }
    }
}
