import Foundation
import TradingCore

/// Why a post was removed. Every removal is counted under exactly one reason (the first that
/// applies, in this order), never silently.
public enum FilterReason: String, Sendable, Hashable, Codable, CaseIterable {
    case retweet
    case linkOnly = "link_only"
    case tooManyCashtags = "too_many_cashtags"
    case nonEnglish = "non_english"
    case exactDuplicate = "exact_duplicate"
    case nearDuplicate = "near_duplicate"
    case botAuthor = "bot_author"
}

/// Settings of `PostFilter`.
public struct PostFilterConfig: Sendable, Hashable, Codable {
    /// Posts tagging more cashtags than this are spam ("$AAPL $MSFT $GOOG $FB $TSLA …").
    public var maxCashtags: Int
    public var dropRetweets: Bool
    public var dropLinkOnly: Bool
    public var dropNonEnglish: Bool
    public var dropNearDuplicates: Bool
    /// An author whose posts repeat the same (near-)text this many times is treated as a bot and
    /// all their later posts are dropped.
    public var botRepeats: Int
    /// How many recent texts are remembered for duplicate detection (memory bound for live use).
    public var memory: Int

    public init(maxCashtags: Int = 4, dropRetweets: Bool = true, dropLinkOnly: Bool = true, dropNonEnglish: Bool = true,
                dropNearDuplicates: Bool = true, botRepeats: Int = 3, memory: Int = 200_000) {
        self.maxCashtags = maxCashtags
        self.dropRetweets = dropRetweets
        self.dropLinkOnly = dropLinkOnly
        self.dropNonEnglish = dropNonEnglish
        self.dropNearDuplicates = dropNearDuplicates
        self.botRepeats = botRepeats
        self.memory = memory
    }
}

/// Counts of a filter run: how many posts were seen, kept, and removed for each reason.
public struct FilterStats: Sendable, Hashable, Codable {
    public var seen = 0
    public var kept = 0
    public var removed: [FilterReason: Int] = [:]

    public init() {}

    public var removedTotal: Int { removed.values.reduce(0, +) }

    public mutating func add(_ other: FilterStats) {
        seen += other.seen
        kept += other.kept
        for (k, v) in other.removed { removed[k, default: 0] += v }
    }
}

/// Removes spam and repeats from a post stream, statefully and in time order, so that the same
/// code serves history (fed bar by bar) and live (fed as posts arrive) with bounded memory.
public struct PostFilter: Sendable {
    public let config: PostFilterConfig
    let normalizer = TextNormalizer()
    private var recent = RecentHashes()
    private var nearRecent = RecentHashes()
    private var authorRepeats: [String: Int] = [:]
    private var authorTexts = RecentHashes()
    private var bots: Set<String> = []
    private var tokens: [Token] = []
    public private(set) var totals = FilterStats()

    public init(config: PostFilterConfig = .init()) {
        self.config = config
    }

    /// Filters a batch (in order); returns the kept posts and this batch's counts.
    public mutating func filter(_ posts: [Post]) -> (kept: [Post], stats: FilterStats) {
        var stats = FilterStats()
        var kept: [Post] = []
        kept.reserveCapacity(posts.count)
        for p in posts {
            stats.seen += 1
            if let reason = check(p) {
                stats.removed[reason, default: 0] += 1
            } else {
                stats.kept += 1
                kept.append(p)
            }
        }
        totals.add(stats)
        return (kept, stats)
    }

    /// The reason `post` is removed, or nil to keep it. Updates the duplicate/bot memory.
    public mutating func check(_ post: Post) -> FilterReason? {
        let keys = PostKeys(post.text, normalizer: normalizer, tokens: &tokens)
        let s = keys.stats
        if config.dropRetweets, s.isRetweet { return .retweet }
        if config.dropLinkOnly, s.urls > 0, keys.plainWords <= 1 { return .linkOnly }
        if s.cashtags > config.maxCashtags { return .tooManyCashtags }
        if config.dropNonEnglish, !Self.looksEnglish(lang: post.lang, keys: keys) { return .nonEnglish }
        let cap = config.memory
        if !post.authorID.isEmpty, bots.contains(post.authorID) { return .botAuthor }
        if !post.authorID.isEmpty {
            let authorKey = TokenHash.combine(TokenHash.raw(post.authorID), keys.near)
            if authorTexts.insert(authorKey, capacity: cap) == false {
                authorRepeats[post.authorID, default: 1] += 1
                if authorRepeats[post.authorID, default: 0] >= config.botRepeats { bots.insert(post.authorID) }
            }
        }
        if !recent.insert(keys.exact, capacity: cap) { return .exactDuplicate }
        if config.dropNearDuplicates, keys.plainWords >= 1, !nearRecent.insert(keys.near, capacity: cap) { return .nearDuplicate }
        return nil
    }

    static let englishWords: Set<UInt64> = Set("the a an and or to of in on for is are was be it this that with at by from not will has have you i my we up down buy sell".split(separator: " ").map { TokenHash.word($0) })
    static let foreignWords: Set<UInt64> = Set("der die das und ist nicht el los las que por para una con le les des est une pas il di che della non per é não com uma".split(separator: " ").map { TokenHash.word($0) })

    /// `lang` when the source gives a definite one; otherwise a script and function-word heuristic.
    static func looksEnglish(lang: String?, keys: PostKeys) -> Bool {
        if let lang, !lang.isEmpty, lang != "und" { return lang == "en" || lang.hasPrefix("en-") }
        let s = keys.stats
        if s.nonASCIILetters > s.asciiLetters { return false }
        return !(keys.foreignWords >= 2 && keys.foreignWords > keys.englishWords)
    }
}

/// Hashes and counts of one post used by the filters.
struct PostKeys {
    var exact: UInt64
    var near: UInt64
    var plainWords = 0
    var englishWords = 0
    var foreignWords = 0
    var stats: TextStats

    /// `exact`: the lowercased text with whitespace collapsed. `near`: only the word, hashtag,
    /// cashtag and emoji tokens, so posts differing in URLs, mentions, numbers, punctuation or an
    /// "RT" prefix collide.
    init(_ text: String, normalizer: TextNormalizer, tokens: inout [Token]) {
        var e = TokenHash.offset
        var space = true
        for var b in text.utf8 {
            if b <= 0x20 { if !space { e = TokenHash.mix(e, 0x20) }; space = true; continue }
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            e = TokenHash.mix(e, b)
            space = false
        }
        exact = e
        stats = normalizer.tokenize(text, into: &tokens)
        var n = TokenHash.offset
        let rt = TokenHash.word("rt")
        var pw = 0, en = 0, fo = 0
        for t in tokens {
            switch t.kind {
            case .word:
                if t.hash == rt { continue }
                pw += 1
                if PostFilter.englishWords.contains(t.hash) { en += 1 }
                if PostFilter.foreignWords.contains(t.hash) { fo += 1 }
                n = TokenHash.combine(n, t.hash)
            case .hashtag, .cashtag, .emoji:
                n = TokenHash.combine(n, t.hash)
            default:
                continue
            }
        }
        near = n
        plainWords = pw
        englishWords = en
        foreignWords = fo
    }
}

/// A set of recent hashes with first-in-first-out eviction beyond a capacity.
struct RecentHashes: Sendable {
    private var set: Set<UInt64> = []
    private var order: [UInt64] = []
    private var head = 0

    /// Inserts; returns false when the hash was already present.
    mutating func insert(_ h: UInt64, capacity: Int) -> Bool {
        guard set.insert(h).inserted else { return false }
        order.append(h)
        if order.count - head > capacity {
            set.remove(order[head])
            head += 1
            if head > 4096 && head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
        }
        return true
    }
}
