import XCTest
import Features
final class FeaturesSmokeTests: XCTestCase { func testBuilds() {} }
