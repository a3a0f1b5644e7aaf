import Backtest
import Foundation
import MarketData
import Strategy
import Workflows
import XCTest

final class DemoWorkflowTests: XCTestCase {
    func testDemoRunsEndToEndAndWritesReports() throws {
        var config = DemoConfig()
        config.market.sessions = 500
        config.market.symbols = ["SYNA", "SYNB"]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        config.reportDirectory = dir
        config.ppoTimesteps = 8_192
        let report = try DemoWorkflow.run(config)
        XCTAssertTrue(report.contenders.contains { $0.name == "ppo fused" })
        XCTAssertTrue(report.contenders.contains { $0.name == "ppo price-only" })
        // The default agent is an ensemble: one folder per member and the ensemble manifest, which loads as one policy.
        XCTAssertEqual(config.ensembleSize, 3)
        for k in 0..<3 { XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/checkpoint-ppo-fused/member\(k)/policy.safetensors")) }
        let members = try TrainedPolicy.memberDirectories(URL(fileURLWithPath: dir + "/checkpoint-ppo-fused"))
        XCTAssertEqual(members.map(\.lastPathComponent), ["member0", "member1", "member2"])
        XCTAssertEqual(try TrainedPolicy.manifest(at: URL(fileURLWithPath: dir + "/checkpoint-ppo-fused")).envConfig?.actions, .discrete3)
        XCTAssertTrue(report.contenders.contains { $0.name == "buy-and-hold" })
        XCTAssertTrue(report.contenders.contains { $0.name == "sma:10,30" })
        for c in report.contenders {
            XCTAssertEqual(c.perSymbol.count, 2)
            XCTAssertTrue(c.portfolio.sharpe.isFinite)
            // The portfolio starts with the sum of the symbols' cash.
            XCTAssertEqual(c.perSymbol.map { $0.equity[0] }.reduce(0, +), 2 * config.backtest.initialCash)
        }
        let csv = try String(contentsOfFile: dir + "/metrics.csv", encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("policy,final_equity"))
        XCTAssertEqual(report.files.count, 3 + report.contenders.count * 2, "metrics.csv, report.html, trades.csv and the equity curves")
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<polyline") && html.contains("buy-and-hold"))
    }
}
