import Crypto
import Foundation
import GRDB
import TradingCore

/// A persistent SQLite cache of remote sentiment scores keyed by (analyzer, SHA-256 of the text),
/// so re-scoring the same posts never pays Comprehend or SageMaker twice.
public final class SentimentCache: Sendable {
    let database: DatabaseQueue

    /// Opens (creating if needed) the cache at `path`; parent directories are created.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        database = try DatabaseQueue(path: path)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS sentiment_cache (
                    analyzer TEXT NOT NULL,
                    text_hash TEXT NOT NULL,
                    positive REAL NOT NULL,
                    negative REAL NOT NULL,
                    neutral REAL NOT NULL,
                    mixed REAL NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (analyzer, text_hash)
                )
                """)
        }
    }

    /// Hex SHA-256 of the text's UTF-8 bytes.
    public static func key(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Cached scores for the given text hashes.
    public func lookup(analyzer: String, keys: [String]) throws -> [String: SentimentScore] {
        guard !keys.isEmpty else { return [:] }
        return try database.read { db in
            var found: [String: SentimentScore] = [:]
            for chunk in stride(from: 0, to: keys.count, by: 500).map({ Array(keys[$0..<min($0 + 500, keys.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(db, sql: """
                    SELECT text_hash, positive, negative, neutral, mixed FROM sentiment_cache
                    WHERE analyzer = ? AND text_hash IN (\(marks))
                    """, arguments: StatementArguments([analyzer] + chunk))
                for row in rows {
                    found[row["text_hash"]] = SentimentScore(positive: row["positive"], negative: row["negative"],
                                                             neutral: row["neutral"], mixed: row["mixed"])
                }
            }
            return found
        }
    }

    public func store(analyzer: String, entries: [(key: String, score: SentimentScore)]) throws {
        guard !entries.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try database.write { db in
            for entry in entries {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO sentiment_cache (analyzer, text_hash, positive, negative, neutral, mixed, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [analyzer, entry.key, entry.score.positive, entry.score.negative,
                                     entry.score.neutral, entry.score.mixed, now])
            }
        }
    }

    public func count() throws -> Int {
        try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sentiment_cache") ?? 0 }
    }
}
