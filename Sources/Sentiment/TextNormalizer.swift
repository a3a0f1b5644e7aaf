import Foundation

/// Turns social posts and headlines into tokens in one pass over their UTF-8 bytes.
///
/// Keeps what carries sentiment or structure — cashtags, hashtags, emoticons, emoji, ALL-CAPS
/// emphasis, elongation ("soooo"), signed numbers and percentages, `!`/`?` and clause boundaries —
/// and replaces what does not (URLs, @mentions). Allocation-free per token; never traps on any
/// input (Swift strings are valid UTF-8; bytes from files go through `string(decoding:)`).
public struct TextNormalizer: Sendable {
    /// Raw-byte hashes of the emoticons to recognise (from the lexicon).
    public let emoticons: Set<UInt64>
    /// Longest emoticon in bytes.
    public let maxEmoticonLength: Int

    public init(emoticons: [String] = TextNormalizer.defaultEmoticons) {
        self.emoticons = Set(emoticons.map { TokenHash.raw($0) })
        self.maxEmoticonLength = min(6, emoticons.map(\.utf8.count).max() ?? 2)
    }

    public static let defaultEmoticons = [":)", ":-)", ":(", ":-(", ":D", ":-D", ";)", ";-)", ":P", ":/", "<3", "</3", ":'("]

    /// Decodes bytes as UTF-8, replacing every invalid sequence with U+FFFD.
    public static func string(decoding bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Tokenises `text` into `tokens` (replaced; capacity kept) and returns text-level counts.
    @discardableResult
    public func tokenize(_ text: String, into tokens: inout [Token]) -> TextStats {
        Self.withBytes(of: text) { buf in
            if HTMLEntities.mayContainEntity(buf) {
                let decoded = HTMLEntities.decode(buf)
                return decoded.withUnsafeBufferPointer { scanExactly($0, into: &tokens) }
            }
            return scanExactly(buf, into: &tokens)
        }
    }

    /// Tokenises `text` and calls `body` with the (entity-decoded) UTF-8 bytes the tokens' ranges
    /// refer to, for consumers that need token bytes (character n-grams).
    public func withTokens<R>(_ text: String, into tokens: inout [Token],
                              _ body: (UnsafeBufferPointer<UInt8>, TextStats, [Token]) -> R) -> R {
        Self.withBytes(of: text) { buf in
            if HTMLEntities.mayContainEntity(buf) {
                let decoded = HTMLEntities.decode(buf)
                return decoded.withUnsafeBufferPointer { d in
                    let stats = scanExactly(d, into: &tokens)
                    return body(d, stats, tokens)
                }
            }
            let stats = scanExactly(buf, into: &tokens)
            return body(buf, stats, tokens)
        }
    }

    /// The analyzers' path: tokenises `text` into `storage`, a scratch array that only grows (its
    /// first tokens are this text's, the rest left over), and calls `body` with the bytes, the
    /// counts and this text's tokens. Unlike `tokenize`, no array is trimmed or copied per text.
    @inline(__always)
    func withScannedTokens<R>(_ text: String, storage: inout [Token],
                              _ body: (UnsafeBufferPointer<UInt8>, TextStats, UnsafeBufferPointer<Token>) -> R) -> R {
        Self.withBytes(of: text) { buf in
            if HTMLEntities.mayContainEntity(buf) {
                let decoded = HTMLEntities.decode(buf)
                return decoded.withUnsafeBufferPointer { d in
                    let (count, stats) = scan(d, into: &storage)
                    return storage.withUnsafeBufferPointer { body(d, stats, UnsafeBufferPointer(rebasing: $0[0..<count])) }
                }
            }
            let (count, stats) = scan(buf, into: &storage)
            return storage.withUnsafeBufferPointer { body(buf, stats, UnsafeBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// Calls `body` with the UTF-8 bytes of `text`: in place for a native string (no copy, no
    /// retain of the string), else through a contiguous copy.
    @inline(__always)
    static func withBytes<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Convenience: the tokens of `text`.
    public func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        tokenize(text, into: &out)
        return out
    }

    /// Normalised text: tokens separated by single spaces, words lowercased, cashtags uppercased,
    /// URLs as `<url>` and mentions as `<user>`. Stable input for hashing and display.
    public func normalize(_ text: String) -> String {
        var tokens: [Token] = []
        var copy = text
        return copy.withUTF8 { buf -> String in
            let bytes = buf.contains(0x26) ? HTMLEntities.decode(buf) : Array(buf)
            _ = bytes.withUnsafeBufferPointer { scanExactly($0, into: &tokens) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for t in tokens {
                if !out.isEmpty { out.append(0x20) }
                switch t.kind {
                case .url: out.append(contentsOf: Array("<url>".utf8))
                case .mention: out.append(contentsOf: Array("<user>".utf8))
                default:
                    let upper = t.kind == .cashtag
                    for k in Int(t.start)..<Int(t.start + t.length) {
                        let c = bytes[k]
                        if upper, c >= 0x61, c <= 0x7A { out.append(c & ~0x20) }
                        else if !upper, c >= 0x41, c <= 0x5A { out.append(c | 0x20) }
                        else { out.append(c) }
                    }
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    // MARK: - scanner

    /// Texts are tokenised up to this many bytes (token offsets are 32-bit; no post is this long).
    public static let maxBytes = 64 << 20

    /// Room made for at least this many more tokens before each scanning round (the storage then
    /// at least doubles), so a round never starts full.
    static let growthStep = 32

    /// Replaces `tokens` with the tokens of `full`.
    private func scanExactly(_ full: UnsafeBufferPointer<UInt8>, into tokens: inout [Token]) -> TextStats {
        let (count, stats) = scan(full, into: &tokens)
        tokens.removeLast(tokens.count - count)
        return stats
    }

    /// Writes the tokens of `full` (at most its first `maxBytes`) to the first elements of
    /// `storage`, growing it when they do not fit; returns their count and the text's counts.
    private func scan(_ full: UnsafeBufferPointer<UInt8>, into storage: inout [Token]) -> (count: Int, stats: TextStats) {
        let b = full.count > Self.maxBytes ? UnsafeBufferPointer(rebasing: full[0..<Self.maxBytes]) : full
        var stats = TextStats()
        var i = 0
        var count = 0
        var started = false
        while true {
            if storage.count < count + Self.growthStep {
                let placeholder = Token(kind: .word, hash: 0, altHash: 0, start: 0, length: 0)
                storage.append(contentsOf: repeatElement(placeholder, count: max(storage.count, Self.growthStep)))
            }
            i = storage.withUnsafeMutableBufferPointer { buffer in
                var out = TokenWriter(buffer: buffer, count: count)
                defer { count = out.count }
                return started ? scan(b, from: i, into: &out, stats: &stats) : scan(b, into: &out, stats: &stats)
            }
            started = true
            if i >= b.count { return (count, stats) }
        }
    }

    /// Starts a text: skips leading white space, notes a retweet marker, then scans.
    private func scan(_ b: UnsafeBufferPointer<UInt8>, into tokens: inout TokenWriter, stats: inout TextStats) -> Int {
        let n = b.count
        var i = 0
        while i < n && (b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D) { i += 1 }
        if i + 2 < n, b[i] | 0x20 == 0x72, b[i + 1] | 0x20 == 0x74, b[i + 2] == 0x20 || b[i + 2] == 0x3A {
            stats.isRetweet = true
        }
        return scan(b, from: i, into: &tokens, stats: &stats)
    }

    /// Scans from `i` until the end of `b` or a full `tokens` (each step writes at most one
    /// token); returns where it stopped.
    private func scan(_ b: UnsafeBufferPointer<UInt8>, from start: Int, into tokens: inout TokenWriter,
                      stats: inout TextStats) -> Int {
        let n = b.count
        var i = start
        while i < n {
            let c = b[i]
            if c == 0x20 {  // the usual separator, first
                i += 1
                continue
            }
            if tokens.isFull { return i }
            if c >= 0x80 {
                i = scanNonASCII(b, at: i, into: &tokens, stats: &stats)
                continue
            }
            if Self.isAlnum(c) {
                // Most tokens are plain words: handled here, without the call (numbers, URLs and
                // the rest go through `scanWord`, which gives the same tokens for plain words).
                if let w = Self.chunkedWord(b, from: i) ?? (c | 0x20 != 0x68 && c | 0x20 != 0x77 ? Self.plainWord(b, from: i) : nil),
                   !w.digitsOnly {
                    stats.appendWord(w, kind: .word, start: i, to: &tokens)
                    i = w.end
                } else {
                    i = scanWord(b, from: i, sign: 1, kind: .word, into: &tokens, stats: &stats)
                }
                continue
            }
            i = scanSymbol(b, at: i, into: &tokens, stats: &stats)
        }
        return i
    }

    /// Byte length of a known emoticon at `i`, if any (longest match, must not run into a word).
    func emoticon(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        switch b[i] {
        case 0x3A, 0x3B, 0x3D, 0x3C, 0x3E, 0x28, 0x29, 0x5B, 0x5D, 0x5E, 0x2A, 0x5C, 0x2F, 0x7C, 0x25: break
        default: return nil
        }
        var run = 0
        while i + run < b.count, run < maxEmoticonLength, b[i + run] > 0x20, b[i + run] < 0x80 { run += 1 }
        var len = run
        while len >= 2 {
            let after: UInt8 = i + len < b.count ? b[i + len] : 0x20
            if !Self.isAlnum(after), emoticons.contains(Self.rawHash(b, i, len)) { return len }
            len -= 1
        }
        return nil
    }

    // MARK: - byte helpers

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }

    static func rawHash(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ len: Int) -> UInt64 {
        var h = TokenHash.offset
        for k in start..<min(b.count, start + len) { h = TokenHash.mix(h, b[k]) }
        return h
    }

    /// Decodes the scalar at `i` leniently: a malformed sequence yields U+FFFD and length 1.
    static func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let c = b[i]
        let len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
        guard len > 1, i + len <= b.count else { return (0xFFFD, 1) }
        var v = UInt32(c) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
        for k in 1..<len {
            let cc = b[i + k]
            guard cc & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            v = v << 6 | UInt32(cc & 0x3F)
        }
        return (v, len)
    }

    @inline(__always) static func isEmoji(_ s: UInt32) -> Bool {
        (s >= 0x1F300 && s <= 0x1FAFF) || (s >= 0x2600 && s <= 0x27BF) || (s >= 0x2B00 && s <= 0x2BFF)
    }

    /// Non-ASCII spaces, general punctuation (dashes, quotes, ZWJ), variation selectors, U+FFFD.
    @inline(__always) static func isSeparator(_ s: UInt32) -> Bool {
        s == 0xA0 || s == 0xAB || s == 0xBB || (s >= 0x2000 && s <= 0x206F) || s == 0x3000
            || (s >= 0xFE00 && s <= 0xFE0F) || s == 0xFFFD || s == 0xFEFF || (s >= 0x80 && s < 0xA0)
    }

    /// End of a URL starting at `i` (`http://`, `https://`, `www.`), running to the next space.
    static func urlEnd(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        func matches(_ p: StaticString) -> Bool {
            let len = p.utf8CodeUnitCount
            guard i + len <= b.count else { return false }
            let ptr = p.utf8Start
            for k in 0..<len where b[i + k] | 0x20 != ptr[k] { return false }
            return true
        }
        switch b[i] | 0x20 {
        case 0x68: guard matches("http://") || matches("https://") else { return nil }
        case 0x77: guard matches("www.") else { return nil }
        default: return nil
        }
        var j = i
        while j < b.count, b[j] > 0x20 { j += 1 }
        return j
    }

    static func parseNumber(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        var value = 0.0
        var scale = 0.0
        for k in start..<end {
            let c = b[k]
            if isDigit(c) {
                value = value * 10 + Double(c - 0x30)
                if scale > 0 { scale *= 10 }
            } else if c == 0x2E {
                scale = 1
            } else if c == 0x2C {
                var digits = 0
                while k + 1 + digits < end, isDigit(b[k + 1 + digits]) { digits += 1 }
                if digits != 3 { scale = 1 }  // a decimal comma ("3,2"); "1,000" is a thousands separator
            }
        }
        return scale > 0 ? value / scale : value
    }
}
