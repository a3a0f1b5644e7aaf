import Foundation
import TestSupport
import XCTest

/// Every command's `--json` output matches its documented schema in docs/schemas/ (JSON Schema
/// 2020-12, validated by Python's `jsonschema`). The schemas forbid undocumented fields, so a field
/// added to an output without its documentation fails here.
final class JSONSchemaTests: XCTestCase {
    func testEveryJSONOutputMatchesItsSchema() throws {
        let work = try PortfolioBacktestAndCSVTests.makeWorkFolder()
        let runs: [(schema: String, args: [String])] = [
            ("backtest", ["backtest", "--prices", "data/prices/AAA.csv", "--policy", "sma:5,20", "--json", "--out", "b1"]),
            ("backtest-portfolio", ["backtest", "--prices-dir", "data/prices", "--policy", "sma:5,20", "--json", "--out", "b2"]),
            ("backtest-portfolio", ["backtest", "--prices", "data/prices/AAA.csv", "--prices", "data/prices/BBB.csv", "--json", "--out", "b3"]),
            ("backtest-sweep", ["backtest", "--prices", "data/prices/AAA.csv", "--policy", "sma:3..5,10..12", "--json", "--out", "b4"]),
            ("demo", ["demo", "--sessions", "400", "--steps", "0", "--json", "--out", "demo"]),
            ("eval", ["eval", "--dataset", "files", "--prices-dir", "data/prices", "--posts", "data/posts.jsonl", "--folds", "2",
                      "--steps", "0", "--bootstrap-samples", "50", "--json", "--out", "eval"]),
            ("eval", ["eval", "--dataset", "files", "--prices-dir", "data/prices", "--posts", "data/posts.jsonl", "--folds", "2",
                      "--steps", "1024", "--seeds", "0", "--portfolio", "--bootstrap-samples", "50", "--json", "--out", "eval-portfolio"]),
            ("tune", ["tune", "--dataset", "files", "--prices-dir", "data/prices", "--posts", "data/posts.jsonl", "--folds", "2",
                      "--space", "turnoverPenalty=0,0.002", "--steps", "2048", "--seeds", "0", "--bootstrap-samples", "100",
                      "--json", "--out", "tune"]),
            ("train", ["train", "--steps", "1024", "--out", "ckpt", "--json"]),
            ("live-status", ["live", "status", "--journal", "sim.sqlite", "--json"]),
            ("live-orders", ["live", "orders", "--journal", "sim.sqlite", "--json"]),
            ("live-positions", ["live", "positions", "--journal", "sim.sqlite", "--json"]),
            ("live-decisions", ["live", "decisions", "--journal", "sim.sqlite", "--json"]),
            ("live-trades", ["live", "trades", "--journal", "sim.sqlite", "--json"]),
        ]
        let sim = try CommandRunner.run(["live", "--sim", "--prices", "data/prices", "--policy", "sma:5,20", "--journal", "sim.sqlite"],
                                        workingDirectory: work.path)
        XCTAssertEqual(sim.status, 0, sim.stderr)
        var pairs: [String] = []
        for (k, run) in runs.enumerated() {
            let r = try CommandRunner.run(run.args, timeout: 300, workingDirectory: work.path)
            XCTAssertEqual(r.status, 0, "\(run.args.joined(separator: " ")): \(r.stderr)")
            let output = work.appendingPathComponent("out-\(k).json")
            try Data(r.stdout.utf8).write(to: output)
            pairs += [SharedData.packageRoot.appendingPathComponent("docs/schemas/\(run.schema).schema.json").path, output.path]
        }
        let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("NO-JSONSCHEMA"); sys.exit(0)
        problems = []
        args = sys.argv[1:]
        for schema_path, output_path in zip(args[::2], args[1::2]):
            schema = json.load(open(schema_path))
            jsonschema.Draft202012Validator.check_schema(schema)
            document = json.load(open(output_path))
            for e in jsonschema.Draft202012Validator(schema).iter_errors(document):
                problems.append(f"{schema_path.rsplit('/', 1)[-1]}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
        print(json.dumps(problems))
        """
        let python = try PythonSnippet.run(script, arguments: pairs)
        XCTAssertEqual(python.status, 0)
        let text = python.stdout
        if text == "NO-JSONSCHEMA" {
            let message = "Python's jsonschema is not installed (pip install jsonschema; .ci/run installs it)"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message) }
            throw XCTSkip(message)
        }
        XCTAssertEqual(text, "[]", "outputs that do not match their schema")
    }
}
