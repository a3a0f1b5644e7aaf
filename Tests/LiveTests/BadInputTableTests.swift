import Foundation
import TestSupport
import XCTest

/// Every command, bad input: the binary run as a user would, over missing and empty files, wrong
/// formats, out-of-range options and unwritable outputs. Each case must end with exit code 2 (a
/// usage error) or 1 (anything else), a short message on stderr that names the input, no crash
/// trace, no raw Foundation error dump, and nothing written to the output it was given.
final class BadInputTableTests: XCTestCase {
    struct Case {
        var arguments: [String]
        var code: Int32
        var says: String
        init(_ arguments: [String], _ code: Int32, _ says: String) {
            self.arguments = arguments
            self.code = code
            self.says = says
        }
    }

    static let cases: [Case] = {
        let prices = "good/prices/AAA.csv"
        let bt = ["backtest", "--prices", prices]
        return [
            // backtest
            Case(["backtest", "--prices", "missing.csv"], 1, "missing.csv"),
            Case(["backtest", "--prices", "empty.csv"], 1, "empty.csv: no data rows"),
            Case(["backtest", "--prices", "wrong.csv"], 1, "wrong.csv:1: missing column"),
            Case(["backtest", "--prices", "badrow.csv"], 1, "badrow.csv:3: field 'close' has value 'abc'"),
            Case(["backtest", "--prices", "binary.csv"], 1, "binary.csv"),
            Case(bt + ["--fee-bps=-1"], 2, "commission-bps '-1.0'"),
            Case(bt + ["--slippage-bps", "20000"], 2, "slippage-bps '20000.0'"),
            Case(bt + ["--fixed-fee=-3"], 2, "fixed-fee '-3.0'"),
            Case(bt + ["--fee-bps", "abc"], 2, "--fee-bps"),
            Case(bt + ["--from", "2015-06-01", "--to", "2015-01-01"], 2, "--to 2015-01-01 is before --from 2015-06-01"),
            Case(bt + ["--from", "2015-13-01"], 2, "--from '2015-13-01'"),
            Case(bt + ["--from", "2030-01-01"], 2, "only 0 bars"),
            Case(bt + ["--cash", "0"], 2, "--cash must be a positive number"),
            Case(bt + ["--cash=-100"], 2, "--cash must be a positive number"),
            Case(bt + ["--policy", "nope"], 1, "unknown policy 'nope'"),
            Case(bt + ["--policy", "sma:30,10"], 1, "sma:30,10"),
            Case(bt + ["--policy", "sentiment"], 2, "give --posts FILE.jsonl or --stocknet ROOT"),
            Case(bt + ["--policy", "ckpt:nowhere"], 1, "nowhere: no such checkpoint folder"),
            Case(bt + ["--policy", "ckpt:otherspec"], 2, "was trained with sentiment features"),
            Case(bt + ["--fill", "sometimes"], 2, "--fill 'sometimes'"),
            Case(bt + ["--out", "notadir/sub"], 1, "--out notadir/sub: cannot create the folder"),
            Case(bt + ["--analyzer", "model:nowhere", "--posts", "good/posts.jsonl"], 1, "nowhere/model.json"),
            Case(bt + ["--stocknet", "nowhere"], 1, "nowhere"),
            Case(["backtest"], 2, "give either --prices FILE.csv or --prices-dir DIR"),
            Case(["backtest", "--prices", prices, "--nonsense-flag"], 2, "--nonsense-flag"),
            // train
            Case(["train", "--config", "missing.yaml"], 1, "missing.yaml: file not found"),
            Case(["train", "--config", "bad.yaml"], 1, "bad.yaml: not valid YAML"),
            Case(["train", "--config", "typo.yaml"], 1, "unknown key 'ppo.gama' (did you mean 'ppo.gamma'?)"),
            Case(["train", "--features", "nonsense"], 1, "features must be 'fused' or 'price-only'"),
            Case(["train", "--steps", "abc"], 2, "--steps"),
            Case(["train", "--out", "existing-ckpt"], 2, "already holds a checkpoint"),
            // eval
            Case(["eval", "--dataset", "nonsense"], 2, "--dataset must be stocknet or files"),
            Case(["eval", "--dataset", "files"], 2, "--dataset files needs --prices-dir"),
            Case(["eval", "--dataset", "files", "--prices-dir", "nowhere"], 1, "nowhere: prices folder not found"),
            Case(["eval", "--dataset", "stocknet"], 2, "--dataset stocknet needs --root"),
            Case(["eval", "--dataset", "files", "--prices-dir", "good/prices", "--folds", "0"], 1, "--folds must be at least 1"),
            Case(["eval", "--dataset", "files", "--prices-dir", "good/prices", "--symbols", "ZZZ"], 1, "ZZZ.csv: price file for ZZZ not found"),
            Case(["eval", "--dataset", "files", "--prices-dir", "good/prices", "--train", "2015-01-01"], 2, "--train and --test go together"),
            Case(["eval", "--dataset", "files", "--prices-dir", "good/prices", "--train", "x", "--test", "y"], 2, "--train 'x'"),
            Case(["eval", "--dataset", "files", "--prices-dir", "good/prices", "--seeds", "a,b"], 2, "--seeds 'a,b'"),
            Case(["eval", "--dataset", "files", "--prices-dir", "good/prices", "--tuned", "nowhere"], 1, "nowhere: no tuning result there"),
            Case(["eval", "--dataset", "files", "--prices-dir", "good/prices", "--tuned", "empty.csv"], 1, "empty.csv: not a tuning result"),
            // tune
            Case(["tune", "--dataset", "files", "--prices-dir", "good/prices", "--space", "gama=0.9"], 1, "'gama' is not a searchable setting"),
            Case(["tune", "--dataset", "files", "--prices-dir", "good/prices", "--space", "gamma=a,b"], 1, "gamma"),
            Case(["tune", "--dataset", "files", "--prices-dir", "good/prices", "--space", "gamma=0.9", "--max-turnover", "0"], 2,
                 "--max-turnover must be positive"),
            Case(["tune", "--dataset", "files", "--prices-dir", "nowhere", "--space", "gamma=0.9"], 1, "nowhere: prices folder not found"),
            Case(["tune", "--dataset", "files", "--prices-dir", "good/prices", "--space", "window=0"], 1, "window 0: must be a whole number"),
            // demo, synth
            Case(["demo", "--sessions", "10"], 2, "--sessions must be at least 400"),
            Case(["demo", "--signal", "2"], 2, "--signal must be in (−1, 1)"),
            Case(["demo", "--min-hold", "0"], 2, "--min-hold must be at least 1"),
            Case(["demo", "--actions", "targets:2,3"], 2, "--actions 'targets:2,3'"),
            Case(["demo", "--gamma", "1.5"], 2, "--gamma 1.5"),
            Case(["synth", "--sessions", "0", "--out", "s1"], 2, "--sessions must be positive"),
            Case(["synth", "--symbols", "", "--out", "s2"], 2, "--symbols '': give at least one symbol"),
            Case(["synth", "--signal", "5", "--out", "s3"], 2, "--signal 5.0"),
            Case(["synth", "--start", "someday", "--out", "s4"], 2, "--start 'someday'"),
            // sentiment
            Case(["sentiment", "score", "--file", "missing.txt"], 1, "missing.txt: cannot read"),
            Case(["sentiment", "score", "--file", "good/posts.jsonl", "--analyzer", "model:nowhere"], 1, "nowhere/model.json"),
            Case(["sentiment", "train", "--data", "missing.csv", "--out", "m1"], 1, "missing.csv: cannot read"),
            Case(["sentiment", "train", "--data", "headeronly.csv", "--out", "m2"], 1, "headeronly.csv:1: no column 'sentence'"),
            Case(["sentiment", "eval", "--data", "wrong.csv"], 1, "wrong.csv:1: no column 'sentence'"),
            // live, dashboard, serve, health
            Case(["live", "status", "--journal", "missing.sqlite"], 2, "--journal missing.sqlite: no such file"),
            Case(["live", "orders", "--journal", "missing.sqlite"], 2, "--journal missing.sqlite: no such file"),
            Case(["live", "--sim", "--prices", "missing.csv", "--policy", "sma:10,30"], 2, "--prices missing.csv: no such file or folder"),
            Case(["live", "--sim", "--prices", "good/prices", "--policy", "nope"], 2, "unknown policy 'nope'"),
            Case(["live", "--sim", "--prices", "good/prices", "--policy", "sentiment"], 2, "give --posts-file FILE.jsonl"),
            Case(["live", "--sim", "--prices", "good/prices", "--policy", "ckpt:nowhere"], 2, "nowhere: no such checkpoint folder"),
            Case(["live", "--sim", "--prices", "good/prices", "--from", "2016-01-01", "--to", "2015-01-01"], 2, "--to 2015-01-01 is before --from 2016-01-01"),
            Case(["live", "--paper", "--symbols", "AAPL"], 2, "set APCA_API_KEY_ID and APCA_API_SECRET_KEY"),
            Case(["live", "--live", "--symbols", "AAPL"], 2, "the config must also say `live: true`"),
            Case(["dashboard", "--journal", "missing.sqlite"], 2, "--journal missing.sqlite: no such file"),
            Case(["dashboard", "--journal", "empty.csv", "--port", "70000"], 2, "--port 70000"),
            Case(["dashboard", "--journal", "empty.csv", "--host", "0.0.0.0"], 2, "not a loopback address"),
            Case(["serve", "--model", "nowhere"], 2, "model folder nowhere does not exist"),
            // fetchers without keys, bench
            Case(["data", "fetch", "--symbols", "AAPL", "--from", "2023-01-01", "--to", "2023-02-01", "--out", "d1"], 1, "set APCA_API_KEY_ID"),
            Case(["posts", "fetch", "--source", "x", "--symbols", "AAPL", "--out", "p1"], 1, "set X_BEARER_TOKEN"),
            Case(["posts", "fetch", "--source", "nope", "--symbols", "AAPL", "--out", "p1"], 2, "--source must be x or alpaca-news"),
            Case(["bench", "backtest", "--bars", "0"], 2, "--bars 0"),
            Case(["bench", "ppo", "--env", "nope"], 2, "--env 'nope'"),
            Case(["bench", "ppo", "--seeds", "abc"], 2, "--seeds needs at least one integer"),
            Case(["cloud", "train", "--config", "missing.yaml", "--role", "r", "--image", "i", "--output", "s3://b/p"], 2, "missing.yaml"),
            Case(["nonsense-command"], 2, "Unexpected argument 'nonsense-command'"),
        ]
    }()

    func testEveryCaseEndsWithOneClearMessage() throws {
        let dir = try Self.fixtures()
        XCTAssertGreaterThanOrEqual(Self.cases.count, 60)
        let quiet = ["APCA_API_KEY_ID": "", "APCA_API_SECRET_KEY": "", "X_BEARER_TOKEN": "", "SENTRADE_DASHBOARD_TOKEN": "",
                     "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_EC2_METADATA_DISABLED": "true"]
        for c in Self.cases {
            let r = try CommandRunner.run(c.arguments, environment: quiet, timeout: 60, workingDirectory: dir.path)
            let label = c.arguments.joined(separator: " ")
            XCTAssertFalse(r.signaled, "\(label): crashed")
            XCTAssertEqual(r.status, c.code, "\(label): exit code; stderr: \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(c.says), "\(label): stderr should say '\(c.says)', says: \(r.stderr)")
            for noise in ["Fatal error", "NSCocoaErrorDomain", "Stack dump", "UserInfo="] {
                XCTAssertFalse(r.stderr.contains(noise), "\(label): raw error in the message: \(r.stderr)")
            }
            XCTAssertLessThanOrEqual(r.stderr.split(separator: "\n").count, 8, "\(label): a short message, not a dump: \(r.stderr)")
        }
        // Nothing half-written: outputs named by failing commands do not exist (or hold nothing new).
        for name in ["s1", "s2", "s3", "s4", "m1", "m2", "d1", "p1"] {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(name).path)) ?? []
            XCTAssertTrue(contents.isEmpty, "\(name) was written by a failing command: \(contents)")
        }
    }

    /// Broken and good inputs side by side in a temporary folder.
    static func fixtures() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-bad-input-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let synth = try CommandRunner.run(["synth", "--symbols", "AAA", "--sessions", "150", "--out", "good"], workingDirectory: dir.path)
        XCTAssertEqual(synth.status, 0, synth.stderr)
        try write("empty.csv", "")
        try write("wrong.csv", "a,b,c\n1,2,3\n")
        try write("badrow.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n2015-01-02,1,2,0.5,1.5,1.5,100\n2015-01-05,1,2,0.5,abc,1.5,100\n")
        try Data([0xFF, 0xFE, 0x00, 0x01, 0x80, 0x81]).write(to: dir.appendingPathComponent("binary.csv"))
        try write("bad.yaml", "ppo:\n  gamma: [1,2\n")
        try write("typo.yaml", "ppo:\n  gama: 0.9\n")
        try write("headeronly.csv", "text,label\n")
        try write("notadir", "x\n")
        // A checkpoint that reads sentiment (the default fused agent), run without posts.
        let other = try CommandRunner.run(["train", "--steps", "2048", "--out", "otherspec"], workingDirectory: dir.path)
        XCTAssertEqual(other.status, 0, other.stderr)
        let existing = try CommandRunner.run(["train", "--steps", "2048", "--out", "existing-ckpt"], workingDirectory: dir.path)
        XCTAssertEqual(existing.status, 0, existing.stderr)
        return dir
    }
}
