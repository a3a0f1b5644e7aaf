import Foundation
import GRDB

/// An operator's request to the runner that owns a journal: pause, resume or kill. The dashboard
/// (another process) queues it; the runner applies it between steps and records the outcome.
public struct JournalControl: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Codable, CaseIterable {
        /// No new orders; fills are still booked, bars and decisions still journaled.
        case pause
        /// Back to ACTIVE: clears a pause and an operator-acknowledged halt.
        case resume
        /// The kill switch: cancel open orders, flatten if configured, HALTED.
        case kill
    }

    public var id: Int64
    public var time: Date
    public var action: Action
    public var requestedBy: String
    /// Where it came from (e.g. `dashboard 127.0.0.1:53122`).
    public var origin: String
    public var reason: String?
    /// `pending`, `applied` or `rejected`.
    public var state: String
    public var appliedAt: Date?
    public var note: String?
}

extension Journal {
    /// Queues a control for the runner; returns its id.
    @discardableResult
    public func requestControl(_ action: JournalControl.Action, by who: String, origin: String, reason: String? = nil,
                               time: Date = Date()) throws -> Int64 {
        try write { db in
            try db.execute(sql: "INSERT INTO controls (time, action, requested_by, origin, reason) VALUES (?, ?, ?, ?, ?)",
                           arguments: [time.timeIntervalSince1970, action.rawValue, who, origin, reason])
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO events (time, kind, symbol, message, risk_state, run_id) VALUES (?, 'control', NULL, ?, NULL, NULL)",
                           arguments: [time.timeIntervalSince1970, "\(action.rawValue) requested by \(who) (\(origin))\(reason.map { ": \($0)" } ?? "")"])
            return id
        }
    }

    /// Controls the runner has not applied yet, oldest first.
    public func pendingControls() throws -> [JournalControl] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM controls WHERE state = 'pending' ORDER BY id").map(Self.control) }
    }

    /// The latest controls, oldest first.
    public func controls(limit: Int = 50) throws -> [JournalControl] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM controls ORDER BY id DESC LIMIT ?", arguments: [limit]).reversed().map(Self.control)
        }
    }

    /// Records what the runner did with a control.
    public func finishControl(_ id: Int64, applied: Bool, note: String, time: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "UPDATE controls SET state = ?, applied_at = ?, note = ? WHERE id = ?",
                           arguments: [applied ? "applied" : "rejected", time.timeIntervalSince1970, note, id])
        }
    }

    static func control(_ row: Row) -> JournalControl {
        let action: String = row["action"]
        let applied: Double? = row["applied_at"]
        return JournalControl(id: row["id"], time: Date(timeIntervalSince1970: row["time"]),
                              action: JournalControl.Action(rawValue: action) ?? .pause, requestedBy: row["requested_by"],
                              origin: row["origin"], reason: row["reason"], state: row["state"],
                              appliedAt: applied.map { Date(timeIntervalSince1970: $0) }, note: row["note"])
    }

    /// SQLite's `data_version`: changes whenever another connection commits (the dashboard's
    /// cheap "has the journal grown?" check), plus the row counts that matter to a watcher.
    public func changeMarker() throws -> String {
        try read { db in
            let parts = try ["equity", "decisions", "orders", "fills", "events", "controls"].map { table in
                try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM \(table)") ?? 0
            }
            let updated = try Double.fetchOne(db, sql: "SELECT COALESCE(MAX(updated_at), 0) FROM orders") ?? 0
            let state = try String.fetchOne(db, sql: "SELECT group_concat(key || '=' || value, ';') FROM state WHERE key IN ('risk_state', 'paused_by')") ?? ""
            return parts.map(String.init).joined(separator: ".") + ".\(updated).\(state)"
        }
    }
}
