import Foundation
import TestSupport
import XCTest

/// `backtest --prices-dir`: one portfolio over several symbols; and every CSV the commands write
/// reads back with Python's `csv` module with one field count per file, equal to the header's.
final class PortfolioBacktestAndCSVTests: XCTestCase {
    func workFolder() throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let synth = try CommandRunner.run(["synth", "--symbols", "AAA,BBB,CCC", "--sessions", "300", "--out", "data"], workingDirectory: work.path)
        XCTAssertEqual(synth.status, 0, synth.stderr)
        return work
    }

    func testPortfolioBacktestAddsUpAndNamesEverySymbol() throws {
        let work = try workFolder()
        let r = try CommandRunner.run(["backtest", "--prices-dir", "data/prices", "--posts", "data/posts.jsonl", "--policy", "sentiment:0.1,-0.1",
                                       "--cash", "30000", "--json", "--out", "multi"], workingDirectory: work.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        let output = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(output["symbols"] as? [String], ["AAA", "BBB", "CCC"])
        XCTAssertEqual(output["cashPerSymbol"] as? Double, 10_000)
        let rows = try XCTUnwrap(output["rows"] as? [[String: Any]])
        let labels = rows.compactMap { $0["label"] as? String }
        XCTAssertEqual(labels.prefix(2), ["sentiment:0.1,-0.1 [portfolio]", "buy-and-hold [portfolio]"])
        for s in ["AAA", "BBB", "CCC"] { XCTAssertTrue(labels.contains("sentiment:0.1,-0.1 [\(s)]"), "\(labels)") }
        func final(_ label: String) -> Double { ((rows.first { $0["label"] as? String == label }?["metrics"] as? [String: Any])?["finalEquity"] as? Double) ?? .nan }
        // The portfolio is the sum of its sleeves; the trades' P&L is the equity change, fees included.
        let sleeves = ["AAA", "BBB", "CCC"].map { final("sentiment:0.1,-0.1 [\($0)]") }.reduce(0, +)
        XCTAssertEqual(final("sentiment:0.1,-0.1 [portfolio]"), sleeves, accuracy: 1e-6)
        let trades = try XCTUnwrap(output["trades"] as? [[String: Any]])
        let pnl = trades.compactMap { $0["pnl"] as? Double }.reduce(0, +)
        XCTAssertEqual(pnl, sleeves - 30_000, accuracy: 1e-6)
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.path + "/multi/report.html"))
        // --prices and --prices-dir go alone; an unknown symbol is named.
        let both = try CommandRunner.run(["backtest", "--prices", "data/prices/AAA.csv", "--prices-dir", "data/prices"], workingDirectory: work.path)
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("either --prices FILE.csv or --prices-dir DIR"), both.stderr)
        let unknown = try CommandRunner.run(["backtest", "--prices-dir", "data/prices", "--symbols", "AAA,ZZZ"], workingDirectory: work.path)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("--symbols ZZZ: no price file"), unknown.stderr)
    }

    func testEveryCSVReadsBackWithOneFieldCount() throws {
        let work = try workFolder()
        let commands: [[String]] = [
            ["backtest", "--prices", "data/prices/AAA.csv", "--policy", "sma:10,30", "--out", "single"],
            ["backtest", "--prices-dir", "data/prices", "--posts", "data/posts.jsonl", "--policy", "sentiment:0.1,-0.1", "--out", "multi"],
            ["demo", "--sessions", "400", "--ppo-steps", "0", "--out", "demo"],
            ["eval", "--dataset", "files", "--prices-dir", "data/prices", "--posts", "data/posts.jsonl", "--from", "2015-01-02",
             "--to", "2016-02-26", "--folds", "2", "--ppo-steps", "0", "--bootstrap-samples", "100", "--out", "eval"],
            ["live", "--sim", "--prices", "data/prices", "--policy", "sma:5,20", "--journal", "sim.sqlite"],
        ]
        for c in commands {
            let r = try CommandRunner.run(c, timeout: 300, workingDirectory: work.path)
            XCTAssertEqual(r.status, 0, "\(c.joined(separator: " ")): \(r.stderr)")
        }
        let enumerator = FileManager.default.enumerator(atPath: work.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".csv") { files.append(work.path + "/" + path) }
        }
        XCTAssertGreaterThan(files.count, 15, "\(files)")
        for prefix in ["single/", "multi/", "demo/", "eval/", "data/prices/"] {
            XCTAssertTrue(files.contains { $0.contains("/" + prefix) }, "no CSV from \(prefix)")
        }
        XCTAssertFalse(files.contains { URL(fileURLWithPath: $0).lastPathComponent.contains(where: { " ,".contains($0) }) },
                       "file names are slugs: \(files)")
        let script = """
        import csv, json, sys
        bad = {}
        for path in sys.argv[1:]:
            with open(path, newline="") as f:
                rows = list(csv.reader(f))
            counts = {len(r) for r in rows}
            if not rows or counts != {len(rows[0])}:
                bad[path] = sorted(counts)
        print(json.dumps(bad))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "{}",
                       "CSV files whose rows do not all have the header's field count")
    }
}
