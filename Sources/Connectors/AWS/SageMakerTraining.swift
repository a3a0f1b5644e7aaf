import Foundation

/// SageMaker training jobs (JSON 1.1, `SageMaker.<Op>`, signed as `sagemaker`): start one from a
/// CreateTrainingJob request and poll its status and model artifact location.
public struct SageMakerTrainingClient: Sendable {
    public var aws: AWSClient

    public init(aws: AWSClient) { self.aws = aws }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                credentials: AWSCredentialChain? = nil, retry: RetryPolicy = RetryPolicy()) {
        self.init(aws: AWSClient(endpointPrefix: "api.sagemaker", signingName: "sagemaker", envName: "SAGEMAKER",
                                 environment: environment, credentials: credentials, retry: retry))
    }

    /// What DescribeTrainingJob says about a job.
    public struct Status: Sendable {
        public var name: String
        /// `InProgress`, `Completed`, `Failed`, `Stopping`, `Stopped`.
        public var status: String
        public var secondaryStatus: String?
        public var failureReason: String?
        /// `s3://…/model.tar.gz` once completed.
        public var modelArtifacts: String?
    }

    /// Starts a job from a full CreateTrainingJob request object (see the AWS API reference);
    /// returns the job ARN.
    public func createTrainingJob(_ request: [String: Any]) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
        let data = try await aws.jsonCall(target: "SageMaker.CreateTrainingJob", body: body)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let arn = object["TrainingJobArn"] as? String else {
            throw ConnectorError.decoding(service: "sagemaker", message: "CreateTrainingJob reply has no TrainingJobArn")
        }
        return arn
    }

    public func describeTrainingJob(name: String) async throws -> Status {
        let body = try JSONSerialization.data(withJSONObject: ["TrainingJobName": name])
        let data = try await aws.jsonCall(target: "SageMaker.DescribeTrainingJob", body: body)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let status = object["TrainingJobStatus"] as? String else {
            throw ConnectorError.decoding(service: "sagemaker", message: "DescribeTrainingJob reply has no TrainingJobStatus")
        }
        return Status(name: (object["TrainingJobName"] as? String) ?? name, status: status,
                      secondaryStatus: object["SecondaryStatus"] as? String,
                      failureReason: object["FailureReason"] as? String,
                      modelArtifacts: (object["ModelArtifacts"] as? [String: Any])?["S3ModelArtifacts"] as? String)
    }
}
