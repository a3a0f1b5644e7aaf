import Foundation
import TestSupport
import XCTest

/// Results say what they are: a sentiment model scored on its own training file is called
/// in-sample, and eval's movement view on non-StockNet data is scored on the run's own last test
/// window (not compared with the StockNet paper).
final class HonestLabelsTests: XCTestCase {
    func work() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func testSentimentEvalOnTheTrainingFileIsCalledInSample() throws {
        let dir = try work()
        let rows = ["profits rose sharply,positive", "shares fell on weak guidance,negative", "the company reported results,neutral",
                    "revenue beat estimates,positive", "losses widened,negative", "meeting scheduled,neutral"]
        try ("sentence,label\n" + rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        try ("sentence,label\n" + rows.reversed().joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("other.csv"), atomically: true, encoding: .utf8)
        let train = try CommandRunner.run(["sentiment", "train", "--data", "train.csv", "--out", "model"], workingDirectory: dir.path)
        XCTAssertEqual(train.status, 0, train.stderr)
        let same = try CommandRunner.run(["sentiment", "eval", "--data", "train.csv", "--analyzer", "model:model"], workingDirectory: dir.path)
        XCTAssertEqual(same.status, 0, same.stderr)
        XCTAssertTrue(same.stderr.contains("in-sample"), same.stderr)
        let other = try CommandRunner.run(["sentiment", "eval", "--data", "other.csv", "--analyzer", "model:model"], workingDirectory: dir.path)
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertFalse(other.stderr.contains("in-sample"), other.stderr)
    }

    func testMovementViewUsesTheRunsOwnLastTestWindowOffStockNet() throws {
        let dir = try work()
        let synth = try CommandRunner.run(["synth", "--symbols", "AAA,BBB", "--sessions", "300", "--out", "data"], workingDirectory: dir.path)
        XCTAssertEqual(synth.status, 0, synth.stderr)
        let r = try CommandRunner.run(["eval", "--dataset", "files", "--prices-dir", "data/prices", "--posts", "data/posts.jsonl",
                                       "--from", "2015-01-02", "--to", "2016-02-26", "--folds", "2", "--ppo-steps", "0",
                                       "--bootstrap-samples", "100", "--out", "eval"], timeout: 300, workingDirectory: dir.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("next-day movement, test ") && r.stdout.contains("(the last test window)"), r.stdout)
        XCTAssertFalse(r.stdout.contains("StockNet paper"), r.stdout)
        let lastFold = try XCTUnwrap(r.stdout.split(separator: "\n").last { $0.contains("fold 2: train") })
        let testWindow = try XCTUnwrap(lastFold.components(separatedBy: "test ").last?.trimmingCharacters(in: .whitespaces))
        XCTAssertTrue(r.stdout.contains("next-day movement, test \(testWindow)"), "\(testWindow) in \(r.stdout)")
        let html = try String(contentsOfFile: dir.path + "/eval/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("(the last test window)") && !html.contains("StockNet paper"))
    }

    /// A policy that never sees enough history in the window says so, in the output and the report.
    func testAPolicyThatNeverWarmsUpIsAWarning() throws {
        let dir = try work()
        var csv = "time,open,high,low,close,volume\n"
        for day in 0..<20 { csv += String(format: "2015-02-%02d,10,11,9,%.2f,1000\n", day + 1, 10 + Double(day % 5) * 0.1) }
        try csv.write(to: dir.appendingPathComponent("SHORT.csv"), atomically: true, encoding: .utf8)
        let r = try CommandRunner.run(["backtest", "--prices", "SHORT.csv", "--policy", "sma:10,30", "--out", "short"], workingDirectory: dir.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("sma:10,30 needs 31 bars of history but the data ends after 20: it never had enough to decide"), r.stderr)
        let html = try String(contentsOfFile: dir.path + "/short/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("it never had enough to decide"))
    }

    /// One vocabulary: PPO step counts are --steps everywhere (older names still work), and eval
    /// takes --stocknet ROOT as backtest does.
    func testStepsAndStockNetFlagsAreTheSameEverywhere() throws {
        for args in [["demo", "--help"], ["eval", "--help"], ["bench", "ppo", "--help"], ["train", "--help"], ["help", "demo"]] {
            let r = try CommandRunner.run(args)
            XCTAssertEqual(r.status, 0, "\(args): help exits 0")
            XCTAssertTrue(r.stdout.hasPrefix("OVERVIEW:") && r.stdout.contains("--steps"), "\(args): \(r.stdout)")
        }
        let eval = try CommandRunner.run(["eval", "--help"])
        XCTAssertTrue(eval.stdout.contains("--stocknet"), eval.stdout)
        let dir = try work()
        let demo = try CommandRunner.run(["demo", "--sessions", "400", "--steps", "0", "--out", "d"], workingDirectory: dir.path)
        XCTAssertEqual(demo.status, 0, demo.stderr)
        XCTAssertFalse(demo.stdout.contains("ppo fused"), "--steps 0: baselines only")
        let old = try CommandRunner.run(["demo", "--sessions", "400", "--ppo-steps", "0", "--out", "d2"], workingDirectory: dir.path)
        XCTAssertEqual(old.status, 0, old.stderr)
    }

    /// Help reads at the terminal's width: the discussion's prose re-flows into paragraphs, and an
    /// example too long for the width continues after a shell continuation, so nothing is cut.
    func testHelpIsWrappedToTheTerminalWidth() throws {
        for (args, width) in [(["backtest", "--help"], 60), (["live", "run", "--help"], 72), (["data", "fetch", "--help"], 90)] {
            let r = try CommandRunner.run(args, environment: ["COLUMNS": "\(width)"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let discussion = r.stdout.components(separatedBy: "USAGE:")[0]
            for line in discussion.split(separator: "\n") {
                XCTAssertLessThanOrEqual(line.count, width, "\(args) at \(width) columns: '\(line)'")
            }
            // Every word of the source text is still there, in order.
            let words = discussion.replacingOccurrences(of: " \\\n", with: " ").split(whereSeparator: \.isWhitespace)
            XCTAssertFalse(words.isEmpty)
            if args[0] == "backtest" {
                XCTAssertTrue(words.joined(separator: " ").contains("Bars before --from are used as history (indicator warm-up) but never traded."))
                XCTAssertTrue(discussion.contains(" \\\n      "), "a long example continues with ' \\': \(discussion)")
            }
        }
        // A wide terminal keeps each example on one line.
        let wide = try CommandRunner.run(["backtest", "--help"], environment: ["COLUMNS": "200"])
        XCTAssertTrue(wide.stdout.contains("  sentrade backtest --prices AAPL.csv --stocknet ../shared/data/stocknet --policy ckpt:runs/fused --from 2015-07-01\n"))
    }
}

