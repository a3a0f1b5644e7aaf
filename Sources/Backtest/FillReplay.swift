import Foundation
import TradingCore

/// Round trips rebuilt from a list of fills (a live or paper journal's), with the same accounting
/// the backtester records them with: each symbol's fills are booked into an account in order, and a
/// trip's P&L is its equity change, fees and slippage included.
public enum FillReplay {
    /// A fill and the bar it was booked on (for `barsHeld`).
    public struct BookedFill: Sendable {
        public var fill: Fill
        public var bar: Int
        public init(fill: Fill, bar: Int) {
            self.fill = fill
            self.bar = bar
        }
    }

    /// The last mark of a symbol, for a trip still open at the end.
    public struct Mark: Sendable {
        public var price: Double
        public var time: Date
        public var bar: Int
        public init(price: Double, time: Date, bar: Int) {
            self.price = price
            self.time = time
            self.bar = bar
        }
    }

    /// Every symbol's round trips in entry order; an open trip is marked at `marks[symbol]` (left
    /// out when the symbol has no mark).
    public static func roundTrips(_ fills: [BookedFill], marks: [String: Mark]) -> [RoundTrip] {
        var trips: [RoundTrip] = []
        for (symbol, booked) in Dictionary(grouping: fills, by: \.fill.symbol) {
            var account = Account(cash: 0)
            var recorder = TradeRecorder()
            for booked in booked {
                let f = booked.fill
                account.apply(f)
                // The reference price is the fill price before slippage (what the recorder's equity
                // identity is stated at).
                let perShare = f.quantity > 0 ? f.slippageCost / f.quantity : 0
                let reference = f.side == .buy ? f.price - perShare : f.price + perShare
                recorder.record(f, account: account, reference: reference, bar: booked.bar)
            }
            if let mark = marks[symbol] {
                trips += recorder.trades(markedAt: mark.price, time: mark.time, bar: mark.bar, account: account)
            } else {
                trips += recorder.closedTrades
            }
        }
        return trips.sorted { ($0.entryTime, $0.symbol) < ($1.entryTime, $1.symbol) }
    }
}
