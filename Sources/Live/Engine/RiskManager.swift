import Foundation
import TradingCore

/// The runner's limits. Every one is off when nil; the defaults are conservative for a paper account.
public struct RiskLimits: Sendable, Hashable, Codable {
    /// Largest position per symbol, as a fraction of account equity (0.25 = 25%).
    public var maxPositionFraction: Double? = 1
    /// Largest single order, in account currency.
    public var maxOrderNotional: Double? = nil
    /// Largest Σ |position value| / equity.
    public var maxGrossExposure: Double? = 1
    /// Halt when equity falls this fraction below the day's first equity (0.05 = −5% on the day).
    public var dailyLossHalt: Double? = nil
    /// Halt when equity falls this fraction below its peak.
    public var maxDrawdownHalt: Double? = nil
    /// Most orders sent in any 60 s.
    public var maxOrdersPerMinute: Int? = 30
    /// Refuse to trade on a bar whose decision time is older than this many seconds (live only).
    public var maxBarAgeSeconds: Double? = nil
    /// Refuse an order whose decision price is further than this fraction from the last trade.
    public var priceBand: Double? = 0.1
    /// Intraday timeframes: send orders only while the market is open.
    public var marketHoursOnly: Bool = true
    /// The kill switch also closes every position (not only cancels open orders).
    public var flattenOnKill: Bool = true
    /// What an unexplained broker position does on start: `reduce` (REDUCING) or `halt` (HALTED).
    public var onUnexplainedPosition: String = "reduce"

    public init() {}
}

/// ACTIVE trades normally; REDUCING only lets orders shrink positions; HALTED sends nothing.
public enum RiskState: String, Sendable, Codable, Comparable {
    case active = "ACTIVE", reducing = "REDUCING", halted = "HALTED"

    private var rank: Int { self == .active ? 0 : self == .reducing ? 1 : 2 }
    public static func < (a: RiskState, b: RiskState) -> Bool { a.rank < b.rank }
}

/// What the risk manager knows when it checks an order.
public struct RiskContext: Sendable {
    public var symbol: String
    public var now: Date
    public var decisionTime: Date
    /// Shares held in the symbol now (signed).
    public var position: Double
    public var price: Double
    /// Account equity and Σ |position value| over all symbols, at the latest marks.
    public var accountEquity: Double
    public var grossExposureValue: Double
    /// Latest trade price from the market, when the source reports one.
    public var lastTradePrice: Double?
    public var marketOpen: Bool?
    public var intraday: Bool
    /// Orders in whole shares only (caps round down).
    public var wholeShares: Bool

    public init(symbol: String, now: Date, decisionTime: Date, position: Double, price: Double, accountEquity: Double,
                grossExposureValue: Double, lastTradePrice: Double?, marketOpen: Bool?, intraday: Bool, wholeShares: Bool = false) {
        self.wholeShares = wholeShares
        self.symbol = symbol
        self.now = now
        self.decisionTime = decisionTime
        self.position = position
        self.price = price
        self.accountEquity = accountEquity
        self.grossExposureValue = grossExposureValue
        self.lastTradePrice = lastTradePrice
        self.marketOpen = marketOpen
        self.intraday = intraday
    }
}

/// The verdict on one order: approved (possibly reduced, with why) or rejected with a reason.
public enum RiskVerdict: Sendable, Equatable {
    case approved(OrderRequest, notes: [String])
    case rejected(String)
}

/// Checks every order against `RiskLimits` and owns the ACTIVE / REDUCING / HALTED state. Every
/// rejection, reduction and state change is reported to the caller, which journals it.
public struct RiskManager: Sendable {
    public let limits: RiskLimits
    public private(set) var state: RiskState = .active
    public private(set) var stateReason = "start"
    private var sent: [Date] = []

    /// What the daily-loss and drawdown halts remember; journaled after every bar and restored on
    /// start, so the halts work across restarts and `--once` runs.
    public struct Memory: Sendable, Codable, Equatable {
        /// Equity at the last observation of the previous day: the day's reference.
        public var dayStart: Double?
        public var day: LocalDate?
        public var last: Double?
        public var peak = 0.0
    }
    public private(set) var memory = Memory()

    public mutating func restore(_ m: Memory) { memory = m }

    public init(limits: RiskLimits) { self.limits = limits }

    /// Moves to a stricter state (never back: `resume` does that); returns true when it changed.
    @discardableResult
    public mutating func escalate(to new: RiskState, reason: String) -> Bool {
        guard new > state else { return false }
        state = new
        stateReason = reason
        return true
    }

    /// An operator's resume: back to ACTIVE.
    public mutating func resume(reason: String) {
        state = .active
        stateReason = reason
    }

    /// Feeds the latest account equity: trips the daily-loss and drawdown halts. Returns the reason
    /// when it halted now.
    public mutating func observe(equity: Double, at time: Date) -> String? {
        guard equity.isFinite else { return nil }
        let day = LocalDate(time, in: .newYork)
        if memory.day != day {
            // A new day's loss is measured from the previous day's last equity (its close).
            memory.dayStart = memory.last ?? equity
            memory.day = day
        }
        memory.last = equity
        memory.peak = max(memory.peak, equity)
        if let limit = limits.dailyLossHalt, let start = memory.dayStart, equity < start * (1 - limit) {
            let why = String(format: "daily loss halt: equity %.2f is %.2f%% below the previous close %.2f (limit %.2f%%)",
                             equity, 100 * (1 - equity / start), start, 100 * limit)
            if escalate(to: .halted, reason: why) { return why }
        }
        if let limit = limits.maxDrawdownHalt, memory.peak > 0, equity < memory.peak * (1 - limit) {
            let why = String(format: "drawdown halt: equity %.2f is %.2f%% below its peak %.2f (limit %.2f%%)",
                             equity, 100 * (1 - equity / memory.peak), memory.peak, 100 * limit)
            if escalate(to: .halted, reason: why) { return why }
        }
        return nil
    }

    /// Checks one order. Approval counts toward the orders-per-minute throttle.
    public mutating func check(_ request: OrderRequest, _ c: RiskContext) -> RiskVerdict {
        let after = c.position + request.signedQuantity
        let shrinks = abs(after) < abs(c.position) - 1e-12 && (after == 0 || (after > 0) == (c.position > 0))
        switch state {
        case .halted: return .rejected("risk state HALTED (\(stateReason))")
        case .reducing where !shrinks: return .rejected("risk state REDUCING (\(stateReason)): only orders that shrink a position")
        default: break
        }
        if let maxAge = limits.maxBarAgeSeconds, c.now.timeIntervalSince(c.decisionTime) > maxAge {
            return .rejected(String(format: "stale data: the bar's decision time is %.0f s old (limit %.0f s)",
                                    c.now.timeIntervalSince(c.decisionTime), maxAge))
        }
        if limits.marketHoursOnly, c.intraday, c.marketOpen == false {
            return .rejected("market closed (intraday orders only in market hours)")
        }
        if let band = limits.priceBand, let last = c.lastTradePrice, last > 0, abs(c.price / last - 1) > band {
            return .rejected(String(format: "price band: decision price %.4f is %.1f%% from the last trade %.4f (limit %.1f%%)",
                                    c.price, 100 * abs(c.price / last - 1), last, 100 * band))
        }
        var request = request
        var notes: [String] = []
        if !shrinks {
            // Limits that cap how much risk an order may add.
            var maxQuantity = request.quantity
            if let limit = limits.maxOrderNotional, request.quantity * c.price > limit {
                maxQuantity = min(maxQuantity, limit / c.price)
                notes.append(String(format: "order notional capped at %.2f", limit))
            }
            // A flip first closes the current position, which frees its size.
            let held = (after > 0) == (c.position > 0) ? abs(c.position) : -abs(c.position)
            if let limit = limits.maxPositionFraction, c.accountEquity > 0 {
                let room = max(limit * c.accountEquity / c.price - held, 0)
                if room < maxQuantity { maxQuantity = room; notes.append(String(format: "position capped at %.0f%% of equity", 100 * limit)) }
            }
            if let limit = limits.maxGrossExposure, c.accountEquity > 0 {
                let room = max(limit * c.accountEquity - c.grossExposureValue, 0) / c.price
                if room < maxQuantity { maxQuantity = room; notes.append(String(format: "gross exposure capped at %.0f%%", 100 * limit)) }
            }
            if c.wholeShares { maxQuantity = maxQuantity.rounded(.down) }
            if maxQuantity < request.quantity {
                guard maxQuantity > 1e-9 else { return .rejected(notes.joined(separator: "; ") + ": no room left") }
                request.quantity = maxQuantity
                request.closesPosition = false
            }
        }
        if let limit = limits.maxOrdersPerMinute {
            sent.removeAll { c.now.timeIntervalSince($0) >= 60 }
            guard sent.count < limit else { return .rejected("throttle: \(limit) orders in the last 60 s") }
            sent.append(c.now)
        }
        return .approved(request, notes: notes)
    }
}
