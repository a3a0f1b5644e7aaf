import Foundation

/// Eight bytes of text classified at once (SWAR): which are ASCII letters or digits, and their
/// lowercase form. Masks have the high bit of each byte set where the byte qualifies; byte 0 is
/// the first in the text.
struct ByteChunk {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// The bytes as they are.
    let raw: UInt64
    /// The bytes with their high bit cleared.
    let low7: UInt64
    /// ASCII letters lowercased, digits unchanged (other bytes: meaningless).
    let folded: UInt64
    let letters: UInt64
    let alnum: UInt64

    @inline(__always)
    init(_ p: UnsafePointer<UInt8>) {
        let x = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        raw = x
        let ascii = ~x & Self.high
        low7 = x & ~Self.high
        folded = low7 | (0x20 &* Self.ones)
        letters = Self.inRange(folded, 0x61, 0x7A) & ascii
        alnum = letters | (Self.inRange(low7, 0x30, 0x39) & ascii)
    }

    /// How many bytes from the start are letters or digits (0...8).
    @inline(__always) var alnumRun: Int { (~alnum & Self.high).trailingZeroBitCount &>> 3 }

    /// Bytes where `lo ≤ v ≤ hi` (every byte of `v` below 0x80, so no carry crosses bytes).
    @inline(__always)
    static func inRange(_ v: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
        (v &+ (0x80 &- lo) &* ones) & ~(v &+ (0x7F &- hi) &* ones) & high
    }

    /// Bytes equal to zero (exactly: no false positives from borrows).
    @inline(__always)
    static func zeroBytes(_ v: UInt64) -> UInt64 { ~(((v & ~high) &+ ~high) | v) & high }

    /// Bytes equal (folded) to both bytes before them: the third of a run (a byte equal to the
    /// one before, which itself equals the one before it).
    @inline(__always)
    var tripled: UInt64 {
        let repeated = Self.zeroBytes(folded ^ folded &<< 8)  // folded bytes are never 0: none at byte 0
        return repeated & repeated &<< 8
    }

    /// `h` extended by FNV-1a with the first `count` (≤ 8) folded bytes, without a branch per byte.
    @inline(__always)
    func hash(_ h: UInt64, count: Int) -> UInt64 {
        var h = h
        for k in 0..<8 {
            let next = TokenHash.mix(h, UInt8(truncatingIfNeeded: folded &>> UInt64(8 &* k)))
            h = k < count ? next : h
        }
        return h
    }

    /// Whether the bytes start `http://`, `https://` or `www.` (compared as `urlEnd` does, each
    /// byte with bit 0x20 set), without a branch on the first letter.
    @inline(__always) var startsURL: Bool {
        let lower = raw | 0x2020_2020_2020_2020
        return lower & 0x00FF_FFFF_FFFF_FFFF == 0x2F2F_3A70_7474_68 || lower == 0x2F2F_3A73_7074_7468
            || lower & 0xFFFF_FFFF == 0x2E77_7777
    }

    /// How many bytes of `mask` have their high bit set (no other bits may be set): their bits
    /// moved to the low end and summed into the top byte by one multiplication. (`nonzeroBitCount`
    /// is ~20 instructions on the baseline x86-64 target, which has no POPCNT.)
    @inline(__always)
    static func countHighBits(_ mask: UInt64) -> Int { Int(truncatingIfNeeded: ((mask &>> 7) &* ones) &>> 56) }

    /// The high bits of the first `count` (≤ 8) bytes.
    @inline(__always)
    static func prefix(_ count: Int) -> UInt64 { count >= 8 ? high : high & ((1 &<< UInt64(8 &* count)) &- 1) }
}

extension TextNormalizer {
    /// Words of 1–7 ASCII letters and digits ended by a plain ASCII byte, classified and hashed
    /// as one 8-byte chunk with no branch per byte (whose mispredicted exit, once per word, cost
    /// more than the rest of the word). Nil when the word needs `plainWord` (longer, within 8
    /// bytes of the end, elongated, or ended by a byte that may continue it); whenever it answers,
    /// its answer is `plainWord`'s (pinned by `FastPathEquivalenceTests`). Longer words (a second
    /// chunk, or handing the first 8 bytes over to `plainWord`) measured no faster.
    @inline(__always)
    static func chunkedWord(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> WordScan? {
        guard start &+ 8 < b.count else { return nil }
        // A non-empty buffer always has a base address (no test per word for the nil case).
        let chunk = ByteChunk(b.baseAddress.unsafelyUnwrapped + start)
        let length = chunk.alnumRun
        guard length > 0, length < 8 else { return nil }
        let stop = b[start &+ length]
        let letters = chunk.letters & ByteChunk.prefix(length)
        let letterCount = ByteChunk.countHighBits(letters)
        // Non-ASCII, an apostrophe, a digit separator after digits, elongation: `plainWord`'s cases.
        // A URL's scheme or "www" is followed by ':' or '.', so only then is the chunk compared.
        guard stop < 0x80, stop != 0x27, letterCount > 0 || (stop != 0x2E && stop != 0x2C),
              chunk.tripled & letters == 0, (stop != 0x3A && stop != 0x2E) || !chunk.startsURL else { return nil }
        let h = chunk.hash(TokenHash.offset, count: length)
        return WordScan(end: start &+ length, hash: h, altHash: h, letters: letterCount,
                        allCaps: letterCount >= 2 && letters & chunk.low7 &<< 2 == 0,  // bit 0x20 (lowercase) moved up
                        nonASCII: 0, digitsOnly: letterCount == 0, elongated: false)
    }
}
