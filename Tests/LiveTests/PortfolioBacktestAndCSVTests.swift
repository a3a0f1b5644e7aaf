import Foundation
import TestSupport
import XCTest

/// `backtest --prices-dir`: one portfolio over several symbols; and every CSV the commands write
/// reads back with Python's `csv` module with one field count per file, equal to the header's.
final class PortfolioBacktestAndCSVTests: XCTestCase {
    func workFolder() throws -> URL { try Self.makeWorkFolder() }

    /// A temporary folder with a small synthetic market (data/prices/AAA|BBB|CCC.csv, data/posts.jsonl).
    static func makeWorkFolder() throws -> URL {
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
            ["backtest", "--prices", "data/prices/AAA.csv", "--policy", "sma:3..8,10..20/5", "--out", "sweep"],
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
        for prefix in ["single/", "sweep/", "multi/", "demo/", "eval/", "data/prices/"] {
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
        let python = try PythonSnippet.run(script, arguments: files)
        XCTAssertEqual(python.status, 0)
        XCTAssertEqual(python.stdout, "{}",
                       "CSV files whose rows do not all have the header's field count")
    }
}

/// Sweeps and repeated --prices through the binary.
final class BacktestSweepCLITests: XCTestCase {
    func testSweepRanksEveryConfigurationAndRepeatedPricesIsAPortfolio() throws {
        let work = try PortfolioBacktestAndCSVTests.makeWorkFolder()
        let r = try CommandRunner.run(["backtest", "--prices", "data/prices/AAA.csv", "--policy", "sma:3..6,10..12", "--policy", "buy-and-hold",
                                       "--json", "--out", "sweep"], workingDirectory: work.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        let output = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(output["configurations"] as? Int, 13)
        let ranked = try XCTUnwrap(output["ranked"] as? [[String: Any]])
        XCTAssertEqual(ranked.count, 13)
        let sharpes = ranked.compactMap { ($0["metrics"] as? [String: Any])?["sharpe"] as? Double }
        XCTAssertEqual(sharpes, sharpes.sorted(by: >))
        let deflated = try XCTUnwrap(output["deflatedSharpe"] as? [String: Any])
        XCTAssertEqual(deflated["trials"] as? Int, 13)
        XCTAssertTrue((output["verdict"] as? String)?.contains("picked in-sample from 13 configurations") == true, "\(output)")
        XCTAssertEqual(output["reportDir"] as? String, work.appendingPathComponent("sweep").path)
        for file in ["sweep.csv", "equity.csv", "trades.csv", "report.html", "run.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: work.path + "/sweep/" + file), file)
        }
        // The best configuration's equity file ends at the ranked winner's final equity.
        let equity = try String(contentsOfFile: work.path + "/sweep/equity.csv", encoding: .utf8)
        let lastEquity = equity.split(separator: "\n").last.flatMap { Double($0.split(separator: ",")[1]) }
        let bestFinal = (ranked.first?["metrics"] as? [String: Any])?["finalEquity"] as? Double
        XCTAssertEqual(try XCTUnwrap(lastEquity), try XCTUnwrap(bestFinal), accuracy: 1e-6)

        // Repeated --prices is the same portfolio as --prices-dir with those symbols.
        func portfolioFinal(_ args: [String]) throws -> Double {
            let run = try CommandRunner.run(["backtest", "--policy", "sma:5,20", "--json"] + args, workingDirectory: work.path)
            XCTAssertEqual(run.status, 0, run.stderr)
            let out = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let rows = try XCTUnwrap(out["rows"] as? [[String: Any]])
            return try XCTUnwrap((rows.first?["metrics"] as? [String: Any])?["finalEquity"] as? Double)
        }
        let repeated = try portfolioFinal(["--prices", "data/prices/AAA.csv", "--prices", "data/prices/CCC.csv"])
        let folder = try portfolioFinal(["--prices-dir", "data/prices", "--symbols", "AAA,CCC"])
        XCTAssertEqual(repeated, folder, accuracy: 1e-9)

        // Refusals name the problem, exit 2, and write nothing.
        let refusals: [([String], String)] = [
            (["--prices", "data/prices/AAA.csv", "--prices", "data/prices/AAA.csv"], "both symbol AAA"),
            (["--prices-dir", "data/prices", "--policy", "sma:3..5,10"], "a sweep (3 policy configurations) runs on one --prices file"),
            (["--prices", "data/prices/AAA.csv", "--policy", "sma:9..3,10"], "range '9..3': 9 is above 3"),
            (["--prices", "data/prices/AAA.csv", "--policy", "sma:3,10", "--policy", "ckpt:nowhere"], "a sweep runs baseline policies"),
            (["--prices", "data/prices/AAA.csv", "--prices", "data/prices/BBB.csv", "--symbol", "X"], "--symbol names one file's symbol"),
        ]
        for (args, message) in refusals {
            let bad = try CommandRunner.run(["backtest"] + args + ["--out", "refused"], workingDirectory: work.path)
            XCTAssertTrue((1...2).contains(bad.status), "\(args): \(bad.status)")
            XCTAssertTrue(bad.stderr.contains(message), "\(args): \(bad.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: work.path + "/refused"), "\(args) wrote a folder")
        }
    }
}

/// `demo` and `eval` record their round trips too, labelled by contender (and seed and fold).
final class DemoAndEvalTradesTests: XCTestCase {
    func testDemoTradesAddUpToEachContendersEquityChangeAndEvalLabelsEveryFold() throws {
        let work = try PortfolioBacktestAndCSVTests.makeWorkFolder()
        let demo = try CommandRunner.run(["demo", "--sessions", "400", "--steps", "0", "--json", "--out", "demo"], workingDirectory: work.path)
        XCTAssertEqual(demo.status, 0, demo.stderr)
        let output = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(demo.stdout.utf8)) as? [String: Any])
        let contenders = try XCTUnwrap(output["contenders"] as? [[String: Any]])
        let csv = try String(contentsOfFile: work.path + "/demo/trades.csv", encoding: .utf8)
        let script = """
        import csv, json, sys
        sums = {}
        with open(sys.argv[1], newline="") as f:
            for row in csv.DictReader(f):
                sums[row["contender"]] = sums.get(row["contender"], 0.0) + float(row["pnl"])
        print(json.dumps(sums))
        """
        let python = try PythonSnippet.run(script, arguments: [work.path + "/demo/trades.csv"])
        XCTAssertEqual(python.status, 0)
        let sums = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [String: Double])
        XCTAssertTrue(csv.hasPrefix("contender,symbol,side,entry_time,"), csv)
        for c in contenders {
            let name = try XCTUnwrap(c["name"] as? String)
            let m = try XCTUnwrap(c["metrics"] as? [String: Any])
            let final = try XCTUnwrap(m["finalEquity"] as? Double), total = try XCTUnwrap(m["totalReturn"] as? Double)
            let change = final - final / (1 + total)
            XCTAssertEqual(sums[name] ?? 0, change, accuracy: 1e-6 * max(1, abs(change)), "\(name): trades' P&L vs equity change")
        }
        let eval = try CommandRunner.run(["eval", "--dataset", "files", "--prices-dir", "data/prices", "--posts", "data/posts.jsonl", "--folds", "2",
                                          "--steps", "0", "--bootstrap-samples", "50", "--out", "eval"], workingDirectory: work.path)
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let trades = try String(contentsOfFile: work.path + "/eval/trades.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(trades.first?.hasPrefix("contender,seed,fold,symbol,") == true)
        XCTAssertTrue(trades.contains { $0.hasPrefix("\"sma:10,30\",0,0,") } && trades.contains { $0.hasPrefix("\"sma:10,30\",0,1,") },
                      "\(trades.prefix(5))")
    }
}

/// `live trades` rebuilds round trips from a journal's fills: for `live --sim` they are the
/// backtest's round trips of the same portfolio, trip by trip.
final class LiveTradesTests: XCTestCase {
    func testRoundTripsFromTheSimJournalEqualTheBacktests() throws {
        let work = try PortfolioBacktestAndCSVTests.makeWorkFolder()
        let sim = try CommandRunner.run(["live", "--sim", "--prices", "data/prices", "--policy", "sma:5,20", "--journal", "sim.sqlite"],
                                        workingDirectory: work.path)
        XCTAssertEqual(sim.status, 0, sim.stderr)
        func trips(_ args: [String]) throws -> [[String: Any]] {
            let r = try CommandRunner.run(args, workingDirectory: work.path)
            XCTAssertEqual(r.status, 0, r.stderr)
            let out = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try XCTUnwrap(out["trades"] as? [[String: Any]])
        }
        let live = try trips(["live", "trades", "--journal", "sim.sqlite", "--json"])
        let backtest = try trips(["backtest", "--prices-dir", "data/prices", "--policy", "sma:5,20", "--json", "--out", "bt"])
        XCTAssertGreaterThan(live.count, 5)
        XCTAssertEqual(live.count, backtest.count)
        for (a, b) in zip(live, backtest) {
            for key in ["symbol", "side", "entryTime", "exitTime"] { XCTAssertEqual(a[key] as? String, b[key] as? String, key) }
            XCTAssertEqual(a["barsHeld"] as? Int, b["barsHeld"] as? Int)
            XCTAssertEqual(try XCTUnwrap(a["pnl"] as? Double), try XCTUnwrap(b["pnl"] as? Double), accuracy: 1e-6)
        }
        XCTAssertTrue(live.contains { $0["exitTime"] == nil }, "the position open at the end is a marked trip")
        let csv = try CommandRunner.run(["live", "trades", "--journal", "sim.sqlite"], workingDirectory: work.path)
        XCTAssertEqual(csv.stdout.split(separator: "\n").count, live.count + 1)
    }
}
