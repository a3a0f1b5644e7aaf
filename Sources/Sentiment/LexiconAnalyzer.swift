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
        var work = Work()
        public init() {}
    }

    /// Per-token working arrays of one text, indexed like its tokens. They only grow: a text uses
    /// the first `tokens.count` elements.
    struct Work: Sendable {
        /// The lexicon's entry for each token (phrases and comparisons folded in).
        var entries: [LexiconEntry] = []
        /// For a change word, the index of the quantity it modifies, else -1.
        var claim: [Int32] = []
        /// Quantities claimed by a change word: they count through it, not on their own.
        var suppressed: [Bool] = []
        /// Indices of the tokens the rules act on (valence, change word, comparison or phrase
        /// start), in order: most tokens have no entry, and the later passes skip them.
        var active: [Int32] = []

        /// The first `count` elements of each array, for one text.
        struct Buffers {
            let entries: UnsafeMutableBufferPointer<LexiconEntry>
            let claim: UnsafeMutableBufferPointer<Int32>
            let suppressed: UnsafeMutableBufferPointer<Bool>
            let active: UnsafeMutableBufferPointer<Int32>
        }

        /// Calls `body` with the first `count` elements of each array (grown as needed; their
        /// contents are left over from earlier texts).
        mutating func withBuffers<R>(count: Int, _ body: (Buffers) -> R) -> R {
            if entries.count < count {
                let more = count - entries.count
                entries.append(contentsOf: repeatElement(LexiconEntry(), count: more))
                claim.append(contentsOf: repeatElement(-1, count: more))
                suppressed.append(contentsOf: repeatElement(false, count: more))
                active.append(contentsOf: repeatElement(0, count: more))
            }
            return entries.withUnsafeMutableBufferPointer { e in
                claim.withUnsafeMutableBufferPointer { c in
                    suppressed.withUnsafeMutableBufferPointer { s in
                        active.withUnsafeMutableBufferPointer { a in
                            body(Buffers(entries: .init(rebasing: e[0..<count]), claim: .init(rebasing: c[0..<count]),
                                         suppressed: .init(rebasing: s[0..<count]), active: .init(rebasing: a[0..<count])))
                        }
                    }
                }
            }
        }
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
        // `s.tokens` only grows: its first `count` tokens are this text's.
        let (count, stats) = normalizer.withScannedTokens(text, storage: &s.tokens) { _, stats, t in (t.count, stats) }
        return evidence(tokens: s.tokens, count: count, stats: stats, work: &s.work)
    }

    /// Evidence from tokens produced by this analyzer's `normalizer`, so a caller that tokenised
    /// the text for other features need not do it twice.
    public func evidence(tokens: [Token], stats: TextStats, scratch s: inout Scratch) -> Evidence {
        evidence(tokens: tokens, stats: stats, work: &s.work)
    }

    func evidence(tokens: [Token], stats: TextStats, work: inout Work) -> Evidence {
        evidence(tokens: tokens, count: tokens.count, stats: stats, work: &work)
    }

    /// Evidence from the first `count` of `tokens` (a scratch array that only grows).
    @inline(__always)
    func evidence(tokens: [Token], count: Int, stats: TextStats, work: inout Work) -> Evidence {
        if count == 0 { return Evidence(positive: 0, negative: 0) }
        return tokens.withUnsafeBufferPointer { t in
            work.withBuffers(count: count) { buffers in
                table.withReader { accumulate(UnsafeBufferPointer(rebasing: t[0..<count]), stats: stats, work: buffers, table: $0) }
            }
        }
    }

    /// The analysis proper, on buffers of `t.count` elements (any content: entries and the active
    /// list are written, claims and suppression reset at the active tokens here): lexicon look-up,
    /// phrases, change words and their quantities, then the contributions with their modifiers.
    /// `table` reads this analyzer's `table` (see `LexiconTable.withReader`).
    private func accumulate(_ t: UnsafeBufferPointer<Token>, stats: TextStats, work: Work.Buffers,
                            table: LexiconTable.Reader) -> Evidence {
        let entries = work.entries, claim = work.claim, suppressed = work.suppressed
        let n = t.count
        var contrastAt = -1
        var activeCount = 0
        let acting = LexiconEntry.compare | LexiconEntry.phraseStart
        for i in 0..<n {
            let token = t[i]
            var e = LexiconEntry()
            switch token.kind {
            case .number, .mention, .url, .cashtag:
                break  // never sentiment words, whatever their hash
            default:
                e = table.lookup(token.hash) ?? LexiconEntry()
                if token.altHash != token.hash, e.isEmpty, let alt = table.lookup(token.altHash) { e = alt }
                if e.has(LexiconEntry.contrast) { contrastAt = i }
                if e.valence != 0 || e.direction != 0 || e.roles & acting != 0 {
                    work.active[activeCount] = Int32(truncatingIfNeeded: i)
                    activeCount &+= 1
                    claim[i] = -1
                    suppressed[i] = false
                }
            }
            entries[i] = e
        }
        // The later passes visit only the active tokens, in order (for the others they did nothing).
        let active = UnsafeBufferPointer(rebasing: work.active[0..<activeCount]).lazy.map { Int($0) }
        for i in active where i < n - 1 && entries[i].has(LexiconEntry.phraseStart) {
            if let phrase = phrases.lookup(TokenHash.combine(t[i].hash, t[i + 1].hash)) {
                entries[i] = phrase
                entries[i + 1] = LexiconEntry()
            }
        }
        // (Claims and suppression are read at active tokens only, so only those were reset above.)
        let view = UnsafeBufferPointer(entries)  // for the rules; sees the updates below
        // Phase 1: change words claim the quantity they modify; comparisons become change words.
        for i in active {
            var dir = entries[i].direction
            if dir == 0, entries[i].has(LexiconEntry.compare) { dir = LexiconRules.comparison(t, at: i) }
            guard dir != 0 else { continue }
            entries[i].direction = dir
            if let q = LexiconRules.quantity(for: i, t, view) {
                claim[i] = Int32(q)
                suppressed[q] = true
            }
        }
        // Phase 2: contributions.
        let mixedCase = stats.allCapsWords < stats.words
        var pos: Float = 0, neg: Float = 0
        for i in active where !suppressed[i] {
            let e = entries[i]
            var v: Float
            if e.direction != 0, claim[i] >= 0 {
                let q = entries[Int(claim[i])].quantity
                let mag = max(abs(e.valence), directionWeight)
                v = Float(e.direction * q) * mag
                if let swing = LexiconRules.swingQuantity(after: i, t, view), swing == -q {
                    v = Float(q) * mag  // "loss … down from a profit": the quantity itself changed sign
                }
            } else if e.valence != 0 {
                v = e.has(LexiconEntry.finance) ? e.valence : e.valence * vaderWeight
            } else {
                continue
            }
            v = LexiconRules.modify(v, at: i, t, view, isChange: e.direction != 0)
            if mixedCase, t[i].has(Token.allCaps) { v += v > 0 ? 0.733 : -0.733 }
            if contrastAt >= 0 { v *= i < contrastAt ? 0.5 : (i > contrastAt ? 1.5 : 1) }
            if v > 0 { pos += v } else { neg -= v }
        }
        let bang = Float(min(stats.exclamations, 4)) * 0.292
        if pos > neg { pos += bang } else if neg > pos { neg += bang }
        return Evidence(positive: Double(pos), negative: Double(neg))
    }
}
