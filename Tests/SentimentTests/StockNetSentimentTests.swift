import Foundation
import MarketData
import Sentiment
import TestSupport
import TradingCore
import XCTest

/// Filters and aggregation on the real StockNet tweets of the 8 shared symbols (skipped when absent).
final class StockNetSentimentTests: XCTestCase {
    static let symbols = ["AAPL", "MSFT", "XOM", "JPM", "GE", "KO", "PFE", "BA"]

    func testFiltersRemoveSpamAndEveryTradingDayGetsAFiniteRow() throws {
        let root = try SharedData.path("stocknet")
        let loader = StockNetLoader(root: root)
        let calendar = NYSECalendar()
        let start = LocalDate(year: 2014, month: 1, day: 2)!, end = LocalDate(year: 2015, month: 12, day: 31)!
        let expectedDays = calendar.sessions(from: start, to: end).map(\.date)
        var totals = FilterStats()
        let lexicon = LexiconAnalyzer()
        for symbol in Self.symbols {
            let prices = try loader.prices(symbol)
            let series = BarSeries(symbol: symbol, timeframe: .day, bars: prices.bars.filter {
                let d = LocalDate($0.time, in: .newYork)
                return d >= start && d <= end
            })
            XCTAssertEqual(series.bars.map { LocalDate($0.time, in: .newYork) }, expectedDays, symbol)
            let posts = try loader.posts(symbol, from: start.adding(days: -7), to: end).posts
            let aligned = PostAligner(calendar: calendar).align(posts, to: series)
            let (rows, stats) = SymbolSentimentPipeline.series(postsByBar: aligned.byBar, analyzer: lexicon)
            XCTAssertEqual(rows.count, expectedDays.count, symbol)
            for row in rows { XCTAssertTrue(row.values.allSatisfy(\.isFinite), "\(symbol) \(row)") }
            XCTAssertTrue(rows.contains { $0.logPostCount == 0 } || symbol == "AAPL", "\(symbol) has zero-post days")
            XCTAssertEqual(stats.seen, aligned.assignedCount, symbol)
            XCTAssertEqual(stats.kept + stats.removedTotal, stats.seen, symbol)
            totals.add(stats)
        }
        print("StockNet 8 symbols, \(expectedDays.count) sessions each: \(totals.seen) posts, \(totals.kept) kept, removed "
            + FilterReason.allCases.map { "\($0.rawValue)=\(totals.removed[$0] ?? 0)" }.joined(separator: " "))
        XCTAssertGreaterThan(totals.removed[.tooManyCashtags] ?? 0, 100)
        XCTAssertGreaterThan(totals.removed[.exactDuplicate] ?? 0, 0)
        XCTAssertGreaterThan(totals.removed[.retweet] ?? 0, 1000)
        XCTAssertGreaterThan(totals.kept, totals.seen / 5)
    }

    func testNoPostWithMoreThanFourCashtagsIsKept() throws {
        let root = try SharedData.path("stocknet")
        let posts = try StockNetLoader(root: root).posts("MSFT", from: LocalDate(year: 2014, month: 6, day: 1),
                                                          to: LocalDate(year: 2014, month: 6, day: 30)).posts
        var filter = PostFilter()
        let (kept, stats) = filter.filter(posts)
        let normalizer = TextNormalizer()
        var tokens: [Token] = []
        for p in kept { XCTAssertLessThanOrEqual(normalizer.tokenize(p.text, into: &tokens).cashtags, 4, p.text) }
        let spammy = posts.filter { normalizer.tokenize($0.text, into: &tokens).cashtags > 4 }.count
        XCTAssertGreaterThan(spammy, 0)
        XCTAssertEqual(Set(kept.map(\.text)).count, kept.count, "no exact duplicate texts kept")
        XCTAssertEqual(stats.kept, kept.count)
    }
}
