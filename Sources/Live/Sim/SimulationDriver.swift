import Backtest
import Foundation
import TradingCore

/// One symbol's history for `live --sim`: its bars and the per-bar sentiment built from posts by
/// the same code a backtest uses.
public struct SimulationInput: Sendable {
    public var symbol: String
    public var bars: [Bar]
    public var sentiment: [SentimentFeatures]
    public init(symbol: String, bars: [Bar], sentiment: [SentimentFeatures]? = nil) {
        self.symbol = symbol
        self.bars = bars
        self.sentiment = (0..<bars.count).map { i in sentiment.flatMap { i < $0.count ? $0[i] : nil } ?? .none }
    }
}

/// Drives a `LiveEngine` through history at memory speed against the in-process
/// `SimulatedBroker`: at each bar time, the bar opens (pending orders fill at the open), fills are
/// booked, the bar closes, and every symbol's cycle runs — the live runner's cycle, with the
/// clock replaced by the data. Bars before `tradeFrom` only warm the features up.
public enum SimulationDriver {
    public struct Summary: Sendable {
        public var bars = 0
        public var decisions = 0
        public var orders = 0
        public var rejections = 0
        public var finalEquity = 0.0
    }

    public static func run(session: LiveEngine, broker: SimulatedBroker, inputs: [SimulationInput],
                           tradeFrom: Date? = nil, tradeBefore: Date? = nil,
                           onCycle: ((Date) async throws -> Void)? = nil) async throws -> Summary {
        var summary = Summary()
        for input in inputs {
            let warm = input.bars.indices.filter { i in tradeFrom.map { input.bars[i].time < $0 } ?? false }
            try session.warm(symbol: input.symbol, bars: warm.map { (input.bars[$0], input.sentiment[$0]) })
        }
        let traded = inputs.map { input in
            input.bars.indices.filter { i in
                let t = input.bars[i].time
                return (tradeFrom.map { t >= $0 } ?? true) && (tradeBefore.map { t < $0 } ?? true)
            }
        }
        let times = Set(zip(inputs, traded).flatMap { input, idx in idx.map { input.bars[$0].time } }).sorted()
        var cursor = [Int](repeating: 0, count: inputs.count)
        for time in times {
            var due: [(Int, Int)] = []
            for (k, input) in inputs.enumerated() where cursor[k] < traded[k].count && input.bars[traded[k][cursor[k]]].time == time {
                due.append((k, traded[k][cursor[k]]))
                cursor[k] += 1
            }
            for (k, i) in due { await broker.open(inputs[k].bars[i], symbol: inputs[k].symbol) }
            try await session.syncOrders()
            if session.killFileTripped, session.risk.state != .halted {
                try await session.kill(reason: "kill file \(session.config.killFile ?? "")", time: time)
            }
            try await session.applyControls(time: time)
            for (k, i) in due { await broker.close(inputs[k].bars[i], symbol: inputs[k].symbol) }
            for (k, i) in due {
                let outcome = try await session.process(symbol: inputs[k].symbol, bar: inputs[k].bars[i], sentiment: inputs[k].sentiment[i],
                                                        market: MarketState(now: time))
                summary.bars += 1
                if outcome.decision != nil { summary.decisions += 1 }
                if outcome.order != nil { summary.orders += 1 }
                if outcome.rejection != nil { summary.rejections += 1 }
            }
            try session.endOfBar(time: time)
            try await onCycle?(time)
        }
        try await session.syncOrders()
        summary.finalEquity = session.equity
        return summary
    }
}
