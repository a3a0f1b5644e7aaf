import GRDB

/// The journal's tables, as versioned migrations (GRDB `DatabaseMigrator`): a journal written by
/// an older Sentrade is upgraded in place, and a newer one is refused rather than misread.
///
/// One journal is one strategy's life: every process start adds a `runs` row; bars, decisions,
/// orders, fills, equity, positions and events accumulate across runs, which is what restart
/// recovery replays.
enum JournalSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at REAL NOT NULL, ended_at REAL, exit_reason TEXT,
                    mode TEXT NOT NULL, strategy TEXT NOT NULL, config TEXT NOT NULL,
                    version TEXT NOT NULL, pid INTEGER NOT NULL);
                CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE bars (
                    symbol TEXT NOT NULL, seq INTEGER NOT NULL, time REAL NOT NULL,
                    open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
                    sentiment TEXT NOT NULL, feature_hash TEXT NOT NULL, warmup INTEGER NOT NULL, run_id INTEGER NOT NULL,
                    PRIMARY KEY (symbol, seq));
                CREATE UNIQUE INDEX bars_by_time ON bars(symbol, time);
                CREATE TABLE decisions (
                    symbol TEXT NOT NULL, seq INTEGER NOT NULL, time REAL NOT NULL,
                    decision TEXT NOT NULL, exposure REAL NOT NULL, equity REAL NOT NULL,
                    detail TEXT, run_id INTEGER NOT NULL, PRIMARY KEY (symbol, seq));
                CREATE TABLE orders (
                    client_order_id TEXT PRIMARY KEY, symbol TEXT NOT NULL, seq INTEGER NOT NULL,
                    side TEXT NOT NULL, quantity REAL NOT NULL, decision_time REAL NOT NULL, decision_price REAL NOT NULL,
                    closes_position INTEGER NOT NULL, state TEXT NOT NULL,
                    broker_order_id TEXT, broker_status TEXT,
                    filled_quantity REAL NOT NULL DEFAULT 0, filled_average_price REAL,
                    commission REAL NOT NULL DEFAULT 0, slippage REAL NOT NULL DEFAULT 0,
                    reason TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL, run_id INTEGER NOT NULL);
                CREATE INDEX orders_by_state ON orders(state);
                CREATE TABLE fills (
                    execution_id TEXT PRIMARY KEY, client_order_id TEXT NOT NULL, symbol TEXT NOT NULL,
                    side TEXT NOT NULL, quantity REAL NOT NULL, price REAL NOT NULL,
                    commission REAL NOT NULL, slippage REAL NOT NULL, time REAL NOT NULL,
                    applied_seq INTEGER NOT NULL, source TEXT NOT NULL, run_id INTEGER NOT NULL);
                CREATE INDEX fills_by_symbol ON fills(symbol, applied_seq);
                CREATE TABLE equity (
                    time REAL NOT NULL, symbol TEXT NOT NULL, equity REAL NOT NULL, cash REAL NOT NULL,
                    shares REAL NOT NULL, price REAL NOT NULL, run_id INTEGER NOT NULL, PRIMARY KEY (time, symbol));
                CREATE TABLE positions (
                    time REAL NOT NULL, symbol TEXT NOT NULL, quantity REAL NOT NULL, source TEXT NOT NULL, run_id INTEGER NOT NULL);
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, kind TEXT NOT NULL,
                    symbol TEXT, message TEXT NOT NULL, risk_state TEXT, run_id INTEGER);
                """)
        }
        // v2: operator controls (dashboard pause / resume / kill), queued here and applied by the
        // runner that owns the journal; each row says who asked, from where, when, and what happened.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE controls (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, action TEXT NOT NULL,
                    requested_by TEXT NOT NULL, origin TEXT NOT NULL, reason TEXT,
                    state TEXT NOT NULL DEFAULT 'pending', applied_at REAL, note TEXT);
                CREATE INDEX controls_by_state ON controls(state);
                """)
        }
        return migrator
    }
}
