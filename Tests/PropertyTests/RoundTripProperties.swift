import Backtest
import Foundation
import PropertyBased
import Testing
import TradingCore

/// Round trips rebuilt from any sequence of fills (buys, sells, flips through zero, partial
/// closes, fees and slippage) add up to the account's equity change, and the accounting identity
/// equity = cash + shares × price holds after every fill.
@Suite struct RoundTripProperties {
    /// (buy?, shares, reference price, slippage bps, commission) of one fill.
    static let fill = zip(Gen.bool, Gen.double(in: 0.5...50), Gen.double(in: 5...500), Gen.double(in: 0...30), Gen.double(in: 0...3))

    @Test func tripsAddUpToTheEquityChangeAndTheIdentityHolds() async {
        await propertyCheck(count: 400, input: Self.fill.array(of: 1...40), Gen.double(in: 5...500)) { fills, markPrice in
            var account = Account(cash: 10_000)
            var booked: [FillReplay.BookedFill] = []
            let start = Date(timeIntervalSince1970: 1_600_000_000)
            for (k, (buy, shares, reference, bps, commission)) in fills.enumerated() {
                let slip = reference * bps / 10_000
                let fill = Fill(time: start.addingTimeInterval(Double(k) * 86_400), symbol: "RT", side: buy ? .buy : .sell, quantity: shares,
                                price: buy ? reference + slip : reference - slip, commission: commission, slippageCost: shares * slip)
                account.apply(fill)
                booked.append(.init(fill: fill, bar: k))
                #expect(abs(account.equity(at: reference) - (account.cash + account.shares * reference)) <= 1e-9 * max(1, abs(account.cash)))
            }
            let mark = FillReplay.Mark(price: markPrice, time: start.addingTimeInterval(Double(fills.count) * 86_400), bar: fills.count)
            let trips = FillReplay.roundTrips(booked, marks: ["RT": mark])
            let change = account.equity(at: markPrice) - 10_000
            let total = trips.map(\.pnl).reduce(0, +)
            #expect(abs(total - change) <= 1e-6 * max(1, abs(change)), "trips \(total) vs equity change \(change)")
            for trip in trips {
                if let exit = trip.exitTime { #expect(exit >= trip.entryTime) }
                #expect(trip.fees >= 0)
                #expect(trip.barsHeld >= 0)
            }
            // Only the last trip can be open.
            #expect(trips.dropLast().allSatisfy { $0.exitTime != nil })
        }
    }
}
