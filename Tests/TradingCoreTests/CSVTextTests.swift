import TradingCore
import XCTest

final class CSVTextTests: XCTestCase {
    func testFieldsAreQuotedPerRFC4180() {
        XCTAssertEqual(CSVText.field("sma:10,30 [portfolio]"), "\"sma:10,30 [portfolio]\"")
        XCTAssertEqual(CSVText.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVText.field("plain"), "plain")
        XCTAssertEqual(CSVText.row(["a,b", "c"]), "\"a,b\",c\n")
    }

    func testSlugsAreSafeFileNames() {
        XCTAssertEqual(CSVText.slug("ppo fused"), "ppo-fused")
        XCTAssertEqual(CSVText.slug("sma:10,30"), "sma-10-30")
        XCTAssertEqual(CSVText.slug("  ::  "), "unnamed")
        XCTAssertEqual(CSVText.slug("SYNA"), "syna")
    }
}
