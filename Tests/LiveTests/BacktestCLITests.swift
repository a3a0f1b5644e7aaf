import Foundation
import TestSupport
import Workflows
import XCTest

/// `sentrade backtest` as a user runs it: run folders that never overwrite, `latest`, `run.json`
/// with the inputs' SHA-256, `reportDir` in `--json`, and a trades file with one field count.
final class BacktestCLITests: XCTestCase {
    func testRunFoldersNeverOverwriteAndRecordTheirInputs() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let prices = SharedData.packageRoot.appendingPathComponent("Examples/eval/prices/AAA.csv").path
        let out = work.appendingPathComponent("reports/backtest").path
        let run = { (fee: String) throws -> [String: Any] in
            let r = try CommandRunner.run(["backtest", "--prices", prices, "--policy", "sma:10,30", "--fee-bps", fee, "--json"],
                                          environment: [:], workingDirectory: work.path)
            XCTAssertEqual(r.status, 0, r.stderr)
            return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }
        let first = try run("1"), second = try run("25")
        let a = try XCTUnwrap(first["reportDir"] as? String), b = try XCTUnwrap(second["reportDir"] as? String)
        XCTAssertNotEqual(a, b, "a rerun with other fees gets its own folder")
        XCTAssertTrue(a.hasPrefix("/") && a.hasPrefix(out), a)
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: out + "/latest")
        XCTAssertEqual(latest, URL(fileURLWithPath: b).lastPathComponent)
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: b + "/run.json"))) as? [String: Any])
        let inputs = try XCTUnwrap(record["inputs"] as? [[String: Any]])
        XCTAssertEqual(inputs.first?["sha256"] as? String, FileHash.file(prices))
        XCTAssertEqual((record["settings"] as? [String: String])?["feeBps"], "25.0")
        let name = URL(fileURLWithPath: a).lastPathComponent
        XCTAssertNotNil(name.range(of: #"^\d{8}T\d{6}Z_[a-z0-9_-]+$"#, options: .regularExpression), name)
        for dir in [a, b] {
            let lines = try String(contentsOfFile: dir + "/trades.csv", encoding: .utf8).split(separator: "\n")
            XCTAssertGreaterThan(lines.count, 1)
            let fields = Set(lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).count })
            XCTAssertEqual(fields.count, 1, "every row has the header's field count")
        }
    }

    /// `train` never replaces a checkpoint without --force, and --show-config prints the merged config.
    func testTrainRefusesToOverwriteAndShowsItsConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-train-\(UUID().uuidString)").path
        let first = try CommandRunner.run(["train", "--steps", "2048", "--features", "price-only", "--out", dir])
        XCTAssertEqual(first.status, 0, first.stderr)
        let again = try CommandRunner.run(["train", "--steps", "2048", "--features", "price-only", "--out", dir])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("already holds a checkpoint"), again.stderr)
        let forced = try CommandRunner.run(["train", "--steps", "2048", "--features", "price-only", "--out", dir, "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        let shown = try CommandRunner.run(["train", "--show-config", "--steps", "777", "--features", "price-only"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["features"] as? String, "price-only")
        XCTAssertEqual((object["ppo"] as? [String: Any])?["totalTimesteps"] as? Int, 777)
    }
}
