import Features
import Foundation
import Learning
import TradingCore
import XCTest

/// Inputs the fuzz targets `Fuzz/SafeTensors` and `Fuzz/CheckpointManifest` crashed on, fed through
/// the same API (`SafeTensors(data:)`, `Checkpoint.load`): each must now be a thrown error naming
/// the file. The exact inputs are seeds of those targets (`regression-*`).
final class CheckpointFuzzRegressionTests: XCTestCase {
    /// A safetensors file: the 8-byte little-endian header length, then the header padded with spaces.
    func safetensors(header: String) -> Data {
        var json = Data(header.utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        return out + json
    }

    func testSafeTensorsHeadersWhoseCountsOverflowAreRefused() {
        let headers = [
            // 4 × 2^62 bytes overflowed (trap).
            #"{"w": {"dtype": "F32", "shape": [4611686018427387904], "data_offsets": [0, 0]}}"#,
            // 2^32 × 2^32 elements wrapped to 0 and was accepted as an empty tensor of that shape.
            #"{"w": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 0]}}"#,
            // Int.min − 1 overflowed (trap).
            #"{"w": {"dtype": "F32", "shape": [1], "data_offsets": [1, -9223372036854775808]}}"#,
        ]
        for header in headers {
            XCTAssertThrowsError(try SafeTensors(data: safetensors(header: header), path: "fuzz.safetensors"), header) { error in
                XCTAssertTrue("\(error)".hasPrefix("fuzz.safetensors: invalid safetensors file (tensor 'w' offsets"), "\(error)")
            }
        }
    }

    /// A valid checkpoint whose manifest is then replaced by `edit` of itself.
    func checkpoint(editing edit: (inout CheckpointManifest) -> Void) throws -> URL {
        let model = ActorCritic(observationSize: 30, actionCount: 3, config: NetworkConfig(policyHidden: [4], valueHidden: [4]), seed: 2)
        var manifest = CheckpointManifest(observationSize: 30, actionCount: 3, network: model.config)
        manifest.featureSpec = .priceOnly(window: 3)
        manifest.envConfig = TradingEnvConfig()
        manifest.observationStatistics = RunningStatistics(size: 30)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-fuzz-ckpt-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try Checkpoint.save(model: model, manifest: manifest, to: dir)
        edit(&manifest)
        try JSONEncoder().encode(manifest).write(to: dir.appendingPathComponent(Checkpoint.manifestFile))
        return dir
    }

    func loadError(_ dir: URL) -> String {
        do {
            _ = try Checkpoint.load(from: dir)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testManifestsThatCrashedTheLoaderAreRefused() throws {
        // Hidden sizes ≤ 0 tripped MLP's precondition (trap).
        for hidden in [[-3], [0]] {
            let dir = try checkpoint { $0.network.policyHidden = hidden }
            XCTAssertTrue(loadError(dir).contains("checkpoint.json: network layer sizes must be positive (policyHidden \(hidden)"), loadError(dir))
        }
        // A shared trunk without hidden layers is a one-size MLP (trap).
        let trunk = try checkpoint { $0.network = NetworkConfig(policyHidden: [], valueHidden: [4], sharedTrunk: true) }
        XCTAssertTrue(loadError(trunk).contains("network layer sizes must be positive"), loadError(trunk))
        // Sizes that made the loader allocate terabytes before looking at the weights: now checked
        // against the stored tensors first.
        let huge = try checkpoint {
            $0.observationSize = 4_000_000_000
            $0.observationStatistics = nil
        }
        XCTAssertTrue(loadError(huge).contains("policy.safetensors: tensor 'pi.0.weight' has shape [4, 30], expected [4, 4000000000]"),
                      loadError(huge))
        let wide = try checkpoint { $0.network.valueHidden = [1_000_000, 1_000_000] }
        XCTAssertTrue(loadError(wide).contains("policy.safetensors: tensor 'vf.0.weight' has shape [4, 30], expected [1000000, 30]"),
                      loadError(wide))
        // Means and variances of different lengths: an index out of range when observations were normalised.
        let stats = try checkpoint { $0.observationStatistics?.variance = [1, 1, 1, 1, 1] }
        XCTAssertTrue(loadError(stats).contains("checkpoint.json: observationStatistics has 30 means and 5 variances for 30 observation values"),
                      loadError(stats))
    }
}
