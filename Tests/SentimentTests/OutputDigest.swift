import Foundation
import Sentiment
import TradingCore

/// FNV-1a over 64-bit words: a digest of everything the analyzers' fast paths produce.
struct OutputDigest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ x: UInt64) {
        var x = x
        for _ in 0..<8 {
            value = (value ^ (x & 0xFF)) &* 0x0000_0100_0000_01b3
            x >>= 8
        }
    }

    /// Tokens, text statistics and lexicon evidence of every text, and the hashed features of
    /// each hashing configuration.
    static func of(_ texts: [String], hashings: [HashingConfig]) -> UInt64 {
        var d = OutputDigest()
        let normalizer = TextNormalizer()
        let lexicon = LexiconAnalyzer()
        var tokens: [Token] = []
        var scratch = LexiconAnalyzer.Scratch()
        for text in texts {
            let s = normalizer.tokenize(text, into: &tokens)
            d.add(UInt64(tokens.count))
            for t in tokens {
                d.add(UInt64(t.kind.rawValue) | UInt64(t.flags) << 8 | UInt64(UInt32(bitPattern: t.start)) << 16)
                d.add(UInt64(UInt32(bitPattern: t.length)))
                d.add(t.hash)
                d.add(t.altHash)
                d.add(t.value.bitPattern)
            }
            for n in [s.exclamations, s.questions, s.words, s.allCapsWords, s.cashtags, s.hashtags, s.mentions, s.urls,
                      s.nonASCIILetters, s.asciiLetters, s.isRetweet ? 1 : 0] { d.add(UInt64(bitPattern: Int64(n))) }
            let e = lexicon.evidence(text, scratch: &scratch)
            d.add(e.positive.bitPattern)
            d.add(e.negative.bitPattern)
        }
        for config in hashings {
            let hasher = FeatureHasher(config: config)
            var s = FeatureHasher.Scratch()
            for text in texts {
                hasher.features(text, scratch: &s)
                d.add(UInt64(s.indices.count))
                for i in s.indices { d.add(UInt64(UInt32(bitPattern: i))) }
                for v in s.values { d.add(UInt64(v.bitPattern)) }
            }
        }
        return d.value
    }
}

/// Texts that exercise every branch of the tokenizer's fast and slow paths.
enum TrickyTexts {
    static let handWritten: [String] = [
        "GREAT results!!! Profit rose 15% to EUR 3.2 mn :) 🚀🚀",
        "Operating loss narrowed to EUR 1.1 mn from EUR 2.3 mn, but sales fell 4 %.",
        "The company's net sales decreased 13.9 % compared to 13.1 % in 2007.",
        "I don't think $AAPL is good, it's not bad either... soooo boring 😴 GOOOOD Yesss",
        "Ça va très bien — résultats excellents à Zürich; naïve café crème",
        "RT @trader: $TSLA to the moon!!!! https://t.co/abc123 #bullish #stocks #2020 #Ünïcode",
        "NOT GOOD. Terrible quarter :( :-( </3 but guidance is strong",
        "Earnings &amp; revenue beat &gt; expectations &#39;big time&#39; &quot;wow&quot; &#x1F680; &bogus;",
        "Profits down from a loss of $5.5M to a profit of $1,000,000 +5.2% -3,2 1.2.3 12,34,567",
        "www.example.com says: kinda meh, sorta ok? Never better! WWW.X.COM http://a Http://B hTTps://c",
        "Shares of $GOOG.L fell sharply; extremely disappointing, hardly surprising.",
        "日本語のテキスト 株価が上昇 😀👍🏽‍ e\u{301} \u{200D}\u{FE0F}",
        "Can't won't shouldn't isn't wasn't ain't aren't it’s ‘quoted’ o'clock rock'n'roll '90s",
        "no no no NO!!!! ?!?! ... ,,, ;;; ((())) :-D ;) :P :/ <3 =) ^_^",
        "\u{00A0}\u{2019}tis the season\u{2019}s best\u{201D} sale \u{FEFF} \u{FFFD}",
        "", " ", "a", "$", "#", "@", "+", "-", "-5", "+x", "a'", "'a", "1.", "1,", "A.B", "x1y2z3", "ABCDEFGH",
        "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq",
        "Internationalization counterrevolutionaries HEADQUARTERED manufactures",
        "aaa bbb aab abb aaab baaa AaA aAa Aaa zzz zz z 111 1111 a11 11a a1a",
        "END with word", "END with wordy", "END with wor", "x", "xy", "xyz", "word.", "word,", "word'",
        "Revenue increased to EUR 131.5 mn from EUR 109.3 mn in the corresponding period",
        "The cost of sales went up, while costs declined and the margin improved, however debt rose.",
        "UPPER lower MiXeD UPPERCASE A B C AB ABC I'M I'm",
        "tab\tnewline\ncarriage\rreturn\u{0}nul\u{7F}del",
        "mix@ed_under_score [brackets] {braces} back\\slash ^caret `tick` ~tilde |pipe| %percent",
        "café's naïve-ly über'cool résumé’s Ångström",
    ]

    /// `count` seeded random texts of words of every length, case and digit mix, separated by every
    /// kind of ASCII and some non-ASCII bytes.
    static func random(count: Int, seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        let digits = Array("0123456789".utf8)
        let separators = Array(" \t\n,.;:!?()[]{}'\"-+$#@%&*/\\|^_~`<=>".utf8) + [0x20, 0x20, 0x20, 0x20]
        let nonASCII = ["é", "ü", "’", "—", "🚀", "\u{A0}", "日", "\u{FFFD}"].map { Array($0.utf8) }
        var texts: [String] = []
        for _ in 0..<count {
            var bytes: [UInt8] = []
            for _ in 0..<rng.nextInt(below: 12) {
                let length = 1 + rng.nextInt(below: 18)
                for _ in 0..<length {
                    switch rng.nextInt(below: 20) {
                    case 0..<13: bytes.append(letters[rng.nextInt(below: rng.nextInt(below: 4) == 0 ? 52 : 26)])
                    case 13..<16: bytes.append(digits[rng.nextInt(below: 10)])
                    case 16: bytes.append(bytes.last ?? 0x61)  // runs: elongation
                    case 17: bytes.append([0x27, 0x2E, 0x2C][rng.nextInt(below: 3)])  // inside words or not
                    case 18: bytes.append(contentsOf: nonASCII[rng.nextInt(below: nonASCII.count)])
                    default: bytes.append(letters[26 + rng.nextInt(below: 26)])
                    }
                }
                bytes.append(separators[rng.nextInt(below: separators.count)])
            }
            if rng.nextInt(below: 2) == 0, !bytes.isEmpty { bytes.removeLast() }  // words at the very end
            texts.append(TextNormalizer.string(decoding: bytes))
        }
        return texts
    }
}
