import Foundation

/// Builds the analyzer's `LexiconTable` once per process from VADER's lexicon (general valence)
/// and `FinanceLexicon` (finance valence and the rules' word classes, which override VADER).
enum LexiconBuilder {
    struct Built: Sendable {
        var table: LexiconTable
        /// Keyed by `TokenHash.combine(first, second)`.
        var phrases: LexiconTable
        var emoticons: [String]
    }

    /// Immutable and built on first use; shared by all analyzers.
    static let shared: Built = make()

    static func build() -> Built { shared }

    private static func make() -> Built {
        var table = LexiconTable(capacity: 9_000)
        var emoticons: [String] = []
        for line in vaderLexiconTSV.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let v = Float(fields[1]), let first = fields[0].utf8.first else { continue }
            let token = fields[0]
            let isWord = TextNormalizer.isAlnum(first)
            if !isWord {
                guard token.utf8.count <= 6, !token.contains(" ") else { continue }
                emoticons.append(String(token))
            }
            let h = isWord ? TokenHash.word(token) : TokenHash.raw(token)
            table.update(h) { $0.valence = v }
        }
        for (w, v) in FinanceLexicon.valence {
            table.update(TokenHash.word(w)) { $0.valence = v; $0.roles |= LexiconEntry.finance }
        }
        for (w, v) in FinanceLexicon.emoji {
            table.update(TokenHash.raw(w)) { $0.valence = v; $0.roles |= LexiconEntry.finance }
        }
        for (w, d) in FinanceLexicon.direction { table.update(TokenHash.word(w)) { $0.direction = d } }
        for (w, q) in FinanceLexicon.quantity { table.update(TokenHash.word(w)) { $0.quantity = q } }
        for (w, b) in FinanceLexicon.boosters { table.update(TokenHash.word(w)) { $0.booster = b } }
        for w in FinanceLexicon.negations { table.update(TokenHash.word(w)) { $0.roles |= LexiconEntry.negation } }
        for w in FinanceLexicon.contrasts { table.update(TokenHash.word(w)) { $0.roles |= LexiconEntry.contrast } }
        for w in ["compared", "versus", "vs", "from"] {
            table.update(TokenHash.word(w)) { $0.roles |= LexiconEntry.compare }
        }
        var phrases = LexiconTable(capacity: 64)
        for (a, b, v) in FinanceLexicon.phrases {
            table.update(TokenHash.word(a)) { $0.roles |= LexiconEntry.phraseStart }
            phrases.update(TokenHash.combine(TokenHash.word(a), TokenHash.word(b))) {
                $0.valence = v
                $0.roles = LexiconEntry.finance
            }
        }
        return Built(table: table, phrases: phrases, emoticons: emoticons)
    }
}
