import Foundation
import Sentiment
import TradingCore
import XCTest

final class BenchmarkTests: XCTestCase {
    func testBenchmarkRunsOnASmallCorpus() {
        var result = runSentimentBenchmark(data: LinearModelTests.toy, corpusName: "toy", minTexts: 1000, rounds: 1,
                                           hashing: HashingConfig(bucketBits: 12))
        XCTAssertGreaterThanOrEqual(result.corpusTexts, 1000)
        XCTAssertEqual(result.results.map(\.analyzer), ["lexicon", "linear"])
        XCTAssertTrue(result.results.allSatisfy { $0.textsPerSecond > 0 && $0.textsPerSecond.isFinite })
        XCTAssertNotNil(result.results[0].accuracy)
        result.addReference(AnalyzerThroughput(analyzer: "vader", texts: 1000, seconds: 1, cpuSeconds: 1,
                                               textsPerSecond: 1000, textsPerWallSecond: 1000))
        XCTAssertEqual(result.speedupOverReference["lexicon"] ?? 0, result.results[0].textsPerSecond / 1000, accuracy: 1e-9)
        XCTAssertTrue(result.text.contains("lexicon is"))
    }
}
