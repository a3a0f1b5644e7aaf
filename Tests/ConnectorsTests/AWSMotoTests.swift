import Connectors
import TestSupport
import Foundation
import XCTest

/// Comprehend, Secrets Manager and SageMaker Runtime against a real `moto_server`.
final class AWSMotoTests: XCTestCase {
    func testComprehendDetectSentiment() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let comprehend = ComprehendClient(environment: moto.environment, retry: TestEnv.fastRetry())
        let score = try await comprehend.detectSentiment("Apple crushed earnings, stock to the moon")
        XCTAssertEqual(score.positive + score.negative + score.neutral + score.mixed, 1, accuracy: 1e-9)
        XCTAssertEqual(score.label, .neutral, "moto answers a canned NEUTRAL")
    }

    func testSecretsManagerCreateGetAndNotFound() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let secrets = SecretsManagerClient(environment: moto.environment, retry: TestEnv.fastRetry())
        let value = #"{"APCA_API_KEY_ID":"PKMOTO","APCA_API_SECRET_KEY":"moto-secret-value","X_BEARER_TOKEN":"bearer-moto"}"#
        let arn = try await secrets.createSecret(name: "sentrade/keys", value: Secret(value))
        XCTAssertTrue(arn.contains("sentrade/keys"))
        let fetched = try await secrets.getSecretValue(id: "sentrade/keys")
        XCTAssertEqual(fetched.value, value)
        let dict = try await secrets.getSecretDictionary(id: "sentrade/keys")
        XCTAssertEqual(dict["APCA_API_KEY_ID"]?.value, "PKMOTO")
        do {
            _ = try await secrets.getSecretValue(id: "does/not/exist")
            XCTFail("expected ResourceNotFoundException")
        } catch let error as ConnectorError {
            // AWS answers 400; moto 5.2 answers 404. The API code is what callers match on.
            XCTAssertTrue([400, 404].contains(error.status ?? 0), "\(error)")
            XCTAssertEqual(error.apiCode, "ResourceNotFoundException")
        }
    }

    func testSageMakerInvokeEndpoint() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        // Queue a result through moto's own API, as its docs describe.
        let queue = #"{"account_id":"123456789012","region":"us-east-1","results":[{"Body":"{\"label\":\"POSITIVE\"}","ContentType":"application/json","InvokedProductionVariant":"prod","CustomAttributes":""}]}"#
        let setup = HTTPCore(service: "moto-setup", retry: .none)
        let queued = try await setup.send(HTTPRequestSpec(method: "POST", url: moto.url + "/moto-api/static/sagemaker/endpoint-results",
                                                          headers: [("Content-Type", "application/json")], body: Data(queue.utf8)))
        XCTAssertEqual(queued.status, 201)
        let runtime = SageMakerRuntimeClient(environment: moto.environment, retry: TestEnv.fastRetry())
        let result = try await runtime.invokeEndpoint(name: "sentiment-endpoint", body: Data(#"{"texts":["hi"]}"#.utf8))
        XCTAssertEqual(String(decoding: result.body, as: UTF8.self), #"{"label":"POSITIVE"}"#)
        XCTAssertEqual(result.invokedVariant, "prod")
    }

    func testSageMakerAnalyzerThroughRemoteAnalyzersFactory() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let body = #"{\"scores\":[{\"positive\":0.7,\"negative\":0.1,\"neutral\":0.2,\"mixed\":0},{\"SentimentScore\":{\"Positive\":0.1,\"Negative\":0.6,\"Neutral\":0.3,\"Mixed\":0}}]}"#
        let queue = #"{"account_id":"123456789012","region":"us-east-1","results":[{"Body":"\#(body)","ContentType":"application/json","InvokedProductionVariant":"prod","CustomAttributes":""}]}"#
        _ = try await HTTPCore(service: "moto-setup", retry: .none).send(HTTPRequestSpec(
            method: "POST", url: moto.url + "/moto-api/static/sagemaker/endpoint-results",
            headers: [("Content-Type", "application/json")], body: Data(queue.utf8)))
        let analyzer = try XCTUnwrap(try RemoteAnalyzers.make(spec: "sagemaker:sentiment-ep", environment: moto.environment, cachePath: nil))
        XCTAssertEqual(analyzer.name, "sagemaker:sentiment-ep")
        let scores = try await analyzer.score(["up only", "down bad"])
        XCTAssertEqual(scores.map(\.label), [.positive, .negative])
        XCTAssertNil(try RemoteAnalyzers.make(spec: "lexicon", environment: moto.environment))
    }

    func testSageMakerTrainingJobCreateAndDescribe() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let training = SageMakerTrainingClient(environment: moto.environment, retry: TestEnv.fastRetry())
        let request: [String: Any] = [
            "TrainingJobName": "sentrade-ppo-1",
            "AlgorithmSpecification": ["TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/sentrade:latest",
                                       "TrainingInputMode": "File"],
            "RoleArn": "arn:aws:iam::123456789012:role/sentrade-training",
            "OutputDataConfig": ["S3OutputPath": "s3://sentrade-models/out"],
            "ResourceConfig": ["InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10],
            "StoppingCondition": ["MaxRuntimeInSeconds": 3600],
        ]
        let arn = try await training.createTrainingJob(request)
        XCTAssertTrue(arn.hasSuffix("training-job/sentrade-ppo-1"), arn)
        let status = try await training.describeTrainingJob(name: "sentrade-ppo-1")
        XCTAssertEqual(status.status, "Completed", "moto completes jobs at once")
        XCTAssertNotNil(status.modelArtifacts)
        do {
            _ = try await training.describeTrainingJob(name: "missing-job")
            XCTFail("expected ValidationException")
        } catch let error as ConnectorError {
            XCTAssertEqual(error.apiCode, "ValidationException")
        }
    }
}
