import XCTest
import Sentiment
final class SentimentSmokeTests: XCTestCase { func testBuilds() {} }
