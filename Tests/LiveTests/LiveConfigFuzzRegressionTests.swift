import Foundation
import Live
import XCTest

/// The live config the fuzz target `Fuzz/LiveConfig` crashed on (a flow mapping used as a key, which
/// Yams's untyped constructor traps on): `LiveRunConfig.load` must refuse it naming the file. The
/// exact input is a seed of that target (`regression-flow-mapping-key.yaml`).
final class LiveConfigFuzzRegressionTests: XCTestCase {
    func testAMappingUsedAsAKeyIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-live-config-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("live.yaml").path
        let text = #"risk:\#n{"stratesy}bols":["AAPL"],"cas":true,"moiallowShort:marwholeSketHoursOnlysitionFlihealharesthPort:te"}:"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try LiveRunConfig.load(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path):2: a key is a mapping or list; keys must be plain names")
        }
    }
}
