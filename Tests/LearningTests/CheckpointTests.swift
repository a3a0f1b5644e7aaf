import Features
import Foundation
import Learning
import TradingCore
import XCTest

final class CheckpointTests: XCTestCase {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func makeModel(shared: Bool = false) -> ActorCritic {
        ActorCritic(observationSize: 4, actionCount: 3, config: NetworkConfig(policyHidden: [16, 8], valueHidden: [8], sharedTrunk: shared), seed: 12)
    }

    func testRoundTripRestoresBitIdenticalWeightsAndActions() throws {
        for shared in [false, true] {
            let model = makeModel(shared: shared)
            var manifest = CheckpointManifest(observationSize: 4, actionCount: 3, network: model.config)
            manifest.hyperparameters = .cartPoleZoo(seed: 3)
            manifest.featureSpec = .fused(window: 5)
            manifest.metrics = ["validationSharpe": 1.25]
            manifest.envConfig = TradingEnvConfig()
            manifest.extra = ["cartpole": try JSONValue(encoding: ["maxEpisodeSteps": 500])]
            let dir = try temporaryDirectory()
            try Checkpoint.save(model: model, manifest: manifest, to: dir)
            let (loadedManifest, loaded) = try Checkpoint.load(from: dir)
            XCTAssertEqual(loadedManifest, manifest)
            XCTAssertEqual(loaded.parameters.array.map(\.bitPattern), model.parameters.array.map(\.bitPattern))
            let a = PolicyRunner(model: model), b = PolicyRunner(model: loaded)
            var rng = SeededGenerator(seed: 1)
            for _ in 0..<20 {
                let obs = randomArray(4, rng: &rng)
                XCTAssertEqual(a.probabilities(obs), b.probabilities(obs))
                XCTAssertEqual(a.greedyAction(obs), b.greedyAction(obs))
            }
            XCTAssertEqual(try loadedManifest.extra?["cartpole"]?.decode([String: Int].self), ["maxEpisodeSteps": 500])
        }
    }

    func testFeatureSpecMismatchNamesTheFeatures() throws {
        var manifest = CheckpointManifest(observationSize: 3, actionCount: 2, network: NetworkConfig())
        manifest.featureSpec = .fused(window: 10)
        XCTAssertNoThrow(try manifest.checkFeatureSpec(.fused(window: 10)))
        XCTAssertThrowsError(try manifest.checkFeatureSpec(.priceOnly(window: 10))) { e in
            XCTAssertTrue("\(e)".contains("feature spec mismatch"), "\(e)")
            XCTAssertTrue("\(e)".contains("features"), "\(e)")
        }
        XCTAssertThrowsError(try manifest.checkFeatureSpec(.fused(window: 5))) { e in
            XCTAssertTrue("\(e)".contains("window 10 vs 5"), "\(e)")
        }
    }

    func testCorruptOrIncompleteFilesAreErrors() throws {
        XCTAssertThrowsError(try SafeTensors.decode(Data([1, 2, 3])))
        var bad = Data()
        var huge = UInt64(1_000_000).littleEndian
        withUnsafeBytes(of: &huge) { bad.append(contentsOf: $0) }
        XCTAssertThrowsError(try SafeTensors.decode(bad))
        let encoded = try SafeTensors.encode([SafeTensor(name: "x", shape: [2, 2], values: [1, 2, 3, 4])])
        XCTAssertThrowsError(try SafeTensors.decode(encoded.dropLast(4)))
        XCTAssertThrowsError(try SafeTensors.encode([SafeTensor(name: "x", shape: [3], values: [1])]))
        // A checkpoint missing a tensor says which.
        let model = makeModel()
        let dir = try temporaryDirectory()
        try Checkpoint.save(model: model, manifest: CheckpointManifest(observationSize: 4, actionCount: 3, network: model.config), to: dir)
        let kept = Checkpoint.tensors(of: model).filter { $0.name != "vf.1.bias" }
        try SafeTensors.write(kept, to: dir.appendingPathComponent(Checkpoint.weightsFile))
        XCTAssertThrowsError(try Checkpoint.load(from: dir)) { e in XCTAssertTrue("\(e)".contains("vf.1.bias"), "\(e)") }
    }

    /// Python's `safetensors` reads what Swift wrote: names, shapes, values. Skips without the
    /// Python packages unless CI=true (then their absence fails).
    func testPythonSafetensorsReadsCheckpoint() throws {
        let model = makeModel()
        let dir = try temporaryDirectory()
        try Checkpoint.save(model: model, manifest: CheckpointManifest(observationSize: 4, actionCount: 3, network: model.config), to: dir)
        let tensors = Checkpoint.tensors(of: model)
        var expected: [String: Any] = [:]
        for t in tensors { expected[t.name] = ["shape": t.shape, "first": Double(t.values[0]), "last": Double(t.values[t.values.count - 1])] }
        let expectedJSON = String(decoding: try JSONSerialization.data(withJSONObject: expected), as: UTF8.self)
        let script = """
        import json, sys
        try:
            import numpy as np
            from safetensors.numpy import load_file
            from safetensors import safe_open
        except ImportError as e:
            print("MISSING", e); sys.exit(3)
        path, expected = sys.argv[1], json.loads(sys.argv[2])
        tensors = load_file(path)
        assert sorted(tensors) == sorted(expected), (sorted(tensors), sorted(expected))
        for name, e in expected.items():
            t = tensors[name]
            assert t.dtype == np.float32, (name, t.dtype)
            assert list(t.shape) == e["shape"], (name, t.shape, e["shape"])
            flat = t.reshape(-1)
            assert float(flat[0]) == e["first"] and float(flat[-1]) == e["last"], name
        with safe_open(path, framework="numpy") as f:
            assert f.metadata()["producer"] == "sentrade"
        print("OK", len(tensors))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, dir.appendingPathComponent(Checkpoint.weightsFile).path, expectedJSON]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("python3 not runnable: \(error)") }
            throw XCTSkip("python3 not runnable: \(error)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 || process.terminationStatus == 127 {
            let message = "python3 with safetensors+numpy is needed (pip install safetensors numpy): \(output)"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message); return }
            throw XCTSkip(message)
        }
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertTrue(output.hasPrefix("OK"), output)
    }
}
