import Backtest
import Foundation
import TradingCore

/// How the runner trades: `sim` replays history against the in-process simulated broker; `paper`
/// and `live` talk to Alpaca (live only with the double opt-in); `dryRun` decides and journals but
/// sends nothing.
public enum RunMode: String, Sendable, Codable, CaseIterable {
    case sim, paper, live
    case dryRun = "dry-run"
}

/// Everything the trading session needs besides its data, broker and journal.
public struct SessionConfig: Sendable {
    /// Strategy name: part of every client order id, so it must stay the same across restarts.
    public var strategy: String
    public var mode: RunMode
    public var symbols: [String]
    public var timeframe: Timeframe
    /// Strategy capital (split evenly into per-symbol sleeves), costs, fill rule, position rules.
    public var execution: BacktestConfig
    public var limits: RiskLimits
    /// A file whose existence trips the kill switch (checked every cycle).
    public var killFile: String?

    public init(strategy: String, mode: RunMode, symbols: [String], timeframe: Timeframe = .day,
                execution: BacktestConfig = BacktestConfig(), limits: RiskLimits = RiskLimits(), killFile: String? = nil) {
        self.strategy = strategy
        self.mode = mode
        self.symbols = symbols
        self.timeframe = timeframe
        self.execution = execution
        self.limits = limits
        self.killFile = killFile
    }

    public var cashPerSymbol: Double { execution.initialCash / Double(max(symbols.count, 1)) }
}

/// What the market looks like when a cycle runs (live: Alpaca's clock and latest trade).
public struct MarketState: Sendable {
    public var now: Date
    public var isOpen: Bool?
    public var lastTrade: [String: Double]
    public init(now: Date, isOpen: Bool? = nil, lastTrade: [String: Double] = [:]) {
        self.now = now
        self.isOpen = isOpen
        self.lastTrade = lastTrade
    }
}

/// What a start-up found when it replayed the journal and reconciled with the broker.
public struct RecoveryReport: Sendable, CustomStringConvertible {
    public var replayedBars = 0
    public var replayedFills = 0
    public var importedFills = 0
    public var resent = 0
    public var differences: [String] = []

    public var description: String {
        var text = "recovered: \(replayedBars) bars and \(replayedFills) fills replayed, \(importedFills) fills imported, \(resent) orders resent"
        for d in differences { text += "\n  difference: \(d)" }
        return text
    }
}
