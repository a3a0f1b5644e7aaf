import Backtest
import Strategy
import Features
import Foundation
import Learning
import MarketData
import TestSupport
import Workflows
import XCTest

/// The trading agent's training loop end to end on a small synthetic market: trains, validates,
/// writes the best checkpoint and log, and the checkpoint backtests as a `Policy`.
final class TradingTrainingTests: XCTestCase {
    func testTrainValidateCheckpointAndBacktest() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("train-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = TrainingConfig()
        var market = SyntheticMarketConfig()
        market.sessions = 500
        market.symbols = ["SYNA", "SYNB"]
        config.data.synthetic = market
        var ppo = TrainingConfig.defaultPPO(seed: 3)
        ppo.nSteps = 64
        ppo.totalTimesteps = 4 * 8 * 64
        config.ppo = ppo
        var options = TrainingOptions()
        options.validateEvery = 2
        options.checkpointDirectory = dir.path
        options.logFile = dir.path + ".jsonl"
        config.training = options
        defer { try? FileManager.default.removeItem(atPath: dir.path + ".jsonl") }
        var validations = 0
        let outcome = try TrainingWorkflow.run(config) { if $0.validationSharpe != nil { validations += 1 } }
        XCTAssertEqual(validations, 2)
        XCTAssertTrue(outcome.bestValidationSharpe.isFinite)
        XCTAssertEqual(outcome.manifest.featureSpec, .fused(window: 10))
        XCTAssertNotNil(outcome.manifest.dataRange?["validation"])
        let log = try String(contentsOfFile: dir.path + ".jsonl", encoding: .utf8)
        XCTAssertEqual(log.split(separator: "\n").count, 4, "one record per iteration")

        // The saved checkpoint is the returned best model and runs as a backtest policy.
        let (manifest, loaded) = try Checkpoint.load(from: dir)
        XCTAssertEqual(manifest.metrics?["validationSharpe"], outcome.bestValidationSharpe)
        XCTAssertEqual(loaded.parameters.array, outcome.model.parameters.array)
        let series = TradingSeries(series: SyntheticMarket.generate(market).series[0], spec: .fused(window: 10))
        var policy: any Policy = try PPOPolicy(checkpoint: dir, featureSpec: .fused(window: 10))
        let result = Backtester.run(any: &policy, on: series, range: 300..<500)
        XCTAssertEqual(result.equity.count, 200)
        XCTAssertTrue(result.metrics.sharpe.isFinite)

        // A pipeline with other features is refused, naming the difference.
        XCTAssertThrowsError(try PPOPolicy(checkpoint: dir, featureSpec: .priceOnly(window: 10))) { error in
            XCTAssertTrue("\(error)".contains("features"), "\(error)")
        }
    }

    func testConfigErrorsNameTheField() throws {
        var config = TrainingConfig()
        config.features = "everything"
        XCTAssertThrowsError(try TrainingWorkflow.run(config)) { XCTAssertTrue("\($0)".contains("features")) }
        let decoded = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"{"features": "price-only", "ppo": {"nSteps": 16}}"#.utf8))
        XCTAssertEqual(decoded.features, "price-only")
        XCTAssertEqual(decoded.ppo?.nSteps, 16)
        XCTAssertEqual(decoded.ppo?.numEnvs, TrainingConfig.defaultPPO().numEnvs, "unspecified PPO keys take the trading defaults")
        XCTAssertEqual(decoded.ppo?.learningRate, TrainingConfig.defaultPPO().learningRate)
        XCTAssertEqual(decoded.data.source, "synthetic")
    }
}

final class TrainingConfigFileTests: XCTestCase {
    func testYAMLExampleLoadsAndBadFilesNameTheField() throws {
        let example = SharedData.packageRoot.appendingPathComponent("Examples/configs/stocknet.yaml").path
        let config = try TrainingConfig.load(path: example)
        XCTAssertEqual(config.data.source, "stocknet")
        XCTAssertEqual(config.split.trainEnd, "2015-03-31")
        XCTAssertEqual(config.ppo?.totalTimesteps, 200_000)
        XCTAssertEqual(config.training?.patience, 6)
        // Paths in the file are relative to the file: the example names the shared StockNet tree and
        // the repository's runs/ folder from Examples/configs/.
        let root = SharedData.packageRoot.standardizedFileURL
        XCTAssertEqual(config.data.root.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path },
                       root.deletingLastPathComponent().appendingPathComponent("shared/data/stocknet").resolvingSymlinksInPath().path)
        XCTAssertEqual(config.training?.checkpointDirectory, root.appendingPathComponent("runs/stocknet-fused").path)
        // The same file from elsewhere resolves to the same places; absolute paths stay as given.
        let moved = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)/deeper")
        try FileManager.default.createDirectory(at: moved, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: moved.deletingLastPathComponent()) }
        try "data: {source: files, pricesDir: prices, posts: /abs/posts.jsonl}\ntraining: {logFile: ../log.jsonl}\n"
            .write(to: moved.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let relative = try TrainingConfig.load(path: moved.appendingPathComponent("c.yaml").path)
        XCTAssertEqual(relative.data.pricesDir, moved.appendingPathComponent("prices").standardizedFileURL.path)
        XCTAssertEqual(relative.data.posts, "/abs/posts.jsonl")
        XCTAssertEqual(relative.training?.logFile, moved.deletingLastPathComponent().appendingPathComponent("log.jsonl").standardizedFileURL.path)
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: bad) }
        try "window: ten\n".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainingConfig.load(path: bad)) { error in
            XCTAssertTrue(String(describing: error).contains("window"), "\(error)")
        }
    }
}

/// The README documents every key a training config may have, and the text forms it shows for
/// `env.actions` and `env.reward` are the ones the decoder reads.
final class TrainingConfigDocumentationTests: XCTestCase {
    func testEveryConfigKeyIsInTheREADME() throws {
        let readme = try String(contentsOf: SharedData.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var missing: [String] = []
        func walk(_ schema: StrictConfig.Schema, prefix: String) {
            for key in schema.keys {
                let path = prefix.isEmpty ? key : prefix + "." + key
                if prefix.isEmpty, schema.nested[key] != nil {
                    // A section (data, split, env, ppo, training): its keys are checked below.
                } else if prefix == "data.synthetic" {
                    if !readme.contains("`\(key)`") { missing.append(path) }
                } else if !readme.contains("`\(path)`") {
                    missing.append(path)
                }
                if let nested = schema.nested[key] { walk(nested, prefix: path) }
            }
        }
        walk(TrainingConfig.schema, prefix: "")
        XCTAssertEqual(missing, [], "training config keys the README does not document")
    }

    func testTextFormsOfActionsAndRewardsDecodeAndCheckpointFormsStillDo() throws {
        let yaml = #"{"env": {"actions": "discrete3", "reward": "differentialSharpe:0.01"}}"#
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(yaml.utf8))
        XCTAssertEqual(config.env?.actions, .discrete3)
        XCTAssertEqual(config.env?.reward, .differentialSharpe(eta: 0.01))
        let levels = try JSONDecoder().decode(TradingEnvConfig.self, from: Data(#"{"actions": "targets:-1,0,1", "reward": "logReturn"}"#.utf8))
        XCTAssertEqual(levels.actions, .targets([-1, 0, 1]))
        // What checkpoints hold (the keyed form) round-trips unchanged.
        var env = TradingEnvConfig()
        env.actions = .targets([0, 0.5, 1])
        env.reward = .sentimentAlignment(lambda: 0.2)
        let encoded = try JSONEncoder().encode(env)
        XCTAssertTrue(String(decoding: encoded, as: UTF8.self).contains(#""targets":{"_0":[0,0.5,1]}"#))
        XCTAssertEqual(try JSONDecoder().decode(TradingEnvConfig.self, from: encoded), env)
        for bad in [#"{"actions": "discrete4"}"#, #"{"reward": "differentialSharpe:2"}"#, #"{"actions": "targets:0,3"}"#] {
            XCTAssertThrowsError(try JSONDecoder().decode(TradingEnvConfig.self, from: Data(bad.utf8)), bad)
        }
    }
}
