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
}
