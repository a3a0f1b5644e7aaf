import Foundation

/// The context rules of `LexiconAnalyzer`, kept apart from its accumulation loop: which quantity a
/// change word modifies, what a numeric comparison says, negation and intensity. All work on the
/// token and entry buffers by index, within the clause (they never cross `.`, `;`, `!`, `?`).
enum LexiconRules {
    static let inHash = TokenHash.word("in")
    static let ofHash = TokenHash.word("of")
    static let toHash = TokenHash.word("to")
    static let fromHash = TokenHash.word("from")
    static let window = 8

    @inline(__always) static func isSentenceEnd(_ t: Token) -> Bool {
        t.kind == .punctuation && (t.value == 46 || t.value == 59 || t.value == 33 || t.value == 63)
    }

    /// Index of the quantity a change word at `i` applies to, or nil.
    /// Looks back (up to `window` words, within the sentence, not across "but"), or forward first
    /// when the change word is followed by "in"/"of" ("an increase in net sales").
    static func quantity(for i: Int, _ tokens: UnsafeBufferPointer<Token>, _ entries: UnsafeBufferPointer<LexiconEntry>) -> Int? {
        let forwardFirst = i + 1 < tokens.count && (tokens[i + 1].hash == inHash || tokens[i + 1].hash == ofHash)
        if forwardFirst, let j = forward(from: i, tokens, entries) { return j }
        var words = 0
        var j = i - 1
        while j >= 0, words < window {
            let t = tokens[j]
            if isSentenceEnd(t) || entries[j].has(LexiconEntry.contrast) { break }
            if t.kind == .word || t.kind == .hashtag {
                if entries[j].quantity != 0 { return j }
                words += 1
            }
            j -= 1
        }
        return forwardFirst ? nil : forward(from: i, tokens, entries)
    }

    private static func forward(from i: Int, _ tokens: UnsafeBufferPointer<Token>, _ entries: UnsafeBufferPointer<LexiconEntry>) -> Int? {
        var words = 0
        var j = i + 1
        while j < tokens.count, words < 4 {
            if tokens[j].kind == .punctuation { return nil }
            if tokens[j].kind == .word {
                if entries[j].quantity != 0 { return j }
                words += 1
            }
            j += 1
        }
        return nil
    }

    /// After "down from a profit"/"up from a loss": the quantity named after "from", if any.
    static func swingQuantity(after i: Int, _ tokens: UnsafeBufferPointer<Token>, _ entries: UnsafeBufferPointer<LexiconEntry>) -> Int8? {
        var j = i + 1
        let end = min(tokens.count, i + 3)
        while j < end, tokens[j].hash != fromHash { j += 1 }
        guard j < end else { return nil }
        var k = j + 1
        while k < min(tokens.count, j + 4) {
            if entries[k].quantity != 0 { return entries[k].quantity }
            k += 1
        }
        return nil
    }

    /// Direction given by numbers around a comparison marker at `i`: "A compared to B" → sign(A−B);
    /// "from A to B" → sign(B−A). 0 when the numbers are missing, equal or look like years.
    static func comparison(_ tokens: UnsafeBufferPointer<Token>, at i: Int) -> Int8 {
        if tokens[i].hash == fromHash {
            guard let a = number(tokens, from: i + 1, step: 1, limit: 3) else { return 0 }
            var j = a.index + 1
            while j < min(tokens.count, a.index + 4), tokens[j].hash != toHash { j += 1 }
            guard j < tokens.count, tokens[j].hash == toHash,
                  let b = number(tokens, from: j + 1, step: 1, limit: 3) else { return 0 }
            return sign(b.value - a.value)
        }
        guard let a = number(tokens, from: i - 1, step: -1, limit: 5),
              let b = number(tokens, from: i + 1, step: 1, limit: 5) else { return 0 }
        return sign(a.value - b.value)
    }

    private static func sign(_ d: Double) -> Int8 { d > 0 ? 1 : d < 0 ? -1 : 0 }

    private static func number(_ tokens: UnsafeBufferPointer<Token>, from start: Int, step: Int, limit: Int) -> (index: Int, value: Double)? {
        var j = start
        var seen = 0
        while j >= 0, j < tokens.count, seen < limit {
            let t = tokens[j]
            if isSentenceEnd(t) { return nil }
            if t.kind == .number {
                let v = t.value
                let yearLike = v == v.rounded() && v >= 1900 && v <= 2100 && !t.has(Token.percent)
                if !yearLike { return (j, v) }
            }
            seen += 1
            j += step
        }
        return nil
    }

    /// Applies boosters/dampeners (the three words before; for change words also the two after:
    /// "rose sharply") and negation (the three words before) to a contribution `v`.
    static func modify(_ v: Float, at i: Int, _ tokens: UnsafeBufferPointer<Token>, _ entries: UnsafeBufferPointer<LexiconEntry>, isChange: Bool) -> Float {
        var out = v
        var negated = false
        var j = i - 1
        var distance = 0
        while j >= 0, distance < 3 {
            let t = tokens[j]
            if t.kind == .punctuation { break }
            let e = entries[j]
            if e.booster != 0 {
                let scale: Float = distance == 0 ? 1 : (distance == 1 ? 0.95 : 0.9)
                out += (out > 0 ? e.booster : -e.booster) * scale
            }
            if e.has(LexiconEntry.negation) { negated = true }
            distance += 1
            j -= 1
        }
        if isChange {
            var k = i + 1
            while k < min(tokens.count, i + 3), tokens[k].kind != .punctuation {
                let b = entries[k].booster
                if b != 0 { out += out > 0 ? b : -b }
                k += 1
            }
        }
        return negated ? out * -0.74 : out
    }
}
