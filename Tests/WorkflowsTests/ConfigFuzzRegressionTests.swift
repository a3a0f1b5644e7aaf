import Foundation
import Workflows
import XCTest

/// Config files the fuzz target `Fuzz/TrainingConfig` crashed on (Yams's untyped constructor traps on
/// a key that is itself a mapping): `TrainingConfig.load` must refuse them with an error naming the
/// file. The exact inputs are seeds of that target (`regression-*`).
final class ConfigFuzzRegressionTests: XCTestCase {
    func load(_ text: String, as name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-config-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            _ = try TrainingConfig.load(path: path)
            return "no error"
        } catch {
            return "\(error)".replacingOccurrences(of: dir.path + "/", with: "")
        }
    }

    func testKeysThatAreMappingsAreRefused() {
        // The crashing input: an unknown section whose key is a mapping (`? m:`).
        XCTAssertEqual(load("pp:\n ?  m:\n", as: "train.yaml"),
                       "training config: train.yaml: unknown key 'pp' (did you mean 'ppo'?); valid keys here: data, env, features, ppo, split, training, window")
        XCTAssertEqual(load("ppo:\n ?  m:\n", as: "train.yaml"),
                       "training config: train.yaml:2: a key under 'ppo' is a mapping or list; keys must be plain names")
        XCTAssertEqual(load("ppo:\n  ? [gamma]\n  : 0.9\n", as: "train.yaml"),
                       "training config: train.yaml:2: a key under 'ppo' is a mapping or list; keys must be plain names")
        // Plain keys, nested sections and merge keys still load.
        XCTAssertEqual(load("base: &b {gamma: 0.95}\n", as: "train.yaml").hasPrefix("training config: train.yaml: unknown key 'base'"), true)
        XCTAssertEqual(load("ppo:\n  <<: {gamma: 0.95}\n  seed: 3\n", as: "train.yaml"), "no error")
        XCTAssertEqual(load("ppo:\n  <<: {gama: 0.95}\n", as: "train.yaml").contains("unknown key 'ppo.gama' (did you mean 'ppo.gamma'?)"), true)
    }
}
