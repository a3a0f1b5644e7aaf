import Connectors
import Foundation
import Serving
import TestSupport
import XCTest

/// `sentrade cloud train` against moto: the CreateTrainingJob request carries the image, role,
/// channels, string hyperparameters and stopping condition, and Describe is polled to the end.
final class CloudTrainTests: XCTestCase {
    func testCreateAndPollOnMoto() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-cloud-\(UUID().uuidString).yaml")
        try "features: price-only\nwindow: 8\nppo: {totalTimesteps: 50000, learningRate: 0.0001}\ndata: {source: stocknet, root: /local/only}\n"
            .write(to: config, atomically: true, encoding: .utf8)
        var job = CloudTrainingJob(name: "sentrade-test-1", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/sentrade:1",
                                   role: "arn:aws:iam::123456789012:role/SentradeTraining",
                                   channels: ["train": "s3://bucket/stocknet/"], output: "s3://bucket/models/")
        job.spot = true
        job.hyperparameters = try CloudTrainingJob.hyperparameters(fromConfig: config.path)
        XCTAssertEqual(job.hyperparameters["features"], "price-only")
        XCTAssertEqual(job.hyperparameters["ppo.totalTimesteps"], "50000")
        XCTAssertEqual(job.hyperparameters["window"], "8")
        XCTAssertNil(job.hyperparameters["data.root"], "local paths are not sent")
        let request = job.request
        XCTAssertEqual((request["AlgorithmSpecification"] as? [String: Any])?["TrainingImage"] as? String, job.image)
        XCTAssertEqual((request["StoppingCondition"] as? [String: Int])?["MaxWaitTimeInSeconds"], 7_200)
        XCTAssertTrue((request["HyperParameters"] as? [String: Any])?.values.allSatisfy { $0 is String } ?? false)
        var lines: [String] = []
        let status = try await job.run(client: SageMakerTrainingClient(environment: moto.environment, retry: RetryPolicy(timeScale: 0.001)),
                                       pollSeconds: 0.05) { lines.append($0) }
        XCTAssertEqual(status.status, "Completed")
        XCTAssertTrue(lines.contains { $0.contains("created arn:aws:sagemaker") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("Completed") }, "\(lines)")
    }

    func testDryRunPrintsTheRequest() throws {
        let r = try CommandRunner.run(["cloud", "train", "--image", "img:1", "--role", "arn:aws:iam::1:role/r", "--channel", "train=s3://b/p/",
                                       "--output", "s3://b/m/", "--hyperparameter", "steps=1000", "--dry-run"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((object?["HyperParameters"] as? [String: String])?["steps"], "1000")
        XCTAssertEqual(((object?["InputDataConfig"] as? [[String: Any]])?.first)?["ChannelName"] as? String, "train")
    }
}
