import Foundation

/// The scanner's less common steps, kept out of its main loop: non-ASCII scalars, emoticons,
/// cashtags, hashtags, mentions, signed numbers and punctuation.
///
/// They are functions of their own (never inlined) so that the main loop stays small: the
/// optimizer stops inlining into a function with too many blocks, even `@inline(__always)`
/// callees, and the loop's word fast path (`chunkedWord`) must stay inline.
extension TextNormalizer {
    /// One step at a non-ASCII byte `b[i]`: an emoji token, a separator skipped, or a word.
    /// Returns the index after it.
    @inline(never)
    func scanNonASCII(_ b: UnsafeBufferPointer<UInt8>, at i: Int, into tokens: inout TokenWriter,
                      stats: inout TextStats) -> Int {
        let (scalar, len) = Self.decodeScalar(b, at: i)
        if Self.isEmoji(scalar) {
            tokens.append(Token(kind: .emoji, hash: Self.rawHash(b, i, len), altHash: Self.rawHash(b, i, len),
                                start: Int32(i), length: Int32(len)))
            return i + len
        }
        if Self.isSeparator(scalar) { return i + len }
        return scanWord(b, from: i, sign: 1, kind: .word, into: &tokens, stats: &stats)
    }

    /// One step at an ASCII byte `b[i]` that is neither a space nor a letter or digit: at most one
    /// token (an emoticon, `$TICKER`, `#hashtag`, `@mention`, a signed number or punctuation).
    /// Returns the index after it.
    @inline(never)
    func scanSymbol(_ b: UnsafeBufferPointer<UInt8>, at i: Int, into tokens: inout TokenWriter,
                    stats: inout TextStats) -> Int {
        let n = b.count
        let c = b[i]
        if let len = emoticon(b, at: i) {
            let h = Self.rawHash(b, i, len)
            tokens.append(Token(kind: .emoticon, hash: h, altHash: h, start: Int32(i), length: Int32(len)))
            return i + len
        }
        let next: UInt8 = i + 1 < n ? b[i + 1] : 0
        let signable = Self.isDigit(next) && (i == 0 || !Self.isAlnum(b[i - 1]))
        switch c {
        case 0x24 where Self.isLetter(next):  // $TICKER
            var j = i + 1
            var h = TokenHash.mix(TokenHash.offset, 0x24)
            while j < n, j - i <= 12, Self.isLetter(b[j]) || (b[j] == 0x2E && j + 1 < n && Self.isLetter(b[j + 1])) {
                h = TokenHash.mix(h, b[j] | (Self.isLetter(b[j]) ? 0x20 : 0))
                j += 1
            }
            tokens.append(Token(kind: .cashtag, hash: h, altHash: h, start: Int32(i), length: Int32(j - i)))
            stats.cashtags += 1
            return j
        case 0x24 where Self.isDigit(next):  // $12.5
            return scanWord(b, from: i + 1, sign: 1, kind: .word, into: &tokens, stats: &stats)
        case 0x23 where Self.isAlnum(next) || next >= 0x80:  // #hashtag
            let before = tokens.count
            let end = scanWord(b, from: i + 1, sign: 1, kind: .hashtag, into: &tokens, stats: &stats)
            if tokens.count > before {
                tokens.updateLast {
                    $0.start -= 1
                    $0.length += 1
                }
                stats.hashtags += 1
            }
            return end
        case 0x40 where Self.isAlnum(next) || next == 0x5F:  // @mention
            var j = i + 1
            while j < n, Self.isAlnum(b[j]) || b[j] == 0x5F { j += 1 }
            tokens.append(Token(kind: .mention, hash: 0, altHash: 0, start: Int32(i), length: Int32(j - i)))
            stats.mentions += 1
            return j
        case 0x2B where signable, 0x2D where signable:  // +5% / -3.2
            let before = tokens.count
            let end = scanWord(b, from: i + 1, sign: c == 0x2D ? -1 : 1, kind: .word, into: &tokens, stats: &stats)
            if tokens.count > before {
                tokens.updateLast {
                    guard $0.kind == .number else { return }
                    $0.start -= 1
                    $0.length += 1
                }
            }
            return end
        case 0x21, 0x3F, 0x2C, 0x3B, 0x3A, 0x2E, 0x28, 0x29:  // ! ? , ; : . ( )
            if c == 0x21 { stats.exclamations += 1 }
            if c == 0x3F { stats.questions += 1 }
            let h = TokenHash.mix(TokenHash.offset, c)
            tokens.append(Token(kind: .punctuation, hash: h, altHash: h, start: Int32(i), length: 1, value: Double(c)))
            return i + 1
        default:
            return i + 1
        }
    }
}
