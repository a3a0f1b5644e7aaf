import Connectors
import Features
import Foundation
import Learning
import Live
import MarketData
import Sentiment
import Serving
import TestSupport
import TradingCore
import Strategy
import XCTest

/// The SageMaker inference contract against real sockets: /ping, sentiment in Comprehend's shape,
/// a decision from bars, the 4xx refusals, and Sentrade's own SageMaker client talking to it.
final class InferenceServerTests: XCTestCase {
    func checkpointDirectory() throws -> URL {
        let spec = FeatureSpec.priceOnly(window: 3)
        let model = ActorCritic(observationSize: ObservationBuilder.size(for: spec), actionCount: 3, seed: 2)
        var manifest = CheckpointManifest(observationSize: model.observationSize, actionCount: 3, network: model.config)
        manifest.featureSpec = spec
        manifest.envConfig = TradingEnvConfig()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-serve-\(UUID().uuidString)")
        try Checkpoint.save(model: model, manifest: manifest, to: dir.appendingPathComponent("policy"))
        return dir
    }

    func post(_ server: LoopbackHTTPServer, _ body: String, contentType: String = "application/json",
              accept: String = "application/json") async throws -> (Int, [String: Any]) {
        let http = HTTPCore(service: "test", retry: .none)
        let reply = try await http.sendOnce(HTTPRequestSpec(method: "POST", url: server.baseURL + "/invocations",
                                                            headers: [("Content-Type", contentType), ("Accept", accept)],
                                                            body: Data(body.utf8)), attempt: 0)
        return (reply.status, (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]) ?? [:])
    }

    func testContract() async throws {
        let started = Date()
        let server = try await InferenceServer.start(model: try InferenceModel(directory: checkpointDirectory().path), host: "127.0.0.1", port: 0)
        let http = HTTPCore(service: "test", retry: .none)
        let ping = try await http.send(HTTPRequestSpec(url: server.baseURL + "/ping"))
        XCTAssertEqual(ping.status, 200)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "/ping answers within 2 s of start-up")

        var (status, body) = try await post(server, #"{"TextList":["Revenue beat estimates, guidance raised","","Shares plunge after the downgrade"],"LanguageCode":"en"}"#)
        XCTAssertEqual(status, 200)
        let results = try XCTUnwrap(body["ResultList"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["Index"] as? Int }, [0, 2])
        XCTAssertEqual(results.first?["Sentiment"] as? String, "POSITIVE")
        XCTAssertEqual(results.last?["Sentiment"] as? String, "NEGATIVE")
        XCTAssertEqual((body["ErrorList"] as? [[String: Any]])?.first?["Index"] as? Int, 1, "the empty text is an item error")

        var market = SyntheticMarketConfig()
        market.sessions = 80
        market.symbols = ["SYNA"]
        let bars = SyntheticMarket.generate(market).series[0].bars
        let rows = bars.map { #"{"t":"\#(ISO8601.string($0.time))","o":\#($0.open),"h":\#($0.high),"l":\#($0.low),"c":\#($0.close),"v":\#($0.volume)}"# }
        (status, body) = try await post(server, #"{"symbol":"SYNA","bars":[\#(rows.joined(separator: ","))]}"#)
        XCTAssertEqual(status, 200, "\(body)")
        let probabilities = try XCTUnwrap(body["probabilities"] as? [Double])
        XCTAssertEqual(probabilities.count, 3)
        XCTAssertEqual(probabilities.reduce(0, +), 1, accuracy: 1e-5)
        XCTAssertEqual((body["observation"] as? [Double])?.count, ObservationBuilder.size(for: .priceOnly(window: 3)))
        XCTAssertNotNil(body["decision"] as? String)

        (status, body) = try await post(server, "{not json")
        XCTAssertEqual(status, 400)
        XCTAssertNotNil(body["error"])
        (status, _) = try await post(server, #"{"TextList":["x"]}"#, contentType: "text/csv")
        XCTAssertEqual(status, 415)
        (status, _) = try await post(server, #"{"TextList":["x"]}"#, accept: "text/csv")
        XCTAssertEqual(status, 406)
        (status, _) = try await post(server, #"{"bars":[{"t":"2020-01-02T00:00:00Z","o":1,"h":1,"l":1}]}"#)
        XCTAssertEqual(status, 400, "a bar without a close")
        (status, _) = try await post(server, #"{"TextList":[""#  + String(repeating: "a", count: InferenceServer.maxBodyBytes) + #""]}"#)
        XCTAssertEqual(status, 413)
        await server.stop()
    }

    /// An ensemble folder serves like a checkpoint: the members' mean probabilities, and why.
    func testAnEnsembleIsServed() async throws {
        let spec = FeatureSpec.priceOnly(window: 3)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-serve-ens-\(UUID().uuidString)")
        for seed in [4, 5] {
            let model = ActorCritic(observationSize: ObservationBuilder.size(for: spec), actionCount: 3, seed: UInt64(seed))
            var manifest = CheckpointManifest(observationSize: model.observationSize, actionCount: 3, network: model.config)
            manifest.featureSpec = spec
            manifest.envConfig = TradingEnvConfig()
            try Checkpoint.save(model: model, manifest: manifest, to: dir.appendingPathComponent("policy/member\(seed)"))
        }
        try TrainedPolicy.saveEnsemble(members: ["member4", "member5"], to: dir.appendingPathComponent("policy"))
        let server = try await InferenceServer.start(model: try InferenceModel(directory: dir.path), host: "127.0.0.1", port: 0)
        var market = SyntheticMarketConfig()
        market.sessions = 80
        market.symbols = ["SYNA"]
        let bars = SyntheticMarket.generate(market).series[0].bars
        let rows = bars.map { #"{"t":"\#(ISO8601.string($0.time))","o":\#($0.open),"h":\#($0.high),"l":\#($0.low),"c":\#($0.close),"v":\#($0.volume)}"# }
        let (status, body) = try await post(server, #"{"symbol":"SYNA","bars":[\#(rows.joined(separator: ","))]}"#)
        XCTAssertEqual(status, 200, "\(body)")
        let probabilities = try XCTUnwrap(body["probabilities"] as? [Double])
        XCTAssertEqual(probabilities.count, 3)
        XCTAssertEqual(probabilities.reduce(0, +), 1, accuracy: 1e-5)
        XCTAssertEqual((body["actions"] as? [String])?.count, 3)
        XCTAssertTrue((body["why"] as? String)?.contains("price shift") ?? false, "\(body)")
        await server.stop()
    }

    /// `--analyzer sagemaker:ENDPOINT` talks to exactly this contract (here via a local endpoint URL).
    func testSageMakerAnalyzerAgainstTheServer() async throws {
        let server = try await InferenceServer.start(model: try InferenceModel(directory: nil), host: "127.0.0.1", port: 0)
        let env = ["AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME": server.baseURL,
                   "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"]
        let analyzer = SageMakerAnalyzer(client: SageMakerRuntimeClient(environment: env), endpoint: "local-endpoint")
        let scores = try await analyzer.score(["Great quarter, revenue beat", "Awful guidance, shares plunge"])
        XCTAssertEqual(scores.count, 2)
        XCTAssertGreaterThan(scores[0].polarity, 0)
        XCTAssertLessThan(scores[1].polarity, 0)
        await server.stop()
    }
}
