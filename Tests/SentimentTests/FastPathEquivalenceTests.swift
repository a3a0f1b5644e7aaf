import Foundation
import Sentiment
import TestSupport
import TradingCore
import XCTest

/// Pins the analyzers' outputs across the speed work of issue 12 (SWAR word scanning, the bulk
/// token writer, the lexicon table's filter, the active-token passes, the sparse weight rows, the
/// allocation-free score): every token, statistic, evidence value and hashed feature must be what
/// the code before that work produced, bit for bit. The digests below were recorded from it.
/// (Digests leave out the final probabilities, which go through `exp`, so they hold on any
/// platform; the last two tests check those against a plain computation.)
final class FastPathEquivalenceTests: XCTestCase {
    static let hashings = [
        HashingConfig(),
        HashingConfig(bucketBits: 12, wordNGrams: 1, charMin: 3, charMax: 5, lexiconFeatures: false),
        HashingConfig(bucketBits: 0, wordNGrams: 2, charMin: 2, charMax: 9),
        HashingConfig(charMin: 0, charMax: 0),
    ]

    static func trickyTexts() -> [String] {
        var rng = SeededGenerator(seed: 2024)
        return TrickyTexts.handWritten + TrickyTexts.random(count: 3000, seed: 7)
            + (0..<2000).map { _ in RandomText.make(&rng, maxLength: 200) }
    }

    func testTrickyTextsGiveThePinnedOutputs() {
        let texts = Self.trickyTexts()
        XCTAssertEqual(texts.count, 5055)
        XCTAssertEqual(String(OutputDigest.of(texts, hashings: Self.hashings), radix: 16), "7d6dfaf6e178c709")
    }

    func testFPBGivesThePinnedOutputs() throws {
        let rows = try LabeledDataset.load(path: SharedData.path("fpb/75Agree_train.csv"))
        XCTAssertEqual(String(OutputDigest.of(rows.map(\.text), hashings: Self.hashings), radix: 16), "1c65964dd32a875c")
    }

    /// The fused inference path (sparse rows, features hashed straight into the sum) against the
    /// same arithmetic on the dense `weights`, including rows of −0 (skipped by the sparse rows).
    func testLinearScoresEqualTheDenseComputation() {
        let texts = Array(Self.trickyTexts().prefix(1500)) + LinearModelTests.toy.map(\.text)
        for hashing in [HashingConfig(bucketBits: 14), HashingConfig(bucketBits: 10, charMin: 3, charMax: 5, lexiconFeatures: false)] {
            let trained = LinearModel.train(LinearModelTests.toy, hashing: hashing)
            var weights = trained.weights
            for i in stride(from: 0, to: weights.count, by: 5) where weights[i] == 0 { weights[i] = -0.0 }
            let model = LinearModel(labels: trained.labels, hashing: hashing, weights: weights, bias: trained.bias)
            let analyzer = LinearAnalyzer(model: model)
            let hasher = FeatureHasher(config: hashing)
            var scratch = FeatureHasher.Scratch()
            for text in texts {
                hasher.features(text, scratch: &scratch)
                let expected = Self.denseScore(model, indices: scratch.indices, values: scratch.values)
                XCTAssertTrue(Self.sameBits(analyzer.score(text), expected), text)
            }
        }
    }

    /// `LinearModel`'s scoring, written out on the dense weights.
    static func denseScore(_ model: LinearModel, indices: [Int32], values: [Float]) -> SentimentScore {
        let k = model.labels.count, lexicon = model.hashing.lexiconFeatures
        func row(_ r: Int) -> SIMD4<Float> {
            var v = SIMD4<Float>.zero
            for c in 0..<k { v[c] = model.weights[r * k + c] }
            return v
        }
        let count = indices.count - (lexicon ? 3 : 0)
        var sum = SIMD4<Float>.zero
        for i in indices.prefix(count) { sum += row(Int(i)) }
        var logits = sum * (1 / Float(max(count, 1)).squareRoot())
        for c in 0..<k { logits[c] += model.bias[c] }
        if lexicon {
            let base = model.hashing.buckets, d = values.suffix(3).map { $0 }
            logits += d[0] * row(base) + d[1] * row(base + 1) + d[2] * row(base + 2)
        }
        var m = logits[0]
        for c in 1..<k { m = max(m, logits[c]) }
        var out = [Double](repeating: 0, count: 4)
        let slots: [SentimentLabel: Int] = [.positive: 0, .negative: 1, .neutral: 2, .mixed: 3]
        for c in 0..<k { out[slots[model.labels[c]] ?? 0] = Double(Foundation.exp(logits[c] - m)) }
        return SentimentScore(positive: out[0], negative: out[1], neutral: out[2], mixed: out[3])
    }

    /// The calibrated probabilities equal `SentimentScore`'s normalising initializer on the
    /// calibration's raw weights, for ordinary and extreme evidence.
    func testLexiconScoresEqualTheNormalisingInitializer() {
        let c = LexiconCalibration()
        let values: [Double] = [0, 1e-300, 0.3, 0.9, 1.5, 2.4, 7, 300, 1e300, .infinity, .nan, -1]
        for p in values {
            for n in values {
                let net = p - n
                let zp = c.slope * (net - c.threshold), zn = c.slope * (-net - c.threshold)
                let zm = c.slope * (min(p, n) - c.mixedThreshold)
                let m = max(zp, zn, zm, 0)
                let expected = SentimentScore(positive: exp(zp - m), negative: exp(zn - m), neutral: exp(-m), mixed: exp(zm - m))
                XCTAssertTrue(Self.sameBits(c.score(.init(positive: p, negative: n)), expected), "\(p) \(n)")
            }
        }
        let lexicon = LexiconAnalyzer()
        var scratch = LexiconAnalyzer.Scratch()
        for text in Self.trickyTexts().prefix(500) {
            XCTAssertTrue(Self.sameBits(lexicon.score(text), c.score(lexicon.evidence(text, scratch: &scratch))), text)
        }
    }

    static func sameBits(_ a: SentimentScore, _ b: SentimentScore) -> Bool {
        [a.positive, a.negative, a.neutral, a.mixed].map(\.bitPattern) == [b.positive, b.negative, b.neutral, b.mixed].map(\.bitPattern)
    }
}
