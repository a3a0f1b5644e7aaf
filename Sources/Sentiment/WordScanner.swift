import Foundation

/// What scanning one word found: where it ends, its hashes and the counts `TextStats` needs.
struct WordScan {
    /// Index after the word (equal to its start when there was no word).
    var end: Int
    /// Hash of the lowercased bytes, letter runs cut to two (`Token.hash`).
    var hash: UInt64
    /// For elongated words the hash with letter runs cut to one, else `hash` (`Token.altHash`).
    var altHash: UInt64
    /// ASCII letters in the word.
    var letters: Int
    /// At least two ASCII letters, none of them lowercase.
    var allCaps: Bool
    /// Non-ASCII scalars in the word.
    var nonASCII: Int
    /// Only digits (and digit separators): the word is a number.
    var digitsOnly: Bool
    /// Some letter appears more than twice in a row ("soooo").
    var elongated: Bool
}

extension TextStats {
    /// Appends the token of a word (not a number) scanned from `start`, and counts it.
    @inline(__always)
    mutating func appendWord(_ w: WordScan, kind: TokenKind, start: Int, to tokens: inout TokenWriter) {
        var flags: UInt8 = w.elongated ? Token.elongated : 0
        if w.allCaps { flags |= Token.allCaps; allCapsWords &+= 1 }
        words &+= 1
        asciiLetters &+= w.letters
        nonASCIILetters &+= w.nonASCII
        tokens.append(Token(kind: kind, hash: w.hash, altHash: w.altHash, start: Int32(truncatingIfNeeded: start),
                            length: Int32(truncatingIfNeeded: w.end - start), flags: flags))
    }
}

extension TextNormalizer {
    /// Scans a word or number starting at `start` and appends its token; returns the index after it.
    /// (`b` holds at most `maxBytes`, so offsets fit in the tokens' 32-bit fields.)
    func scanWord(_ b: UnsafeBufferPointer<UInt8>, from start: Int, sign: Double, kind: TokenKind,
                  into tokens: inout TokenWriter, stats: inout TextStats) -> Int {
        let n = b.count
        let first = b[start] | 0x20
        if kind == .word, first == 0x68 || first == 0x77, let url = Self.urlEnd(b, at: start) {  // h…, w…
            tokens.append(Token(kind: .url, hash: 0, altHash: 0, start: Int32(truncatingIfNeeded: start),
                                length: Int32(truncatingIfNeeded: url - start)))
            stats.urls &+= 1
            return url
        }
        let w = Self.chunkedWord(b, from: start) ?? Self.plainWord(b, from: start) ?? Self.anyWord(b, from: start)
        let j = w.end
        if j == start { return start + 1 }  // defensive: always make progress
        if w.digitsOnly && kind == .word {
            var flags: UInt8 = sign < 0 || (start > 0 && b[start - 1] == 0x2B) ? Token.signed : 0
            var end = j
            if end < n, b[end] == 0x25 { flags |= Token.percent; end += 1 }
            let value = sign * Self.parseNumber(b, start, j)
            tokens.append(Token(kind: .number, hash: TokenHash.mix(TokenHash.offset, 0x30), altHash: 0,
                                start: Int32(truncatingIfNeeded: start), length: Int32(truncatingIfNeeded: end - start),
                                flags: flags, value: value))
            return end
        }
        stats.appendWord(w, kind: kind, start: start, to: &tokens)
        return j
    }

    /// The common case in one tight loop: ASCII letters and digits (and the apostrophes and digit
    /// separators that `anyWord` skips too), no letter three times in a row, ended by an ASCII byte.
    /// Nil when the word needs `anyWord` (non-ASCII bytes, elongation, no word at all); whenever it
    /// answers, its answer is the one `anyWord` would give (pinned by `FastPathEquivalenceTests`).
    @inline(__always)
    static func plainWord(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> WordScan? {
        let n = b.count
        var j = start
        var h = TokenHash.offset
        var last: UInt8 = 0, beforeLast: UInt8 = 0  // the previous two bytes hashed (a run of three is elongation)
        var letters = 0
        var caseBits: UInt8 = 0  // OR of the letters: bit 0x20 is set iff one was lowercase
        while j < n {
            let c = b[j]
            let folded = c | 0x20
            if folded &- 0x61 < 26 {
                if folded == last && folded == beforeLast { return nil }
                letters &+= 1
                caseBits |= c
                h = TokenHash.mix(h, folded)
                beforeLast = last
                last = folded
            } else if c &- 0x30 < 10 {
                h = TokenHash.mix(h, c)
                beforeLast = last
                last = c
            } else if c >= 0x80 {
                return nil
            } else if j == start || j + 1 >= n {
                break
            } else if c == 0x27 {  // "don't": the apostrophe is dropped
                guard isLetter(b[j + 1]) else { break }
            } else if (c == 0x2E || c == 0x2C) && letters == 0 {  // "1,000.5"
                guard isDigit(b[j + 1]) else { break }
            } else {
                break
            }
            j &+= 1
        }
        if j == start { return nil }
        return WordScan(end: j, hash: h, altHash: h, letters: letters, allCaps: letters >= 2 && caseBits & 0x20 == 0,
                        nonASCII: 0, digitsOnly: letters == 0, elongated: false)
    }

    /// Any word: ASCII is lowercased, apostrophes (also ’ and ‘) inside words and digit separators
    /// dropped, letter runs cut to two (and, for `altHash`, to one); non-ASCII scalars other than
    /// emoji and separators are part of the word, hashed as their bytes.
    static func anyWord(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> WordScan {
        let n = b.count
        var j = start
        var h2 = TokenHash.offset, h1 = TokenHash.offset
        var last: UInt8 = 0
        var run = 0
        var upper = 0, lower = 0, nonASCII = 0
        var digitsOnly = true
        var elongated = false
        while j < n {
            let c = b[j]
            if c < 0x80 {
                if isAlnum(c) {
                    let isUp = c >= 0x41 && c <= 0x5A
                    let lc = isUp ? c | 0x20 : c
                    if isUp { upper += 1 } else if lc >= 0x61 { lower += 1 }
                    if !isDigit(c) { digitsOnly = false }
                    if lc == last { run += 1 } else { run = 1; last = lc }
                    let letter = lc >= 0x61
                    if run <= 2 || !letter { h2 = TokenHash.mix(h2, lc) } else { elongated = true }
                    if run <= 1 || !letter { h1 = TokenHash.mix(h1, lc) }
                    j += 1
                } else if c == 0x27, j > start, j + 1 < n, isLetter(b[j + 1]) {
                    j += 1
                } else if (c == 0x2E || c == 0x2C), digitsOnly, j > start, j + 1 < n, isDigit(b[j + 1]) {
                    j += 1
                } else {
                    break
                }
            } else {
                let (scalar, len) = decodeScalar(b, at: j)
                if (scalar == 0x2019 || scalar == 0x2018), j > start, j + len < n, isLetter(b[j + len]) {
                    j += len
                    continue
                }
                if isEmoji(scalar) || isSeparator(scalar) { break }
                for k in j..<(j + len) {
                    h2 = TokenHash.mix(h2, b[k])
                    h1 = TokenHash.mix(h1, b[k])
                }
                nonASCII += 1
                digitsOnly = false
                last = 0
                j += len
            }
        }
        return WordScan(end: j, hash: h2, altHash: elongated ? h1 : h2, letters: upper + lower,
                        allCaps: upper >= 2 && lower == 0, nonASCII: nonASCII, digitsOnly: digitsOnly, elongated: elongated)
    }
}
