import Foundation
import Sentiment
import TradingCore
import XCTest

final class LexiconAnalyzerTests: XCTestCase {
    let lexicon = LexiconAnalyzer()

    func label(_ text: String) -> SentimentLabel { lexicon.score(text).label(among: [.positive, .negative, .neutral]) }

    func testFinanceDirectionTimesQuantity() {
        XCTAssertEqual(label("Operating profit rose to EUR 13.1 mn from EUR 8.7 mn"), .positive)
        XCTAssertEqual(label("Net sales decreased to EUR 49.8 million"), .negative)
        XCTAssertEqual(label("The operating loss narrowed significantly"), .positive)
        XCTAssertEqual(label("Costs increased sharply in the quarter"), .negative)
        XCTAssertEqual(label("The company cut its costs"), .positive)
        XCTAssertEqual(label("The group reported an increase in net sales"), .positive)
        XCTAssertEqual(label("Operating loss totalled EUR 0.3 mn, down from a profit of EUR 5.1 mn"), .negative)
        XCTAssertEqual(label("Profitability was 13.9 %, compared to 13.1 % a year earlier"), .positive)
    }

    func testNeutralStatementsStayNeutral() {
        XCTAssertEqual(label("The office is located in Prague and employs 40 people."), .neutral)
        XCTAssertEqual(label("The company will publish its interim report on May 5."), .neutral)
        XCTAssertEqual(label(""), .neutral)
    }

    func testSocialFinanceVocabulary() {
        XCTAssertEqual(label("$TSLA short squeeze incoming, calls printing 🚀🚀"), .positive)
        XCTAssertEqual(label("$XYZ files for bankruptcy, lawsuit pending"), .negative)
        XCTAssertEqual(label("Analyst downgrades $AAPL, bearish"), .negative)
        XCTAssertEqual(label("$AAPL beat estimates and raised guidance"), .positive)
        XCTAssertEqual(label("short squeeze on $GME"), .positive)
        XCTAssertEqual(label("Nokia issues profit warning"), .negative)
        XCTAssertEqual(label("$MSFT hits an all-time high"), .positive)
        XCTAssertEqual(label("record low for the stock"), .negative)
        XCTAssertEqual(label("analysts cut their estimates"), .negative)
    }

    func testNegationButAndEmphasis() {
        XCTAssertEqual(label("Results were not good"), .negative)
        let plain = lexicon.score("the results are good")
        let loud = lexicon.score("the results are GOOD!!!")
        XCTAssertGreaterThan(loud.positive, plain.positive)
        let but = lexicon.score("Sales were weak but profit improved strongly")
        XCTAssertGreaterThan(but.polarity, 0)
        let mixed = lexicon.score("Profit soared to a record. Sales plunged.")
        XCTAssertGreaterThan(mixed.mixed, 0.2)
    }

    func testScoringNeverFailsAndProbabilitiesAreValid() async throws {
        var rng = SeededGenerator(seed: 2024)
        var texts = (0..<2000).map { _ in RandomText.make(&rng, maxLength: 300) }
        texts.append(String(repeating: "profit rose but loss widened !!! 🚀 ", count: 30_000))
        let scores = try await lexicon.score(texts)
        XCTAssertEqual(scores.count, texts.count)
        for s in scores { assertValid(s) }
    }

    func testCalibrationProducesAllFourClasses() {
        let c = LexiconCalibration()
        XCTAssertEqual(c.score(.init(positive: 0, negative: 0)).label, .neutral)
        XCTAssertEqual(c.score(.init(positive: 3, negative: 0)).label, .positive)
        XCTAssertEqual(c.score(.init(positive: 0, negative: 3)).label, .negative)
        XCTAssertEqual(c.score(.init(positive: 4, negative: 4)).label, .mixed)
        assertValid(c.score(.init(positive: 1e300, negative: 0)))
    }
}

func assertValid(_ s: SentimentScore, file: StaticString = #filePath, line: UInt = #line) {
    let parts = [s.positive, s.negative, s.neutral, s.mixed]
    XCTAssertTrue(parts.allSatisfy { $0.isFinite && $0 >= 0 }, "\(s)", file: file, line: line)
    XCTAssertEqual(parts.reduce(0, +), 1, accuracy: 1e-6, file: file, line: line)
}
