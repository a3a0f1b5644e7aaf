import ArgumentParser
import Connectors
import Foundation
import Serving

/// `sentrade cloud train|deploy`: SageMaker training jobs and the CloudFormation stack.
struct CloudCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cloud", abstract: "Run training on SageMaker; deploy the Fargate stack (docs/DEPLOY.md).",
        subcommands: [CloudTrain.self, CloudDeploy.self])
}

struct CloudTrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Start a SageMaker training job with this image's training contract and wait for it.",
        discussion: HelpText.reflow("""
        Example:
          sentrade cloud train --config Examples/configs/stocknet.yaml --image 123456789012.dkr.ecr.us-east-1.amazonaws.com/sentrade:latest \\
              --role arn:aws:iam::123456789012:role/SentradeTraining --channel train=s3://my-bucket/stocknet/ --output s3://my-bucket/models/ --spot
        --dry-run prints the CreateTrainingJob request instead of sending it.
        """))
    @Option(help: "Training config (the `sentrade train` YAML); its keys become hyperparameters.") var config: String?
    @Option(help: "ECR image URI.") var image: String
    @Option(help: "SageMaker execution role ARN.") var role: String
    @Option(help: "NAME=S3URI, repeatable (e.g. train=s3://bucket/stocknet/).") var channel: [String] = []
    @Option(help: "S3 prefix for model.tar.gz.") var output: String
    @Option(name: .customLong("instance-type"), help: "Instance type.") var instanceType = "ml.m5.large"
    @Flag(help: "Managed spot training (checkpoints resume after interruption).") var spot = false
    @Option(name: .customLong("max-runtime"), help: "MaxRuntimeInSeconds.") var maxRuntime = 3_600
    @Option(name: .customLong("job-name"), help: "Job name (default sentrade-<UTC time>).") var jobName: String?
    @Option(name: .customLong("hyperparameter"), help: "KEY=VALUE, repeatable; overrides the config's.") var hyperparameter: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print the request, send nothing.") var dryRun = false
    @Flag(name: .customLong("no-wait"), help: "Return after creating the job.") var noWait = false
    @Option(name: .customLong("poll-seconds"), help: "Seconds between status checks.") var pollSeconds: Double = 30

    func run() async throws {
        var channels: [String: String] = [:]
        for c in channel {
            let parts = c.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[1].hasPrefix("s3://") else { throw ValidationError("--channel '\(c)' must be NAME=s3://bucket/prefix") }
            channels[parts[0]] = parts[1]
        }
        guard output.hasPrefix("s3://") else { throw ValidationError("--output '\(output)' must be an s3:// URI") }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-").prefix(19)
        var job = CloudTrainingJob(name: jobName ?? "sentrade-\(stamp)", image: image, role: role, channels: channels, output: output)
        job.instanceType = instanceType
        job.spot = spot
        job.maxRuntimeSeconds = maxRuntime
        do { job.hyperparameters = try config.map { try CloudTrainingJob.hyperparameters(fromConfig: $0) } ?? [:] } catch {
            throw ValidationError("\(error)")
        }
        for h in hyperparameter {
            let parts = h.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--hyperparameter '\(h)' must be KEY=VALUE") }
            job.hyperparameters[parts[0]] = parts[1]
        }
        if dryRun {
            let data = try JSONSerialization.data(withJSONObject: job.request, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let status = try await job.run(client: SageMakerTrainingClient(), wait: !noWait, pollSeconds: pollSeconds) { print($0) }
        if let artifacts = status.modelArtifacts { print("model: \(artifacts)") }
        if status.status == "Failed" { throw ValidationError("training job failed: \(status.failureReason ?? "no reason given")") }
    }
}

struct CloudDeploy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "Print the `aws cloudformation deploy` command for deploy/cloudformation/sentrade.yaml.",
        discussion: "Run the printed command with the AWS CLI (docs/DEPLOY.md explains each parameter and the order: secret first).")
    @Option(help: "Stack name.") var stack = "sentrade"
    @Option(name: .customLong("image"), help: "ImageUri parameter.") var image: String
    @Option(help: "VPC id.") var vpc: String
    @Option(help: "Subnet ids, comma-separated.") var subnets: String
    @Option(help: "service (streaming loop) or schedule (--once after the close).") var mode = "schedule"
    @Option(help: "Symbols.") var symbols = "AAPL,MSFT"
    @Option(help: "Policy.") var policy = "sma:10,30"
    @Flag(name: .customLong("enable-runner"), help: "Start trading now (default: deploy paused, fill the secret, then redeploy with this flag).")
    var enableRunner = false

    func run() throws {
        guard ["service", "schedule"].contains(mode) else { throw ValidationError("--mode must be service or schedule") }
        print("""
        aws cloudformation deploy --stack-name \(stack) --template-file deploy/cloudformation/sentrade.yaml \\
          --capabilities CAPABILITY_NAMED_IAM --parameter-overrides \\
          ImageUri=\(image) VpcId=\(vpc) SubnetIds=\(subnets) Mode=\(mode) Symbols=\(symbols) Policy=\(policy) \\
          RunnerEnabled=\(enableRunner) TradingMode=paper
        """)
    }
}
