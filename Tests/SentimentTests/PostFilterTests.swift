import Foundation
import Sentiment
import TradingCore
import XCTest

final class PostFilterTests: XCTestCase {
    var clock = 0.0
    func post(_ text: String, author: String = "u1", lang: String? = "en") -> Post {
        clock += 60
        return Post(id: "\(clock)", time: Date(timeIntervalSince1970: 1_400_000_000 + clock), text: text, authorID: author,
                    source: .synthetic, lang: lang)
    }

    func testEachReasonIsCounted() {
        var filter = PostFilter()
        let posts = [
            post("$AAPL earnings beat, great quarter", author: "a"),
            post("$AAPL earnings beat, great quarter", author: "b"),  // exact duplicate
            post("$AAPL earnings BEAT great quarter!! http://t.co/1", author: "c"),  // near duplicate
            post("RT @a: $AAPL earnings beat", author: "d"),
            post("$AAPL http://t.co/xyz", author: "e"),
            post("$AAPL $MSFT $GOOG $FB $TSLA $NFLX top movers today", author: "f"),
            post("Apple sube en bolsa", author: "g", lang: "es"),
            post("Apple 株価 上昇 今日 とても 強い", author: "h", lang: nil),
            post("Die Aktie ist nicht gut und der Markt ist schwach", author: "i", lang: nil),
            post("Apple shares are up in the morning", author: "j", lang: "und"),
        ]
        let (kept, stats) = filter.filter(posts)
        XCTAssertEqual(kept.map(\.authorID), ["a", "j"])
        XCTAssertEqual(stats.seen, 10)
        XCTAssertEqual(stats.kept, 2)
        XCTAssertEqual(stats.removed, [.exactDuplicate: 1, .nearDuplicate: 1, .retweet: 1, .linkOnly: 1,
                                       .tooManyCashtags: 1, .nonEnglish: 3])
        XCTAssertEqual(filter.totals, stats)
    }

    func testBotLikeAuthorsAreDroppedAfterRepeating() {
        var filter = PostFilter(config: .init(botRepeats: 3))
        var posts = (0..<3).map { i in post("Free signals for $AAPL join now \(i)", author: "bot") }
        posts.append(post("A completely different text about $AAPL guidance", author: "bot"))
        posts.append(post("Honest take: $AAPL guidance looks solid", author: "human"))
        let (kept, stats) = filter.filter(posts)
        XCTAssertEqual(kept.map(\.authorID), ["bot", "human"])
        XCTAssertEqual(stats.removed[.nearDuplicate], 2)
        XCTAssertEqual(stats.removed[.botAuthor], 1)
    }

    func testCashtagLimitIsConfigurable() {
        var lenient = PostFilter(config: .init(maxCashtags: 10))
        XCTAssertNil(lenient.check(post("$A $B $C $D $E $F rally")))
        var strict = PostFilter(config: .init(maxCashtags: 2))
        XCTAssertEqual(strict.check(post("$A $B $C rally")), .tooManyCashtags)
    }

    func testMemoryIsBounded() {
        var filter = PostFilter(config: .init(memory: 2))
        XCTAssertNil(filter.check(post("one text here", author: "x")))
        XCTAssertNil(filter.check(post("two text here", author: "y")))
        XCTAssertNil(filter.check(post("three text here", author: "z")))
        XCTAssertNil(filter.check(post("one text here", author: "w")))  // forgotten, so not a duplicate
    }
}

final class SentimentAggregatorTests: XCTestCase {
    func scored(_ polarity: Double, followers: Int = 0) -> ScoredPost {
        let p = max(polarity, 0), n = max(-polarity, 0)
        return ScoredPost(post: Post(id: "x", time: Date(timeIntervalSince1970: 0), text: "", followers: followers, source: .synthetic),
                          score: SentimentScore(positive: p, negative: n, neutral: 1 - p - n))
    }

    func testZeroPostBarsAreValidAndDecay() {
        var agg = SentimentAggregator(config: .init(halfLifeBars: 1))
        XCTAssertEqual(agg.update(kept: [], collected: 0), .none)
        let f1 = agg.update(kept: [scored(0.8)], collected: 4)
        XCTAssertEqual(f1.logPostCount, log1p(1), accuracy: 1e-12)
        XCTAssertEqual(f1.filteredShare, 0.75, accuracy: 1e-12)
        XCTAssertEqual(f1.meanPolarity, 0.8, accuracy: 1e-12)
        XCTAssertEqual(f1.bullishShare, 1)
        XCTAssertEqual(f1.decayedPolarity, 0.4, accuracy: 1e-12)
        let f2 = agg.update(kept: [], collected: 3)
        XCTAssertEqual(f2.logPostCount, 0)
        XCTAssertEqual(f2.filteredShare, 1)
        XCTAssertEqual(f2.meanPolarity, 0)
        XCTAssertEqual(f2.decayedPolarity, 0.2, accuracy: 1e-12)
    }

    func testWeightingDispersionAndSurprise() {
        var agg = SentimentAggregator(config: .init(surpriseWindow: 10, surpriseWarmup: 5))
        let f = agg.update(kept: [scored(1, followers: 1_000_000), scored(-1)], collected: 2)
        XCTAssertEqual(f.meanPolarity, 0, accuracy: 1e-12)
        XCTAssertGreaterThan(f.weightedPolarity, 0.9)
        XCTAssertEqual(f.dispersion, 1, accuracy: 1e-9)
        XCTAssertEqual(f.polaritySurprise, 0)
        for i in 0..<6 { XCTAssertEqual(agg.update(kept: [scored(i.isMultiple(of: 2) ? 0.1 : -0.1)], collected: 1).polaritySurprise.isFinite, true) }
        XCTAssertGreaterThan(agg.update(kept: [scored(0.9)], collected: 1).polaritySurprise, 3)
        XCTAssertLessThanOrEqual(agg.update(kept: [scored(-1)], collected: 1).polaritySurprise, -3)
    }

    func testSameInputsGiveSameRowsWhateverComesLater() {
        let bars: [[ScoredPost]] = [[scored(0.5)], [], [scored(-0.2), scored(0.1)], [scored(0.9)]]
        var a = SentimentAggregator(), b = SentimentAggregator()
        let rowsA = bars.map { a.update(kept: $0, collected: $0.count) }
        let rowsB = bars.prefix(3).map { b.update(kept: $0, collected: $0.count) }
        XCTAssertEqual(Array(rowsA.prefix(3)), rowsB)  // a row never depends on later bars
    }
}
