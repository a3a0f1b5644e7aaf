import Foundation
import TradingCore

/// One round trip: from opening a position (from flat, or by flipping) to closing or flipping it.
/// `pnl` is the change in equity over the trip, fees and slippage included, so the trips of a run
/// (the last one marked to market if still open) add up to its equity change.
public struct RoundTrip: Sendable, Hashable, Codable {
    public var symbol: String
    /// `long` or `short`.
    public var side: String
    public var entryTime: Date
    /// Nil while the position is still open (then `exitPrice` is the mark price).
    public var exitTime: Date?
    /// Average fill price of the shares that opened (or added to) the position.
    public var entryPrice: Double
    /// Average fill price of the shares that reduced it (the mark when still open).
    public var exitPrice: Double
    /// Largest number of shares held during the trip.
    public var quantity: Double
    /// Commission plus slippage paid on the trip's fills.
    public var fees: Double
    public var pnl: Double
    /// `pnl` over the entry notional (entry price × quantity).
    public var returnFraction: Double
    /// Bars from the entry fill's bar to the exit fill's bar (or the last bar).
    public var barsHeld: Int

    public init(symbol: String, side: String, entryTime: Date, exitTime: Date?, entryPrice: Double, exitPrice: Double,
                quantity: Double, fees: Double, pnl: Double, returnFraction: Double, barsHeld: Int) {
        self.symbol = symbol
        self.side = side
        self.entryTime = entryTime
        self.exitTime = exitTime
        self.entryPrice = entryPrice
        self.exitPrice = exitPrice
        self.quantity = quantity
        self.fees = fees
        self.pnl = pnl
        self.returnFraction = returnFraction
        self.barsHeld = barsHeld
    }

    public static let csvHeader = "symbol,side,entry_time,exit_time,entry_price,exit_price,quantity,fees,pnl,return,bars_held\n"

    /// The round trips of several runs in one CSV: `labels` name the run each trip belongs to
    /// (e.g. `contender,seed,fold`), in front of the usual columns.
    public static func csv(labelColumns: [String], groups: [(labels: [String], trips: [RoundTrip])]) -> String {
        var out = labelColumns.map(CSVText.field).joined(separator: ",") + "," + csvHeader
        for group in groups {
            let prefix = group.labels.map(CSVText.field).joined(separator: ",") + ","
            for trip in group.trips { out += prefix + trip.csvRow }
        }
        return out
    }

    public var csvRow: String {
        CSVText.row([symbol, side, ISO8601.string(entryTime), exitTime.map(ISO8601.string) ?? "", "\(entryPrice)", "\(exitPrice)",
                     "\(quantity)", "\(fees)", "\(pnl)", "\(returnFraction)", "\(barsHeld)"])
    }
}

/// Trade statistics beside the metrics, each defined over a run's round trips.
public struct TradeStatistics: Sendable, Hashable, Codable {
    public var trades: Int
    /// Share of round trips with PnL > 0.
    public var winRate: Double
    /// Gross profit / gross loss (sum of winning PnL over the absolute sum of losing PnL; infinity without losers).
    public var profitFactor: Double
    /// Mean PnL of winning trips, and of losing trips (≤ 0).
    public var averageWin: Double
    public var averageLoss: Double
    /// Mean PnL per trip.
    public var expectancy: Double
    public var best: Double
    public var worst: Double
    /// Mean bars held.
    public var averageBarsHeld: Double

    public init(_ trips: [RoundTrip]) {
        let wins = trips.map(\.pnl).filter { $0 > 0 }, losses = trips.map(\.pnl).filter { $0 <= 0 }
        let grossLoss = -losses.reduce(0, +)
        trades = trips.count
        winRate = trips.isEmpty ? 0 : Double(wins.count) / Double(trips.count)
        profitFactor = grossLoss > 0 ? wins.reduce(0, +) / grossLoss : (wins.isEmpty ? 0 : .infinity)
        averageWin = wins.isEmpty ? 0 : wins.reduce(0, +) / Double(wins.count)
        averageLoss = losses.isEmpty ? 0 : losses.reduce(0, +) / Double(losses.count)
        expectancy = trips.isEmpty ? 0 : trips.map(\.pnl).reduce(0, +) / Double(trips.count)
        best = trips.map(\.pnl).max() ?? 0
        worst = trips.map(\.pnl).min() ?? 0
        averageBarsHeld = trips.isEmpty ? 0 : Double(trips.map(\.barsHeld).reduce(0, +)) / Double(trips.count)
    }
}

/// Records what a run traded: orders, fills and round trips, from the accounting `TradingStep` did.
public struct TradeRecorder: Sendable {
    public private(set) var orders: [BacktestOrder] = []
    public private(set) var fills: [Fill] = []
    public private(set) var roundTrips: [Double] = []
    public private(set) var closedTrades: [RoundTrip] = []
    private var openedAtEquity: Double?
    private var open: OpenTrip?

    struct OpenTrip: Sendable {
        var symbol: String, long: Bool, entryTime: Date, entryBar: Int
        var entryNotional = 0.0, entryShares = 0.0, exitNotional = 0.0, exitShares = 0.0, maxShares = 0.0, fees = 0.0
    }

    public init() {}

    public mutating func record(order: OrderRequest, time: Date, symbol: String) {
        orders.append(BacktestOrder(time: time, symbol: symbol, request: order))
    }

    /// Records `fill`, executed at reference price `reference` on bar `bar`, given the account after it.
    public mutating func record(_ fill: Fill, account: Account, reference: Double, bar: Int) {
        fills.append(fill)
        let shares = account.shares
        let sharesBefore = fill.side == .buy ? shares - fill.quantity : shares + fill.quantity
        let wasFlat = abs(sharesBefore) < 1e-12, isFlat = abs(shares) < 1e-12
        let flipped = !wasFlat && !isFlat && (shares > 0) != (sharesBefore > 0)
        // A fill moves equity at the reference price by exactly −(commission + slippage).
        let equityAfter = account.equity(at: reference)
        if var trip = open {
            let closing = isFlat || flipped ? abs(sharesBefore) : ((fill.side == .sell) == trip.long ? fill.quantity : 0)
            let adding = (fill.side == .buy) == trip.long && !flipped ? fill.quantity : 0
            trip.exitNotional += closing * fill.price
            trip.exitShares += closing
            trip.entryNotional += adding * fill.price
            trip.entryShares += adding
            trip.fees += fill.totalCost * (flipped ? abs(sharesBefore) / fill.quantity : 1)
            trip.maxShares = max(trip.maxShares, abs(shares))
            open = trip
        }
        if let opened = openedAtEquity, isFlat || flipped, let trip = open {
            let pnl = equityAfter - opened
            roundTrips.append(pnl)
            closedTrades.append(Self.finish(trip, pnl: pnl, exitTime: fill.time, exitPrice: trip.exitShares > 0 ? trip.exitNotional / trip.exitShares : fill.price,
                                            bar: bar))
            openedAtEquity = nil
            open = nil
        }
        if (wasFlat || flipped) && !isFlat {
            openedAtEquity = flipped ? equityAfter : equityAfter + fill.totalCost
            let opening = flipped ? abs(shares) : fill.quantity
            open = OpenTrip(symbol: fill.symbol, long: shares > 0, entryTime: fill.time, entryBar: bar,
                            entryNotional: opening * fill.price, entryShares: opening, maxShares: abs(shares),
                            fees: flipped ? fill.totalCost * opening / fill.quantity : fill.totalCost)
        }
    }

    static func finish(_ t: OpenTrip, pnl: Double, exitTime: Date?, exitPrice: Double, bar: Int) -> RoundTrip {
        let entry = t.entryShares > 0 ? t.entryNotional / t.entryShares : 0
        return RoundTrip(symbol: t.symbol, side: t.long ? "long" : "short", entryTime: t.entryTime, exitTime: exitTime,
                         entryPrice: entry, exitPrice: exitPrice, quantity: t.maxShares, fees: t.fees, pnl: pnl,
                         returnFraction: entry * t.maxShares > 0 ? pnl / (entry * t.maxShares) : 0, barsHeld: bar - t.entryBar)
    }

    /// Round trips including the position still open, marked to market at `price`.
    public func roundTripsMarkedToMarket(_ account: Account, at price: Double) -> [Double] {
        guard let opened = openedAtEquity else { return roundTrips }
        return roundTrips + [account.equity(at: price) - opened]
    }

    /// The detailed round trips, the open one marked to market at `price` (bar `bar`, time `time`).
    public func trades(markedAt price: Double, time: Date, bar: Int, account: Account) -> [RoundTrip] {
        guard let trip = open, let opened = openedAtEquity else { return closedTrades }
        return closedTrades + [Self.finish(trip, pnl: account.equity(at: price) - opened, exitTime: nil, exitPrice: price, bar: bar)]
    }
}
