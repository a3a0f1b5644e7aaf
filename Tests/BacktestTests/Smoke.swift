import XCTest
import Backtest
final class BacktestSmokeTests: XCTestCase { func testBuilds() {} }
