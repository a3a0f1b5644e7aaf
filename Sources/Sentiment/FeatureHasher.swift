import Foundation
import TradingCore

/// Which features the linear model sees: hashed word n-grams, hashed character n-grams of each
/// word (with `<` `>` boundary marks) and, optionally, the lexicon analyzer's probabilities as
/// three dense extra inputs (a cheap ensemble). Stored in the model's metadata.
public struct HashingConfig: Sendable, Hashable, Codable {
    /// log2 of the number of hashed buckets.
    public var bucketBits: Int
    /// Longest word n-gram (1 = unigrams, 2 = + bigrams).
    public var wordNGrams: Int
    /// Character n-gram lengths (0...0 disables them).
    public var charMin: Int
    public var charMax: Int
    public var lexiconFeatures: Bool

    public init(bucketBits: Int = 18, wordNGrams: Int = 2, charMin: Int = 3, charMax: Int = 5, lexiconFeatures: Bool = true) {
        self.bucketBits = bucketBits
        self.wordNGrams = wordNGrams
        self.charMin = charMin
        self.charMax = charMax
        self.lexiconFeatures = lexiconFeatures
    }

    public var buckets: Int { 1 << bucketBits }
    /// Input dimension: hashed buckets plus the dense lexicon inputs.
    public var dimension: Int { buckets + (lexiconFeatures ? 3 : 0) }
}

/// Turns a text into a sparse, L2-normalised feature vector (`indices`, `values`) for the linear
/// model. The hashing trick keeps memory fixed and needs no vocabulary file.
public struct FeatureHasher: Sendable {
    public let config: HashingConfig
    let lexicon: LexiconAnalyzer

    public init(config: HashingConfig) {
        self.config = config
        self.lexicon = LexiconAnalyzer()
    }

    /// Reusable buffers; `indices`/`values` hold the last text's features.
    public struct Scratch: Sendable {
        var tokens: [Token] = []
        var lexicon = LexiconAnalyzer.Scratch()
        public internal(set) var indices: [Int32] = []
        public internal(set) var values: [Float] = []
        public init() {}
    }

    public func features(_ text: String, scratch s: inout Scratch) {
        s.indices.removeAll(keepingCapacity: true)
        s.values.removeAll(keepingCapacity: true)
        let shift = UInt64(64 - config.bucketBits)
        let c = config
        var indices = s.indices
        s.indices = []
        lexicon.normalizer.withTokens(text, into: &s.tokens) { bytes, _, tokens in
            @inline(__always) func emit(_ h: UInt64) {
                indices.append(Int32(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> shift))
            }
            var prev: UInt64 = 0x5EED
            for t in tokens {
                let h = Self.unigramHash(t)
                emit(h)
                if c.wordNGrams >= 2 { emit(TokenHash.combine(prev, h)) }
                prev = h
                guard c.charMax > 0, t.kind == .word || t.kind == .hashtag else { continue }
                let start = Int(t.start), end = Int(t.start + t.length)
                var p = start - 1
                while p < end {
                    var h = TokenHash.offset
                    var k = 0
                    while k < c.charMax {
                        let q = p + k
                        if q > end { break }
                        let b: UInt8 = q < start ? 0x3C : (q == end ? 0x3E : bytes[q])
                        h = TokenHash.mix(h, b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                        k += 1
                        if k >= c.charMin { emit(h ^ 0xC4A2) }
                    }
                    p += 1
                }
            }
        }
        let norm = 1 / Float(max(indices.count, 1)).squareRoot()
        s.values = Array(repeating: norm, count: indices.count)
        if c.lexiconFeatures {
            let p = lexicon.score(text, scratch: &s.lexicon)
            let base = Int32(c.buckets)
            indices.append(contentsOf: [base, base + 1, base + 2])
            s.values.append(contentsOf: [Float(p.positive + p.mixed / 2), Float(p.negative + p.mixed / 2), Float(p.neutral)])
        }
        s.indices = indices
    }

    @inline(__always)
    static func unigramHash(_ t: Token) -> UInt64 {
        switch t.kind {
        case .number: return 0x4E55_4D00 | UInt64(t.flags & (Token.percent | Token.signed)) | (t.value < 0 ? 0x10 : 0)
        case .url: return 0x55_524C
        case .mention: return 0x55_5345_52
        default: return t.hash
        }
    }
}
