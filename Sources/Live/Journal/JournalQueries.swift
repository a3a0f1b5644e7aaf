import Foundation
import GRDB
import TradingCore

/// Reading the journal back: for restart recovery (replay), for `sentrade live status|orders|…`
/// and for the dashboard.
extension Journal {
    public func bars(symbol: String) throws -> [JournalBar] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bars WHERE symbol = ? ORDER BY seq", arguments: [symbol]).map(Self.bar)
        }
    }

    static func bar(_ row: Row) throws -> JournalBar {
        let text: String = row["sentiment"]
        let values = try JSONDecoder().decode([Double].self, from: Data(text.utf8))
        return JournalBar(symbol: row["symbol"], seq: row["seq"],
                          bar: Bar(time: Date(timeIntervalSince1970: row["time"]), open: row["open"], high: row["high"],
                                   low: row["low"], close: row["close"], volume: row["volume"]),
                          sentiment: SentimentFeatures(values: values), featureHash: row["feature_hash"], warmup: row["warmup"])
    }

    public func decisions(symbol: String? = nil, limit: Int = Int.max) throws -> [JournalDecision] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM decisions WHERE (? IS NULL OR symbol = ?) ORDER BY time DESC, symbol LIMIT ?
                """, arguments: [symbol, symbol, limit])
            return rows.reversed().map { row in
                JournalDecision(symbol: row["symbol"], seq: row["seq"], time: Date(timeIntervalSince1970: row["time"]),
                                decision: row["decision"], exposure: row["exposure"], equity: row["equity"], detail: row["detail"])
            }
        }
    }

    public func orders(states: [JournalOrderState]? = nil, symbol: String? = nil, limit: Int = Int.max) throws -> [JournalOrder] {
        try read { db in
            var sql = "SELECT * FROM orders WHERE (? IS NULL OR symbol = ?)"
            var arguments: StatementArguments = [symbol, symbol]
            if let states {
                sql += " AND state IN (\(states.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(states.map(\.rawValue))
            }
            sql += " ORDER BY created_at DESC, client_order_id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).reversed().map(Self.order)
        }
    }

    public func order(clientOrderID: String) throws -> JournalOrder? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM orders WHERE client_order_id = ?", arguments: [clientOrderID]).map(Self.order)
        }
    }

    static func order(_ row: Row) -> JournalOrder {
        let side: String = row["side"], state: String = row["state"]
        return JournalOrder(clientOrderID: row["client_order_id"], symbol: row["symbol"], seq: row["seq"],
                            side: Side(rawValue: side) ?? .buy, quantity: row["quantity"],
                            decisionTime: Date(timeIntervalSince1970: row["decision_time"]), decisionPrice: row["decision_price"],
                            closesPosition: row["closes_position"], state: JournalOrderState(rawValue: state) ?? .unknown,
                            brokerOrderID: row["broker_order_id"], brokerStatus: row["broker_status"],
                            filledQuantity: row["filled_quantity"], filledAveragePrice: row["filled_average_price"],
                            commission: row["commission"], slippage: row["slippage"], reason: row["reason"])
    }

    public func fills(symbol: String? = nil) throws -> [JournalFill] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM fills WHERE (? IS NULL OR symbol = ?) ORDER BY applied_seq, rowid",
                             arguments: [symbol, symbol]).map { row in
                let side: String = row["side"]
                return JournalFill(executionID: row["execution_id"], clientOrderID: row["client_order_id"], symbol: row["symbol"],
                                   side: Side(rawValue: side) ?? .buy, quantity: row["quantity"], price: row["price"],
                                   commission: row["commission"], slippage: row["slippage"],
                                   time: Date(timeIntervalSince1970: row["time"]), appliedSeq: row["applied_seq"], source: row["source"])
            }
        }
    }

    public func equity(symbol: String = "*") throws -> [JournalEquity] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM equity WHERE symbol = ? ORDER BY time", arguments: [symbol]).map { row in
                JournalEquity(time: Date(timeIntervalSince1970: row["time"]), symbol: row["symbol"], equity: row["equity"],
                              cash: row["cash"], shares: row["shares"], price: row["price"])
            }
        }
    }

    public func events(kind: String? = nil, limit: Int = Int.max) throws -> [JournalEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events WHERE (? IS NULL OR kind = ?) ORDER BY id DESC LIMIT ?",
                             arguments: [kind, kind, limit]).reversed().map { row in
                JournalEvent(id: row["id"], time: Date(timeIntervalSince1970: row["time"]), kind: row["kind"],
                             symbol: row["symbol"], message: row["message"], riskState: row["risk_state"])
            }
        }
    }

    /// Row counts per table (for `live status` and the bench).
    public func counts() throws -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            for table in ["runs", "bars", "decisions", "orders", "fills", "equity", "positions", "events"] {
                out[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return out
        }
    }

    /// The latest run row: id, mode, strategy, start time, end time and exit reason.
    public func latestRun() throws -> (id: Int64, mode: String, strategy: String, started: Date, ended: Date?, reason: String?)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs ORDER BY id DESC LIMIT 1") else { return nil }
            let ended: Double? = row["ended_at"]
            return (row["id"], row["mode"], row["strategy"], Date(timeIntervalSince1970: row["started_at"]),
                    ended.map { Date(timeIntervalSince1970: $0) }, row["exit_reason"])
        }
    }
}
