import Foundation
import Sentiment
import TradingCore
import XCTest

final class TextNormalizerTests: XCTestCase {
    let n = TextNormalizer()

    func kinds(_ text: String) -> [TokenKind] { n.tokens(text).map(\.kind) }

    func testSocialStructureIsKept() {
        XCTAssertEqual(n.normalize("RT @trader: $AAPL to the moon!!! #Bullish http://t.co/xyz"),
                       "rt <user> : $AAPL to the moon ! ! ! #bullish <url>")
        let k = kinds("$aapl #earnings @bob www.example.com")
        XCTAssertEqual(k, [.cashtag, .hashtag, .mention, .url])
    }

    func testRetweetAndCountsInStats() {
        var tokens: [Token] = []
        let s = n.tokenize("RT @a: $AAPL $MSFT wow!! great?", into: &tokens)
        XCTAssertTrue(s.isRetweet)
        XCTAssertEqual(s.cashtags, 2)
        XCTAssertEqual(s.mentions, 1)
        XCTAssertEqual(s.exclamations, 2)
        XCTAssertEqual(s.questions, 1)
        XCTAssertFalse(n.tokenize("ART is great", into: &tokens).isRetweet)
    }

    func testHTMLEntitiesAndEmoticons() {
        XCTAssertEqual(n.normalize("AT&amp;T &lt;3 it&#39;s :) &#x1F680;"), "at t <3 it's :) 🚀")  // a bare "&" carries nothing and is dropped
        XCTAssertEqual(kinds("love it :-) ok"), [.word, .word, .emoticon, .word])
        XCTAssertEqual(kinds("🚀🚀 📉"), [.emoji, .emoji, .emoji])
    }

    func testElongationCapsAndApostrophes() {
        let t = n.tokens("soooo GOOOOD don't")
        XCTAssertTrue(t[0].has(Token.elongated))
        XCTAssertEqual(t[0].hash, TokenHash.word("soo"))
        XCTAssertEqual(t[0].altHash, TokenHash.word("so"))
        XCTAssertTrue(t[1].has(Token.allCaps))
        XCTAssertEqual(t[1].hash, TokenHash.word("good"))
        XCTAssertEqual(t[2].hash, TokenHash.word("dont"))
        XCTAssertEqual(n.tokens("it’s")[0].hash, TokenHash.word("its"))
    }

    func testNumbersAndPercentages() {
        let t = n.tokens("up +5% down -3.2 % to 1,234.5 or 3,2 $12")
        let numbers = t.filter { $0.kind == .number }
        XCTAssertEqual(numbers.map(\.value), [5, -3.2, 1234.5, 3.2, 12])
        XCTAssertTrue(numbers[0].has(Token.percent))
        XCTAssertTrue(numbers[0].has(Token.signed))
        XCTAssertTrue(numbers[1].has(Token.signed))
        XCTAssertFalse(numbers[2].has(Token.percent))
    }

    func testHostileInputsNeverTrap() {
        let invalid = TextNormalizer.string(decoding: [0x41, 0xFF, 0xC3, 0x28, 0xE2, 0x82, 0x42, 0xF0, 0x9F, 0x9A])
        XCTAssertTrue(invalid.contains("\u{FFFD}"))
        let inputs = [
            "", " ", "\u{0}\u{1}\u{7}\u{1B}[31m\u{7F}", invalid, "مرحبا بالعالم $AAPL שלום \u{202E}evil\u{202C}",
            "&", "&#;", "&#xFFFFFFFF;", "&#0;", "&#55296;", "$", "#", "@", "+", "-", "http://", ":", "'", "''a'",
            String(repeating: "a", count: 10_000), String(repeating: "🚀", count: 1000), "\u{200D}\u{FE0F}e\u{301}",
        ]
        for text in inputs {
            _ = n.tokens(text)
            _ = n.normalize(text)
        }
        let mega = String(repeating: "Profit rose 5% but $AAPL fell!! :( ", count: 30_000)  // ~1 MB
        XCTAssertGreaterThan(mega.utf8.count, 1_000_000)
        XCTAssertEqual(n.tokens(mega).count, 9 * 30_000)
    }

    func testEveryTokenRangeIsInsideTheText() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            let text = RandomText.make(&rng, maxLength: 200)
            var copy = text
            let count = copy.withUTF8 { $0.count }
            for t in n.tokens(text) where !text.contains("&") {
                XCTAssertGreaterThanOrEqual(t.start, 0)
                XCTAssertLessThanOrEqual(Int(t.start + t.length), count)
            }
        }
    }
}

/// Seeded random strings mixing ASCII, finance words, emoji, RTL, control characters and
/// invalid UTF-8 (decoded with replacement), for property tests.
enum RandomText {
    static let pieces = [
        "profit", "rose", "fell", "not", "but", "$AAPL", "#moon", "@x", "http://t.co/a", "!!!", "??", ":)", ":(",
        "&amp;", "&#39;", "🚀", "📉", "مرحبا", "שלום", "\u{202E}", "\u{0}", "\u{7}", "\n", "\t", "SOOOO", "+5%", "-3.2",
        "1,000", "e\u{301}", "\u{FEFF}", "'", "’", "(", ")", ",", ".", "very", "loss", "narrowed", "from", "to", "12.5",
    ]

    static func make(_ rng: inout SeededGenerator, maxLength: Int) -> String {
        var bytes: [UInt8] = []
        let target = rng.nextInt(below: maxLength + 1)
        while bytes.count < target {
            switch rng.nextInt(below: 4) {
            case 0: bytes.append(UInt8(truncatingIfNeeded: rng.next()))  // any byte, often invalid UTF-8
            case 1: bytes.append(0x20)
            default: bytes.append(contentsOf: Array(pieces[rng.nextInt(below: pieces.count)].utf8))
            }
        }
        return TextNormalizer.string(decoding: bytes)
    }
}
