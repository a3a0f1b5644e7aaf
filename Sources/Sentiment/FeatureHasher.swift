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
    /// Character n-gram lengths, at most 8 (charMax 0 disables them). 4-grams alone are the
    /// default: as accurate as 3–5-grams on FPB (10-fold CV) at ~1.3× the speed.
    public var charMin: Int
    public var charMax: Int
    public var lexiconFeatures: Bool

    public init(bucketBits: Int = 18, wordNGrams: Int = 2, charMin: Int = 4, charMax: Int = 4, lexiconFeatures: Bool = true) {
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
        var lexiconWork = LexiconAnalyzer.Work()
        public internal(set) var indices: [Int32] = []
        public internal(set) var values: [Float] = []
        public init() {}
    }

    /// Fills `s.indices`/`s.values` with the text's features (hashed ones share the value
    /// 1/√count; the lexicon's three dense inputs follow). Used for training.
    public func features(_ text: String, scratch s: inout Scratch) {
        var indices = s.indices
        indices.removeAll(keepingCapacity: true)
        s.indices = []
        let (count, dense) = forEachFeature(text, scratch: &s) { indices.append(Int32(truncatingIfNeeded: $0)) }
        s.values.removeAll(keepingCapacity: true)
        s.values.append(contentsOf: repeatElement(1 / Float(max(count, 1)).squareRoot(), count: count))
        if let dense {
            let base = Int32(config.buckets)
            indices.append(base)
            indices.append(base + 1)
            indices.append(base + 2)
            s.values.append(dense.x)
            s.values.append(dense.y)
            s.values.append(dense.z)
        }
        s.indices = indices
    }

    /// Calls `sink` with the bucket of every hashed feature of `text` and returns their count and
    /// the dense lexicon inputs (positive, negative, neutral; nil when disabled).
    @inline(__always)
    public func forEachFeature(_ text: String, scratch s: inout Scratch, _ sink: (Int) -> Void) -> (count: Int, dense: SIMD3<Float>?) {
        let c = config
        return analyze(text, scratch: &s) { tokens, bytes in Self.hashedFeatures(tokens, bytes: bytes, config: c, sink) }
    }

    /// The sum of the weight rows of `text`'s hashed features, their count and the dense lexicon
    /// inputs: what inference needs, with no feature list materialised. (The sum is a local of
    /// the tokenising closure, so it stays in a register while the features are hashed.)
    @inline(__always)
    func weightSum(_ text: String, rows: SparseRows.Reader, scratch s: inout Scratch)
        -> (sum: SIMD4<Float>, count: Int, dense: SIMD3<Float>?) {
        let c = config
        let ((sum, count), dense) = analyze(text, scratch: &s) { tokens, bytes in
            var sum = SIMD4<Float>.zero
            let count = Self.hashedFeatures(tokens, bytes: bytes, config: c) { sum += rows[$0] }
            return (sum, count)
        }
        return (sum, count, dense)
    }

    /// Tokenises `text`, calls `body` with the tokens and the bytes they refer to, and adds the
    /// lexicon analyzer's probabilities on the same tokens (when configured).
    @inline(__always)
    private func analyze<R>(_ text: String, scratch s: inout Scratch,
                            _ body: (UnsafeBufferPointer<Token>, UnsafeBufferPointer<UInt8>) -> R) -> (R, SIMD3<Float>?) {
        var stats = TextStats()
        var count = 0
        // (The closure captures neither `self` nor `s`: that would copy them for every text.)
        // `s.tokens` only grows: its first `count` tokens are this text's.
        let result = lexicon.normalizer.withScannedTokens(text, storage: &s.tokens) { bytes, textStats, tokens in
            stats = textStats
            count = tokens.count
            return body(tokens, bytes)
        }
        guard config.lexiconFeatures else { return (result, nil) }
        let evidence = lexicon.evidence(tokens: s.tokens, count: count, stats: stats, work: &s.lexiconWork)
        let p = lexicon.calibration.score(evidence)
        return (result, SIMD3(Float(p.positive + p.mixed / 2), Float(p.negative + p.mixed / 2), Float(p.neutral)))
    }

    /// Calls `sink` with the bucket of each hashed feature of the tokens, in a fixed order: per
    /// token its unigram, the bigram it ends, then the character n-grams of "<word>" (words and
    /// hashtags only) by end position and length. Returns how many there were.
    @inline(__always)
    static func hashedFeatures(_ tokens: UnsafeBufferPointer<Token>, bytes: UnsafeBufferPointer<UInt8>, config c: HashingConfig,
                               _ sink: (Int) -> Void) -> Int {
        // The bucket is the top `bucketBits` bits of h·φ (none, so bucket 0, when bucketBits is 0).
        let shift = UInt64(64 - c.bucketBits)
        let keep: UInt64 = shift < 64 ? .max : 0
        var count = 0
        let bigrams = c.wordNGrams >= 2
        // Character n-gram lengths: `shortest...longest` (an empty range when disabled).
        let shortest = max(c.charMin, 1), longest = c.charMax > 0 ? min(c.charMax, 8) : 0
        asciiLowercase.withUnsafeBufferPointer { lower in
            @inline(__always) func run(bigrams: Bool, shortest: Int, longest: Int, keep: UInt64) {
                @inline(__always) func emit(_ h: UInt64) {
                    sink(Int(truncatingIfNeeded: ((h &* 0x9E37_79B9_7F4A_7C15) &>> shift) & keep))
                    count &+= 1
                }
                var prev: UInt64 = 0x5EED
                for t in tokens {
                    let h = Self.unigramHash(t)
                    emit(h)
                    if bigrams { emit(TokenHash.combine(prev, h)) }
                    prev = h
                    guard shortest <= longest, t.kind == .word || t.kind == .hashtag else { continue }
                    let start = Int(t.start), end = start + Int(t.length)
                    if shortest == longest {
                        Self.charNGrams(of: bytes, start, end, length: shortest, lower: lower, emit)
                    } else {
                        Self.charNGrams(of: bytes, start, end, lengths: shortest...longest, lower: lower, emit)
                    }
                }
            }
            if bigrams && shortest == 4 && longest == 4 && keep == .max {
                // The default: a copy of the loop with the settings constants (the n-gram masks
                // folded, no per-token tests of the configuration).
                run(bigrams: true, shortest: 4, longest: 4, keep: .max)
            } else {
                run(bigrams: bigrams, shortest: shortest, longest: longest, keep: keep)
            }
        }
        return count
    }

    /// Each byte ASCII-lowercased, by table (one load instead of a compare and a select).
    static let asciiLowercase: [UInt8] = (0...255).map { UInt8($0) &- 0x41 < 26 ? UInt8($0) | 0x20 : UInt8($0) }

    /// Hash of the n-gram in the low `n` bytes (n ≤ 8) of a window of lowercased bytes.
    @inline(__always)
    static func nGramHash(_ window: UInt64, _ n: Int) -> UInt64 {
        ((window & (UInt64.max &>> (64 &- 8 &* UInt64(n)))) ^ (UInt64(n) &<< 59)) &+ 0xC4A2_0000_0000_0001
    }

    /// The n-grams of one length `n` of "<" + bytes[start..<end] + ">", in order: the window of
    /// the last ≤ 8 bytes rolls along; the first n - 2 bytes complete no n-gram.
    @inline(__always)
    static func charNGrams(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, length n: Int,
                           lower: UnsafeBufferPointer<UInt8>, _ emit: (UInt64) -> Void) {
        var window: UInt64 = 0x3C
        let firstEnd = start &+ n &- 2  // the first n-gram ends at this byte
        for q in start..<end {
            window = window &<< 8 | UInt64(lower[Int(bytes[q])])
            if q >= firstEnd { emit(nGramHash(window, n)) }
        }
        window = window &<< 8 | 0x3E
        if end &- start &+ 2 >= n { emit(nGramHash(window, n)) }
    }

    /// The n-grams of several lengths of "<" + bytes[start..<end] + ">": by end position, then
    /// by length.
    static func charNGrams(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, lengths: ClosedRange<Int>,
                           lower: UnsafeBufferPointer<UInt8>, _ emit: (UInt64) -> Void) {
        var window: UInt64 = 0x3C
        var seen = 1
        for q in start...end {
            window = window &<< 8 | UInt64(q == end ? 0x3E : lower[Int(bytes[q])])
            seen &+= 1
            for n in lengths where n <= seen { emit(nGramHash(window, n)) }
        }
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
