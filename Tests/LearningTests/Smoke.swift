import XCTest
import Learning
final class LearningSmokeTests: XCTestCase { func testBuilds() {} }
