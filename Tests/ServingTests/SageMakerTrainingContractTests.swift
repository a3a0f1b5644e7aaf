import Foundation
import Learning
import TestSupport
import Workflows
import XCTest

/// The SageMaker training contract run as SageMaker runs it (`sentrade sagemaker train` with an
/// `/opt/ml` tree), without a container: `SENTRADE_SM_ROOT` points at a temporary folder.
final class SageMakerTrainingContractTests: XCTestCase {
    func makeRoot(hyperparameters: [String: String], stocknet: String?) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-sm-\(UUID().uuidString)")
        let config = root.appendingPathComponent("input/config")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: hyperparameters).write(to: config.appendingPathComponent("hyperparameters.json"))
        try Data(#"{"current_host":"algo-1","hosts":["algo-1"]}"#.utf8).write(to: config.appendingPathComponent("resourceconfig.json"))
        if let stocknet {
            let data = root.appendingPathComponent("input/data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: data.appendingPathComponent("train").path, withDestinationPath: stocknet)
        }
        return root
    }

    func run(_ root: URL) throws -> CommandRunner.Result {
        try CommandRunner.run(["sagemaker", "train"], environment: ["SENTRADE_SM_ROOT": root.path])
    }

    func testStockNetChannelWithStringHyperparametersWritesTheModel() throws {
        let stocknet = try SharedData.path("stocknet")
        let root = try makeRoot(hyperparameters: ["steps": "4096", "seed": "3", "features": "price-only",
                                                  "ppo.learningRate": "0.0003", "data.symbols": #"["AAPL","MSFT"]"#,
                                                  "split.trainEnd": "2015-06-30", "split.validationEnd": "2015-09-30"],
                                stocknet: stocknet)
        let r = try run(root)
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        XCTAssertTrue(r.stdout.contains("StockNet layout"), r.stdout)
        XCTAssertNotNil(r.stdout.range(of: #"metric iteration=\d+ timesteps=\d+ .* validation_sharpe=[-0-9.eE]+"#, options: .regularExpression), r.stdout)
        let model = root.appendingPathComponent("model")
        XCTAssertTrue(FileManager.default.fileExists(atPath: model.appendingPathComponent("policy.safetensors").path))
        let manifest = try Checkpoint.load(from: model).manifest
        XCTAssertEqual(manifest.hyperparameters?.learningRate, .constant(0.0003))
        XCTAssertEqual(manifest.hyperparameters?.seed, 3)
        XCTAssertEqual(manifest.featureSpec?.usesSentiment, false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/failure").path))
    }

    func testBadHyperparameterFailsNamingIt() throws {
        let root = try makeRoot(hyperparameters: ["steps": "4096", "ppo.learningRat": "0.001"], stocknet: nil)
        let r = try run(root)
        XCTAssertNotEqual(r.status, 0)
        let failure = try String(contentsOf: root.appendingPathComponent("output/failure"), encoding: .utf8)
        XCTAssertTrue(failure.contains("ppo.learningRat") && failure.contains("learningRate"), failure)
        let bad = try makeRoot(hyperparameters: ["steps": "many"], stocknet: nil)
        XCTAssertNotEqual(try run(bad).status, 0)
        let text = try String(contentsOf: bad.appendingPathComponent("output/failure"), encoding: .utf8)
        XCTAssertTrue(text.contains("totalTimesteps"), text)
    }

    /// A spot interruption: the second run finds the first's progress in /opt/ml/checkpoints and
    /// trains only the remaining steps, from the saved weights.
    func testResumesFromCheckpoints() throws {
        let root = try makeRoot(hyperparameters: ["steps": "4096", "features": "price-only", "training.validateEvery": "1",
                                                  "training.patience": "100"], stocknet: nil)
        XCTAssertEqual(try run(root).status, 0)
        let progress = root.appendingPathComponent("checkpoints/progress.json")
        XCTAssertTrue(FileManager.default.fileExists(atPath: progress.path))
        try JSONSerialization.data(withJSONObject: ["steps": "8192", "features": "price-only", "training.validateEvery": "1",
                                                    "training.patience": "100"])
            .write(to: root.appendingPathComponent("input/config/hyperparameters.json"))
        let second = try run(root)
        XCTAssertEqual(second.status, 0, second.stderr)
        let first = second.stdout.split(separator: "\n").first { $0.hasPrefix("metric ") }.map(String.init) ?? ""
        let steps = first.range(of: #"timesteps=(\d+)"#, options: .regularExpression).map { Int(first[$0].dropFirst(10)) ?? 0 } ?? 0
        XCTAssertGreaterThan(steps, 4096, "the resumed run continues after the first run's steps: \(first)")
        XCTAssertGreaterThanOrEqual(try Checkpoint.load(from: root.appendingPathComponent("model")).manifest.timesteps ?? 0, 8192)
    }
}
