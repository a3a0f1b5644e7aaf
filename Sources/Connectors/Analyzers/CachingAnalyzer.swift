import Foundation
import Sentiment
import TradingCore

/// Wraps a remote analyzer with the SQLite cache: cached texts are answered locally, the rest
/// (deduplicated) go to the remote analyzer in one batch, and their scores are stored.
public struct CachingAnalyzer: SentimentAnalyzer {
    public let inner: any SentimentAnalyzer
    public let cache: SentimentCache
    public let stats: CacheStats
    public var name: String { inner.name }

    public init(inner: any SentimentAnalyzer, cache: SentimentCache) {
        self.inner = inner
        self.cache = cache
        self.stats = CacheStats()
    }

    public func score(_ texts: [String]) async throws -> [SentimentScore] {
        let keys = texts.map(SentimentCache.key)
        var known = try cache.lookup(analyzer: inner.name, keys: keys)
        var missingTexts: [String] = []
        var missingKeys: [String] = []
        var seen = Set<String>()
        for (key, text) in zip(keys, texts) where known[key] == nil && seen.insert(key).inserted {
            missingKeys.append(key)
            missingTexts.append(text)
        }
        stats.add(hits: texts.count - missingTexts.count, misses: missingTexts.count)
        if !missingTexts.isEmpty {
            let fresh = try await inner.score(missingTexts)
            guard fresh.count == missingTexts.count else {
                throw ConnectorError.decoding(service: inner.name, message: "analyzer returned \(fresh.count) scores for \(missingTexts.count) texts")
            }
            try cache.store(analyzer: inner.name, entries: Array(zip(missingKeys, fresh)).map { (key: $0.0, score: $0.1) })
            for (key, score) in zip(missingKeys, fresh) { known[key] = score }
        }
        return keys.map { known[$0] ?? .neutralScore }
    }
}

/// Hit/miss counters of a `CachingAnalyzer`, for the CLI's summary.
public final class CacheStats: @unchecked Sendable {
    private let lock = NSLock()
    private var hitCount = 0
    private var missCount = 0

    public init() {}

    func add(hits: Int, misses: Int) {
        lock.lock()
        hitCount += hits
        missCount += misses
        lock.unlock()
    }

    public var hits: Int { lock.lock(); defer { lock.unlock() }; return hitCount }
    public var misses: Int { lock.lock(); defer { lock.unlock() }; return missCount }
}
