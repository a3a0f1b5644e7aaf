import Features
import Foundation
import Learning
import TestSupport
import XCTest

/// `sentrade backtest` with a checkpoint: a sentiment-trained agent refuses to run without posts
/// (unless told, and then it says so), and the window defaults to after the checkpoint's validation.
final class CheckpointGuardTests: XCTestCase {
    func testFusedCheckpointWithoutPostsIsRefused() throws {
        let spec = FeatureSpec.fused(window: 2)
        let model = ActorCritic(observationSize: ObservationBuilder.size(for: spec), actionCount: 3, seed: 1)
        var manifest = CheckpointManifest(observationSize: model.observationSize, actionCount: 3, network: model.config)
        manifest.featureSpec = spec
        manifest.envConfig = TradingEnvConfig()
        manifest.dataRange = ["train": "2015-01-02..2015-06-30", "validation": "2015-07-01..2015-09-30"]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-guard-\(UUID().uuidString)")
        try Checkpoint.save(model: model, manifest: manifest, to: dir.appendingPathComponent("ckpt"))
        let prices = SharedData.packageRoot.appendingPathComponent("Examples/eval/prices/AAA.csv").path
        let base = ["backtest", "--prices", prices, "--policy", "ckpt:" + dir.appendingPathComponent("ckpt").path,
                    "--equity-csv", dir.appendingPathComponent("eq.csv").path]
        let refused = try CommandRunner.run(base)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("trained with sentiment features"), refused.stderr)
        let allowed = try CommandRunner.run(base + ["--allow-missing-sentiment"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
        XCTAssertTrue(allowed.stderr.contains("no posts"), allowed.stderr)
        XCTAssertTrue(allowed.stderr.contains("--from defaults to 2015-10-01"), allowed.stderr)
        let inSample = try CommandRunner.run(base + ["--allow-missing-sentiment", "--from", "2015-03-02"])
        XCTAssertTrue(inSample.stderr.contains("in-sample"), inSample.stderr)
    }
}
