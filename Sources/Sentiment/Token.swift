import Foundation

/// What a token is. Social-media structure (cashtags, mentions, URLs, emoticons) is kept as token
/// kinds rather than thrown away, because filters and analyzers both need it.
public enum TokenKind: UInt8, Sendable, Hashable, Codable {
    case word
    case cashtag
    case hashtag
    /// `@user`: replaced by a placeholder in normalised text.
    case mention
    /// `http(s)://…` or `www.…`: replaced by a placeholder in normalised text.
    case url
    /// A number, possibly signed, possibly a percentage (`+5%`, `3.2`, `$12`).
    case number
    /// An ASCII emoticon from the lexicon (`:)`, `:-(`, `<3`).
    case emoticon
    /// A pictographic emoji scalar (one token per scalar).
    case emoji
    /// Punctuation that carries meaning: `!`, `?`, clause boundaries `, ; : .`, parentheses.
    case punctuation
}

/// One token of a text, produced by `TextNormalizer` without allocating per token.
///
/// Words are identified by a 64-bit hash of their lowercased bytes (apostrophes dropped, letter runs
/// longer than two collapsed to two), so lexicon lookups and feature hashing never build a String.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    /// Hash of the normalised form (see `TokenHash.word`).
    public var hash: UInt64
    /// For elongated words ("soooo"): the hash with every letter run collapsed to one; else `hash`.
    public var altHash: UInt64
    /// Byte range of the token in the (entity-decoded) UTF-8 text.
    public var start: Int32
    public var length: Int32
    /// Bit set of `Token.allCaps`, `.elongated`, `.percent`, `.signed`.
    public var flags: UInt8
    /// Numeric value of `.number` tokens (sign included); the ASCII byte of `.punctuation` tokens.
    public var value: Double

    public static let allCaps: UInt8 = 1
    public static let elongated: UInt8 = 2
    public static let percent: UInt8 = 4
    public static let signed: UInt8 = 8

    public init(kind: TokenKind, hash: UInt64, altHash: UInt64, start: Int32, length: Int32,
                flags: UInt8 = 0, value: Double = 0) {
        self.kind = kind
        self.hash = hash
        self.altHash = altHash
        self.start = start
        self.length = length
        self.flags = flags
        self.value = value
    }

    @inline(__always) public func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}

/// Text-level counts gathered while tokenising (emphasis signals and structure).
public struct TextStats: Sendable, Hashable {
    public var exclamations = 0
    public var questions = 0
    public var words = 0
    public var allCapsWords = 0
    public var cashtags = 0
    public var hashtags = 0
    public var mentions = 0
    public var urls = 0
    /// Scalars outside ASCII that are letters (used by the non-English heuristic).
    public var nonASCIILetters = 0
    /// ASCII letters.
    public var asciiLetters = 0
    /// Whether the text starts with a retweet marker (`RT @user`).
    public var isRetweet = false

    public init() {}
}

/// FNV-1a hashing of normalised token bytes: the one hash function shared by the lexicon table,
/// the tokenizer and the feature hasher, so that all three agree on what a word is.
public enum TokenHash {
    public static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always)
    public static func mix(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* prime }

    /// Hash of a word as the tokenizer computes it: ASCII lowercased, apostrophes dropped, runs of
    /// the same letter longer than `maxRun` cut to `maxRun`.
    public static func word(_ text: some StringProtocol, maxRun: Int = 2) -> UInt64 {
        var h = offset
        var last: UInt8 = 0
        var run = 0
        for var b in text.utf8 {
            if b == 0x27 { continue }
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if b == last { run += 1 } else { run = 1; last = b }
            if run > maxRun && isLetter(b) { continue }
            h = mix(h, b)
        }
        return h
    }

    /// Hash of raw bytes (emoticons, emoji).
    public static func raw(_ text: some StringProtocol) -> UInt64 {
        var h = offset
        for b in text.utf8 { h = mix(h, b) }
        return h
    }

    /// Combines two hashes (for n-grams).
    @inline(__always)
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x632B_E59B_D9B4_E019)
        x = (x ^ (x >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 32)
    }

    @inline(__always)
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
}

/// Writes the scanner's tokens straight into the storage of a token array (`TextNormalizer.scan`
/// makes room first, and the scanner stops at a full buffer and resumes after the array grew): a
/// token costs a store, not a call to `Array.append` with its uniqueness and capacity checks, and
/// there is no staging buffer to copy out in bulk (that copy, `Array.append(contentsOf:)` twice per
/// FPB sentence, was ~3 % of the lexicon analyzer's instructions).
struct TokenWriter {
    private let buffer: UnsafeMutableBufferPointer<Token>
    /// Tokens written so far (the first `count` elements of `buffer`).
    private(set) var count: Int

    /// A writer continuing after the first `count` tokens of `buffer`.
    init(buffer: UnsafeMutableBufferPointer<Token>, count: Int) {
        self.buffer = buffer
        self.count = count
    }

    /// Whether another token would not fit (the scanner then stops, so the array can grow).
    @inline(__always) var isFull: Bool { count >= buffer.count }

    /// Stores `token` after the others. The scanner checks `isFull` before each step, and a step
    /// writes at most one token; the check here only guards that invariant (never taken).
    @inline(__always)
    mutating func append(_ token: Token) {
        precondition(count < buffer.count, "token buffer overrun")
        buffer[count] = token
        count &+= 1
    }

    /// Changes the token appended last; nothing when none was.
    @inline(__always)
    mutating func updateLast(_ change: (inout Token) -> Void) {
        guard count > 0 else { return }
        change(&buffer[count &- 1])
    }
}
