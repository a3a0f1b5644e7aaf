import Backtest
import Foundation
import GRDB
import TradingCore

/// Why the journal could not do what was asked; names the file.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The live runner's durable memory: SQLite through GRDB, WAL mode (a dashboard reads while the
/// runner writes), versioned migrations. Decisions and the orders they produce are written in one
/// transaction *before* an order is sent, so a crash at any point leaves a record that recovery can
/// resolve against the broker; fills are keyed by execution id and booked once.
public final class Journal: Sendable {
    public let path: String
    let pool: DatabasePool

    /// - Parameter durable: `synchronous = FULL` (every commit reaches the disk before the order is
    ///   sent; the default for paper and live). Off, commits survive a process crash but not a power cut.
    public init(path: String, durable: Bool = true) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var config = Configuration()
            config.prepareDatabase { db in
                try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                // Checkpoints run between bars (`checkpoint()`), never inside a decision's latency.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            }
            config.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: config)
            let migrator = JournalSchema.migrator()
            try pool.read { db in
                if try migrator.hasBeenSuperseded(db) {
                    throw JournalError("\(path): written by a newer Sentrade (unknown migrations); refusing to use it")
                }
            }
            try migrator.migrate(pool)
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError("journal \(path): \(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let error as JournalError { throw error } catch {
            throw JournalError("journal \(path): \(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw JournalError("journal \(path): \(error)") }
    }

    // MARK: runs and state

    /// Records a process start; returns the run id.
    public func beginRun(mode: String, strategy: String, config: String, version: String) throws -> Int64 {
        try write { db in
            try db.execute(sql: "INSERT INTO runs (started_at, mode, strategy, config, version, pid) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [Date().timeIntervalSince1970, mode, strategy, config, version, Int(getpid())])
            return db.lastInsertedRowID
        }
    }

    public func endRun(_ run: Int64, reason: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE runs SET ended_at = ?, exit_reason = ? WHERE id = ?",
                           arguments: [Date().timeIntervalSince1970, reason, run])
        }
    }

    public func state(_ key: String) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT value FROM state WHERE key = ?", arguments: [key]) }
    }

    public func setState(_ key: String, _ value: String) throws {
        try write { try $0.execute(sql: "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", arguments: [key, value]) }
    }

    // MARK: the decision cycle

    /// Warm-up bars (never traded): recorded so a restart replays the same history.
    public func recordWarmup(_ bars: [JournalBar], run: Int64) throws {
        try write { db in for bar in bars { try insert(bar, run: run, db) } }
    }

    /// One bar's cycle, atomically: the bar, the decision, and the order intent (if any) — all
    /// before the order is sent.
    public func recordCycle(bar: JournalBar, decision: JournalDecision, intent: JournalOrder?, equity: JournalEquity? = nil,
                            run: Int64) throws {
        let now = Date().timeIntervalSince1970
        try write { db in
            try insert(bar, run: run, db)
            if let equity { try insert(equity, run: run, db) }
            try db.execute(sql: """
                INSERT INTO decisions (symbol, seq, time, decision, exposure, equity, detail, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [decision.symbol, decision.seq, decision.time.timeIntervalSince1970, decision.decision,
                                 decision.exposure, decision.equity, decision.detail, run])
            if let o = intent {
                try db.execute(sql: """
                    INSERT INTO orders (client_order_id, symbol, seq, side, quantity, decision_time, decision_price,
                        closes_position, state, created_at, updated_at, run_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'intent', ?, ?, ?)
                    """, arguments: [o.clientOrderID, o.symbol, o.seq, o.side.rawValue, o.quantity,
                                     o.decisionTime.timeIntervalSince1970, o.decisionPrice, o.closesPosition, now, now, run])
            }
        }
    }

    private func insert(_ bar: JournalBar, run: Int64, _ db: Database) throws {
        let sentiment = String(decoding: try JSONEncoder().encode(bar.sentiment.values), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO bars (symbol, seq, time, open, high, low, close, volume, sentiment, feature_hash, warmup, run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [bar.symbol, bar.seq, bar.bar.time.timeIntervalSince1970, bar.bar.open, bar.bar.high,
                             bar.bar.low, bar.bar.close, bar.bar.volume, sentiment, bar.featureHash, bar.warmup, run])
    }

    /// Records an order the risk manager or the engine created outside a decision (kill-switch flattening).
    public func recordIntent(_ o: JournalOrder, run: Int64) throws {
        let now = Date().timeIntervalSince1970
        try write { db in
            try db.execute(sql: """
                INSERT INTO orders (client_order_id, symbol, seq, side, quantity, decision_time, decision_price,
                    closes_position, state, reason, created_at, updated_at, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'intent', ?, ?, ?, ?)
                """, arguments: [o.clientOrderID, o.symbol, o.seq, o.side.rawValue, o.quantity,
                                 o.decisionTime.timeIntervalSince1970, o.decisionPrice, o.closesPosition, o.reason, now, now, run])
        }
    }

    /// The send's outcome: `sent` with the broker's id, `rejected` with the reason, or `unknown`.
    public func markOrder(_ clientOrderID: String, state: JournalOrderState, brokerOrderID: String? = nil,
                          brokerStatus: String? = nil, reason: String? = nil) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE orders SET state = ?, broker_order_id = COALESCE(?, broker_order_id),
                    broker_status = COALESCE(?, broker_status), reason = COALESCE(?, reason), updated_at = ?
                WHERE client_order_id = ?
                """, arguments: [state.rawValue, brokerOrderID, brokerStatus, reason, Date().timeIntervalSince1970, clientOrderID])
        }
    }

    /// Books what a broker report adds to a journaled order: the fill since the last report (by
    /// cumulative filled quantity, so duplicated and replayed reports add nothing) and its status.
    /// Returns the new fill, or nil.
    @discardableResult
    public func applyBrokerReport(_ report: BrokerReport, appliedSeq: Int, run: Int64) throws -> JournalFill? {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM orders WHERE client_order_id = ?",
                                             arguments: [report.clientOrderID]) else { return nil }
            let booked: Double = row["filled_quantity"]
            let bookedAverage: Double? = row["filled_average_price"]
            let bookedCommission: Double = row["commission"], bookedSlippage: Double = row["slippage"]
            let decisionPrice: Double = row["decision_price"]
            var fill: JournalFill?
            let delta = report.filledQuantity - booked
            if delta > 1e-9, let average = report.filledAveragePrice {
                // Price of this slice from the change in cumulative notional.
                let price = booked == 0 ? average : (average * report.filledQuantity - (bookedAverage ?? 0) * booked) / delta
                let commission = report.commission.map { max($0 - bookedCommission, 0) } ?? 0
                let slippage = report.slippageCost.map { max($0 - bookedSlippage, 0) } ?? delta * abs(price - decisionPrice)
                let sideText: String = row["side"]
                let f = JournalFill(executionID: report.executionID ?? "\(report.brokerOrderID):\(Order.decimalText(report.filledQuantity, decimals: 9))",
                                    clientOrderID: report.clientOrderID, symbol: row["symbol"], side: Side(rawValue: sideText) ?? .buy,
                                    quantity: delta, price: price, commission: commission, slippage: slippage,
                                    time: report.time, appliedSeq: appliedSeq, source: report.source)
                try db.execute(literal: """
                    INSERT OR IGNORE INTO fills (execution_id, client_order_id, symbol, side, quantity, price, commission,
                        slippage, time, applied_seq, source, run_id)
                    VALUES (\(f.executionID), \(f.clientOrderID), \(f.symbol), \(f.side.rawValue), \(f.quantity), \(f.price),
                        \(f.commission), \(f.slippage), \(f.time.timeIntervalSince1970), \(f.appliedSeq), \(f.source), \(run))
                    """)
                if db.changesCount > 0 {
                    fill = f
                    try db.execute(sql: """
                        UPDATE orders SET filled_quantity = ?, filled_average_price = ?, commission = commission + ?,
                            slippage = slippage + ? WHERE client_order_id = ?
                        """, arguments: [report.filledQuantity, average, f.commission, f.slippage, report.clientOrderID])
                }
            }
            // A finished order stays finished, and a report older than what is booked changes nothing.
            let state: String = row["state"]
            guard state != JournalOrderState.done.rawValue, report.filledQuantity >= booked - 1e-9 else { return fill }
            let final = BrokerOrder.finalStatuses.contains(report.status)
            let newState = final ? JournalOrderState.done.rawValue : JournalOrderState.sent.rawValue
            try db.execute(sql: """
                UPDATE orders SET state = ?, broker_order_id = ?, broker_status = ?, updated_at = ? WHERE client_order_id = ?
                """, arguments: [newState, report.brokerOrderID, report.status, Date().timeIntervalSince1970, report.clientOrderID])
            return fill
        }
    }

    public func recordEquity(_ points: [JournalEquity], run: Int64) throws {
        try write { db in for p in points { try insert(p, run: run, db) } }
    }

    private func insert(_ p: JournalEquity, run: Int64, _ db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO equity (time, symbol, equity, cash, shares, price, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [p.time.timeIntervalSince1970, p.symbol, p.equity, p.cash, p.shares, p.price, run])
    }

    /// Moves the write-ahead log into the database file (passive: never waits for readers). The
    /// engine calls it between bars, so no decision waits for a checkpoint.
    public func checkpoint() throws {
        do { _ = try pool.writeWithoutTransaction { try $0.checkpoint(.passive) } } catch { throw JournalError("journal \(path): \(error)") }
    }

    public func recordPositions(_ positions: [(symbol: String, quantity: Double)], source: String, run: Int64) throws {
        let now = Date().timeIntervalSince1970
        try write { db in
            for p in positions {
                try db.execute(sql: "INSERT INTO positions (time, symbol, quantity, source, run_id) VALUES (?, ?, ?, ?, ?)",
                               arguments: [now, p.symbol, p.quantity, source, run])
            }
        }
    }

    public func recordEvent(kind: String, symbol: String? = nil, message: String, riskState: String? = nil, run: Int64?) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO events (time, kind, symbol, message, risk_state, run_id) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [Date().timeIntervalSince1970, kind, symbol, message, riskState, run])
        }
    }
}

/// A broker's report on one order (a REST snapshot or a `trade_updates` event), in the terms the
/// journal books: cumulative filled quantity and average price.
public struct BrokerReport: Sendable, Hashable {
    public var clientOrderID: String
    public var brokerOrderID: String
    public var status: String
    public var filledQuantity: Double
    public var filledAveragePrice: Double?
    public var commission: Double?
    public var slippageCost: Double?
    public var executionID: String?
    public var time: Date
    /// `poll`, `stream` or `reconcile`.
    public var source: String

    public init(clientOrderID: String, brokerOrderID: String, status: String, filledQuantity: Double,
                filledAveragePrice: Double?, commission: Double? = nil, slippageCost: Double? = nil,
                executionID: String? = nil, time: Date, source: String) {
        self.clientOrderID = clientOrderID
        self.brokerOrderID = brokerOrderID
        self.status = status
        self.filledQuantity = filledQuantity
        self.filledAveragePrice = filledAveragePrice
        self.commission = commission
        self.slippageCost = slippageCost
        self.executionID = executionID
        self.time = time
        self.source = source
    }
}

