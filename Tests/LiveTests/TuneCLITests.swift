import Foundation
import TestSupport
import XCTest

/// `sentrade tune` as a user runs it, then `eval --tuned` on its result.
final class TuneCLITests: XCTestCase {
    func testTuneRecordsTrialsAndEvalCountsThem() throws {
        let work = try PortfolioBacktestAndCSVTests.makeWorkFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let data = ["--dataset", "files", "--prices-dir", "data/prices", "--posts", "data/posts.jsonl", "--folds", "2",
                    "--steps", "2048", "--seeds", "0", "--bootstrap-samples", "100"]
        let tune = try CommandRunner.run(["tune"] + data + ["--to", "2015-09-30", "--space", "turnoverPenalty=0,0.002",
                                                            "--space", "minHoldBars=1,2", "--trials", "3", "--out", "tuned"],
                                         timeout: 300, workingDirectory: work.path)
        XCTAssertEqual(tune.status, 0, tune.stderr)
        XCTAssertTrue(tune.stdout.contains("3 of 4 settings"), tune.stdout)
        XCTAssertTrue(tune.stdout.contains("expected from 3 trials by luck"), tune.stdout)
        let csv = try String(contentsOf: work.appendingPathComponent("tuned/trials.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 4, csv)
        XCTAssertTrue(csv.hasPrefix("trial,env.turnoverPenalty,env.minHoldBars,sharpe,"), csv)
        for file in ["tune.json", "best.yaml", "run.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent("tuned/\(file)").path), file)
        }
        // The best settings train with `sentrade train --config best.yaml`.
        let show = try CommandRunner.run(["train", "--config", "tuned/best.yaml", "--show-config"], workingDirectory: work.path)
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("\"minHoldBars\""), show.stdout)

        func deflatedTrials(_ extra: [String]) throws -> (Int, [String]) {
            let r = try CommandRunner.run(["eval"] + data + ["--from", "2015-01-01", "--to", "2016-03-31", "--json"] + extra,
                                          timeout: 300, workingDirectory: work.path)
            XCTAssertEqual(r.status, 0, r.stderr)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let trials = try XCTUnwrap((object["deflatedSharpe"] as? [String: Any])?["trials"] as? Int)
            return (trials, object["notes"] as? [String] ?? [])
        }
        let (plain, _) = try deflatedTrials(["--out", "e1"])
        let (withTuning, notes) = try deflatedTrials(["--out", "e2", "--tuned", "tuned"])
        XCTAssertEqual(withTuning, plain + 3, "the tuning trials count in the deflated Sharpe ratio")
        XCTAssertTrue(notes.contains { $0.contains("trial") && $0.contains("sentrade tune") }, "\(notes)")
        XCTAssertTrue(notes.contains { $0.contains("overlaps the test folds") }, "\(notes)")
    }

    func testBadSpacesEndInOneClearLineAndWriteNothing() throws {
        let work = try PortfolioBacktestAndCSVTests.makeWorkFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let cases: [([String], String)] = [
            (["--space", "gama=0.9"], "'gama' is not a searchable setting"),
            ([], "at least one --space"),
            (["--space", "minHoldBars=0,2"], "minHoldBars must be at least 1"),
            (["--space", "gamma=0.9", "--trials", "0"], "--trials must be at least 1"),
            (["--space", "gamma=0.9", "--steps", "0"], "--steps must be positive"),
        ]
        for (args, message) in cases {
            let r = try CommandRunner.run(["tune", "--dataset", "files", "--prices-dir", "data/prices", "--out", "bad"] + args,
                                          workingDirectory: work.path)
            XCTAssertTrue((1...2).contains(r.status), "\(args): exit \(r.status)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("bad").path), "\(args) wrote a folder")
        }
    }
}
