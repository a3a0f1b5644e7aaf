import XCTest
import MarketData
final class MarketDataSmokeTests: XCTestCase { func testBuilds() {} }
