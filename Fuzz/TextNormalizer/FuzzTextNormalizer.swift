import Foundation
import FuzzSupport
import Sentiment
import TradingCore

/// Fuzzes the text normaliser, the one-pass UTF-8 scanner every post and headline goes through
/// (`TextNormalizer`: HTML entities, cashtags, emoticons, emoji, elongation, signed numbers), and
/// what is built directly on its token ranges: `normalize`, the lexicon analyzer's score, the
/// linear model's feature hasher (character n-grams read token bytes) and the post filter (one post
/// per input line). Post text is whatever strangers write, so it must never trap, every token must
/// lie inside the bytes it refers to, and scores must be probabilities.
let normalizer = TextNormalizer()
let lexicon = LexiconAnalyzer()
let hasher = FeatureHasher(config: HashingConfig())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextNormalizer(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = TextNormalizer.string(decoding: UnsafeRawBufferPointer(start: start, count: count))
    var tokens: [Token] = []
    normalizer.withTokens(text, into: &tokens) { bytes, _, found in
        for t in found {
            Fuzz.check(t.start >= 0 && t.length >= 0 && Int(t.start) + Int(t.length) <= bytes.count,
                         "token \(t.kind) at \(t.start)+\(t.length) outside \(bytes.count) bytes")
        }
    }
    _ = normalizer.normalize(text)
    let score = lexicon.score(text)
    let parts = [score.positive, score.negative, score.neutral, score.mixed]
    Fuzz.check(parts.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 } && abs(parts.reduce(0, +) - 1) < 1e-6,
                 "lexicon score is not a distribution: \(score)")
    var scratch = FeatureHasher.Scratch()
    hasher.features(text, scratch: &scratch)
    var filter = PostFilter()
    let posts = text.split(separator: "\n").enumerated().map { i, line in
        Post(id: "p\(i)", time: Date(timeIntervalSince1970: Double(i)), text: String(line), authorID: "a\(i % 2)",
             source: .file, lang: i % 3 == 0 ? nil : "en", symbols: ["AAPL"])
    }
    _ = filter.filter(posts)
    return 0
}

@main enum FuzzTextNormalizerMain { static func main() { Fuzz.runDriver() } }
