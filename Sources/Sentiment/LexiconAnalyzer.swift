import Foundation
import TradingCore

/// The default analyzer: a finance-aware lexicon with rules, no training and no download.
///
/// Evidence is gathered per token — VADER valence (down-weighted) overridden by finance terms,
/// change words multiplied by the sign of the nearby quantity ("loss narrowed", "costs rose"),
/// numeric comparisons ("13.9 % compared to 13.1 %"), negation, boosters, ALL-CAPS emphasis, "but"
/// clauses, exclamation marks — into positive and negative mass, which `LexiconCalibration`
/// turns into Comprehend's four probabilities.
public struct LexiconAnalyzer: SentimentAnalyzer {
    public let name = "lexicon"
    public let normalizer: TextNormalizer
    public var calibration: LexiconCalibration
    /// Weight of VADER's general-English valence relative to finance terms.
    public var vaderWeight: Float
    /// Minimum magnitude of a change word applied to a quantity.
    public var directionWeight: Float
    let table: LexiconTable
    let phrases: LexiconTable

    public init(calibration: LexiconCalibration = .init(), vaderWeight: Float = 0.35, directionWeight: Float = 2.0) {
        let built = LexiconBuilder.build()
        self.table = built.table
        self.phrases = built.phrases
        self.normalizer = TextNormalizer(emoticons: built.emoticons)
        self.calibration = calibration
        self.vaderWeight = vaderWeight
        self.directionWeight = directionWeight
    }

    /// Reusable buffers: pass the same scratch to consecutive calls to avoid allocation.
    public struct Scratch: Sendable {
        var tokens: [Token] = []
        var entries: [LexiconEntry] = []
        var claim: [Int32] = []
        var suppressed: [Bool] = []
        var borrowed: [Token] = []
        public init() {}
    }

    /// Positive and negative evidence mass of a text (both ≥ 0).
    public struct Evidence: Sendable, Hashable {
        public var positive: Double
        public var negative: Double

        public init(positive: Double, negative: Double) {
            self.positive = positive
            self.negative = negative
        }
    }

    /// Synchronous batch scoring (local analyzers never fail).
    public func scoreBatch(_ texts: [String]) -> [SentimentScore] {
        var scratch = Scratch()
        return texts.map { score($0, scratch: &scratch) }
    }

    public func score(_ text: String) -> SentimentScore {
        var scratch = Scratch()
        return score(text, scratch: &scratch)
    }

    public func score(_ text: String, scratch: inout Scratch) -> SentimentScore {
        calibration.score(evidence(text, scratch: &scratch))
    }

    public func evidence(_ text: String, scratch s: inout Scratch) -> Evidence {
        let stats = normalizer.tokenize(text, into: &s.tokens)
        return evidence(stats: stats, scratch: &s)
    }

    /// Evidence from tokens already in `s.tokens` (produced by this analyzer's `normalizer`), so a
    /// caller that tokenised the text for other features need not do it twice.
    public func evidence(tokens: [Token], stats: TextStats, scratch s: inout Scratch) -> Evidence {
        swap(&s.tokens, &s.borrowed)
        s.tokens = tokens
        defer { s.tokens = s.borrowed; s.borrowed = [] }
        return evidence(stats: stats, scratch: &s)
    }

    private func evidence(stats: TextStats, scratch s: inout Scratch) -> Evidence {
        let n = s.tokens.count
        if n == 0 { return Evidence(positive: 0, negative: 0) }
        s.entries.removeAll(keepingCapacity: true)
        s.claim.removeAll(keepingCapacity: true)
        s.suppressed.removeAll(keepingCapacity: true)
        var contrastAt = -1
        for (i, t) in s.tokens.enumerated() {
            var e = table.lookup(t.hash) ?? LexiconEntry()
            if e.isEmpty, t.altHash != t.hash, let alt = table.lookup(t.altHash) { e = alt }
            if t.kind == .number || t.kind == .mention || t.kind == .url || t.kind == .cashtag { e = LexiconEntry() }
            if e.has(LexiconEntry.contrast) { contrastAt = i }
            s.entries.append(e)
            s.claim.append(-1)
            s.suppressed.append(false)
        }
        for i in 0..<(n - 1) where s.entries[i].has(LexiconEntry.phraseStart) {
            if let phrase = phrases.lookup(TokenHash.combine(s.tokens[i].hash, s.tokens[i + 1].hash)) {
                s.entries[i] = phrase
                s.entries[i + 1] = LexiconEntry()
            }
        }
        // Phase 1: change words claim the quantity they modify; comparisons become change words.
        for i in 0..<n {
            var dir = s.entries[i].direction
            if dir == 0, s.entries[i].has(LexiconEntry.compare) { dir = LexiconRules.comparison(s.tokens, at: i) }
            guard dir != 0 else { continue }
            s.entries[i].direction = dir
            if let q = LexiconRules.quantity(for: i, s.tokens, s.entries) {
                s.claim[i] = Int32(q)
                s.suppressed[q] = true
            }
        }
        // Phase 2: contributions.
        let mixedCase = stats.allCapsWords < stats.words
        var pos: Float = 0, neg: Float = 0
        for i in 0..<n where !s.suppressed[i] {
            let e = s.entries[i]
            var v: Float
            if e.direction != 0, s.claim[i] >= 0 {
                let q = s.entries[Int(s.claim[i])].quantity
                let mag = max(abs(e.valence), directionWeight)
                v = Float(e.direction * q) * mag
                if let swing = LexiconRules.swingQuantity(after: i, s.tokens, s.entries), swing == -q {
                    v = Float(q) * mag  // "loss … down from a profit": the quantity itself changed sign
                }
            } else if e.valence != 0 {
                v = e.has(LexiconEntry.finance) ? e.valence : e.valence * vaderWeight
            } else {
                continue
            }
            v = LexiconRules.modify(v, at: i, s.tokens, s.entries, isChange: e.direction != 0)
            if mixedCase, s.tokens[i].has(Token.allCaps) { v += v > 0 ? 0.733 : -0.733 }
            if contrastAt >= 0 { v *= i < contrastAt ? 0.5 : (i > contrastAt ? 1.5 : 1) }
            if v > 0 { pos += v } else { neg -= v }
        }
        let bang = Float(min(stats.exclamations, 4)) * 0.292
        if pos > neg { pos += bang } else if neg > pos { neg += bang }
        return Evidence(positive: Double(pos), negative: Double(neg))
    }
}
