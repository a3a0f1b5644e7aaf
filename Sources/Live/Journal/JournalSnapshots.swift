import Foundation
import GRDB
import TradingCore

/// Queries a watcher of the journal needs (the dashboard, `sentrade live status`): the latest mark
/// per symbol, the runner's heartbeat, the latest run's process id.
extension Journal {
    /// The latest equity row of every symbol (not the account row `*`).
    public func latestMarks() throws -> [JournalEquity] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.* FROM equity e JOIN (SELECT symbol, MAX(time) AS t FROM equity WHERE symbol != '*' GROUP BY symbol) m
                ON e.symbol = m.symbol AND e.time = m.t ORDER BY e.symbol
                """).map { row in
                JournalEquity(time: Date(timeIntervalSince1970: row["time"]), symbol: row["symbol"], equity: row["equity"],
                              cash: row["cash"], shares: row["shares"], price: row["price"])
            }
        }
    }

    /// When the runner last finished a cycle and its poll interval (nil before the first cycle, or
    /// for `--sim` and `--once` sessions that do not poll).
    public func heartbeat() throws -> (time: Date, pollSeconds: Double)? {
        guard let text = try state("heartbeat") else { return nil }
        let parts = text.split(separator: " ").compactMap { Double($0) }
        guard parts.count == 2 else { return nil }
        return (Date(timeIntervalSince1970: parts[0]), parts[1])
    }

    /// The process id recorded by the latest run.
    public func latestRunPID() throws -> Int32? {
        try read { db in try Int.fetchOne(db, sql: "SELECT pid FROM runs ORDER BY id DESC LIMIT 1").map { Int32(truncatingIfNeeded: $0) } }
    }
}
