import XCTest
import TradingCore
final class TradingCoreSmokeTests: XCTestCase { func testBuilds() {} }
