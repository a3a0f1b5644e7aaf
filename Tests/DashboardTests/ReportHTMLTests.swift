import Crypto
import Foundation
import TestSupport
import XCTest

/// The HTML reports of `backtest`, `eval` and `train` on real data: every chart has data, the
/// provenance header's hashes are the files' own, and nothing outside the file is referenced.
final class ReportHTMLTests: XCTestCase {
    func testBacktestReportOnStockNet() throws {
        let root = try SharedData.path("stocknet")
        let out = Self.temporary("backtest")
        let r = try CommandRunner.run(["backtest", "--prices", root + "/prices/AAPL.csv", "--stocknet", root,
                                       "--policy", "sentiment:0.1,-0.1", "--from", "2014-01-02", "--to", "2015-12-31", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        let charts = try Self.checkCharts(html)
        for id in ["equity", "drawdown", "rolling-sharpe", "monthly", "exposure", "price", "posts", "polarity"] {
            XCTAssertTrue(charts.contains(id), "chart \(id) missing (have \(charts))")
        }
        XCTAssertTrue(html.contains("id=\"log-equity\""), "the equity chart has its log-scale switch")
        XCTAssertTrue(html.contains("data-markers="), "the price chart marks the fills")
        try Self.checkProvenance(html, expecting: [root + "/prices/AAPL.csv", root + "/tweets/AAPL"])
        try Self.checkSelfContained(html)
    }

    func testEvalReportOnStockNet() throws {
        let root = try SharedData.path("stocknet")
        let out = Self.temporary("eval")
        let r = try CommandRunner.run(["eval", "--dataset", "stocknet", "--root", root, "--symbols", "AAPL,MSFT", "--folds", "2",
                                       "--ppo-steps", "0", "--bootstrap-samples", "200", "--out", out], timeout: 600)
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        let charts = try Self.checkCharts(html)
        XCTAssertTrue(charts.contains("sharpe-intervals") && charts.contains("equity"), "\(charts)")
        XCTAssertTrue(html.contains("data-table=\"folds\"") && html.contains("data-table=\"contenders\""))
        XCTAssertTrue(html.contains("data-deflated-sharpe"), "the deflated Sharpe ratio is reported")
        XCTAssertTrue(html.contains("data-table=\"movement\""), "the StockNet movement view is reported")
        try Self.checkProvenance(html, expecting: ["AAPL", "MSFT"].flatMap { [root + "/prices/\($0).csv", root + "/tweets/\($0)"] })
        try Self.checkSelfContained(html)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/folds.csv") && FileManager.default.fileExists(atPath: out + "/run.json"))
    }

    func testTrainingReportHasItsDiagnostics() throws {
        let out = Self.temporary("train")
        let r = try CommandRunner.run(["train", "--steps", "8192", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        let charts = try Self.checkCharts(html)
        XCTAssertEqual(Set(charts), ["episode-return", "validation-sharpe", "validation-turnover", "entropy", "approx-kl", "clip-fraction", "explained-variance"])
        let log = try String(contentsOfFile: out + "/training.jsonl", encoding: .utf8)
        XCTAssertTrue(log.contains("\"explainedVariance\"") && log.contains("\"approxKL\""), "the JSON-lines log has the diagnostics")
        try Self.checkSelfContained(html)
    }

    // MARK: checks

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-report-\(name)-\(UUID().uuidString)").path
    }

    /// Every `figure.chart` has data points; returns the chart ids.
    static func checkCharts(_ html: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let pattern = try NSRegularExpression(pattern: #"<figure class="chart[^"]*" data-chart="([^"]+)" data-points="(\d+)""#)
        let matches = pattern.matches(in: html, range: NSRange(html.startIndex..., in: html))
        XCTAssertFalse(matches.isEmpty, "no charts", file: file, line: line)
        var ids: [String] = []
        for m in matches {
            guard let idRange = Range(m.range(at: 1), in: html), let nRange = Range(m.range(at: 2), in: html) else { continue }
            let id = String(html[idRange])
            XCTAssertGreaterThan(Int(html[nRange]) ?? 0, 0, "chart \(id) has no data", file: file, line: line)
            ids.append(id)
        }
        XCTAssertFalse(html.contains("class=\"empty\">no data"), "a chart rendered without data", file: file, line: line)
        return Array(Set(ids)).sorted()
    }

    /// The header lists each expected input with its SHA-256, recomputed here from the bytes.
    static func checkProvenance(_ html: String, expecting paths: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertTrue(html.contains("data-provenance") && html.contains("data-command") && html.contains("data-version"), file: file, line: line)
        let pattern = try NSRegularExpression(pattern: #"data-file="([^"]+)" data-sha256="([0-9a-f]*)""#)
        var listed: [String: String] = [:]
        for m in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let p = Range(m.range(at: 1), in: html), let h = Range(m.range(at: 2), in: html) else { continue }
            listed[String(html[p])] = String(html[h])
        }
        for path in paths {
            let listedHash = try XCTUnwrap(listed[path], "\(path) is not in the provenance header (\(listed.keys.sorted()))", file: file, line: line)
            XCTAssertEqual(listedHash, try sha256(path), "hash of \(path)", file: file, line: line)
        }
    }

    /// A file's SHA-256; a folder's over its entries' names and bytes in name order.
    static func sha256(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory))
        var bytes = Data()
        if isDirectory.boolValue {
            for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
                bytes += Data(name.utf8)
                bytes += FileManager.default.contents(atPath: path + "/" + name) ?? Data()
            }
        } else {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// No scripts, stylesheets, images, fonts or links outside the file.
    static func checkSelfContained(_ html: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for needle in ["http://", "https://", "<script", "<link", "@import", "url(", "src=\"//", "href=\"//"] {
            XCTAssertFalse(html.contains(needle), "the report references '\(needle)'", file: file, line: line)
        }
    }
}
