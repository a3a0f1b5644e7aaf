import Backtest
import Features
import Foundation
import MarketData
import Strategy
import TradingCore

/// `sentrade bench live`: what one bar costs in the live stack, in process against the simulated
/// broker — bar in → features → policy → risk → journal (intent written before sending) → order
/// submitted — as p50/p99 latency, and journal rows written per second. The baseline, measured in
/// the same run on the same bars and policy, is the batch backtester's time per bar.
public enum LiveBenchmark {
    public struct Result: Sendable, Codable {
        public var bars: Int
        public var orders: Int
        public var durable: Bool
        public var p50Microseconds: Double
        public var p99Microseconds: Double
        public var maxMicroseconds: Double
        public var journalRowsPerSecond: Double
        public var backtestNanosecondsPerBar: Double
        /// Live per-bar cost over the backtester's (how much the journal and broker add).
        public var liveOverBacktest: Double
    }

    public static func run(sessions: Int = 2_000, durable: Bool, directory: URL) async throws -> Result {
        var market = SyntheticMarketConfig()
        market.symbols = ["BNCH"]
        market.sessions = sessions + 100
        let series = SyntheticMarket.generate(market).series[0]
        let policy = { (_: String) -> any Policy in RandomPolicy(seed: 9) }
        // Baseline: the batch backtester on the same bars and policy.
        var p: any Policy = RandomPolicy(seed: 9)
        let ts = TradingSeries(series: series, spec: nil)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let repeats = 50
        for _ in 0..<repeats { _ = Backtester.run(any: &p, on: ts, range: 100..<ts.count) }
        let backtestNs = Double(DispatchTime.now().uptimeNanoseconds - t0) / Double(repeats * (ts.count - 100))

        let journal = try Journal(path: directory.appendingPathComponent("bench-\(durable ? "durable" : "fast").sqlite").path, durable: durable)
        let run = try journal.beginRun(mode: "bench", strategy: "bench", config: "{}", version: SentradeVersion.current)
        let config = SessionConfig(strategy: "bench", mode: .sim, symbols: ["BNCH"], execution: BacktestConfig(initialCash: 10_000))
        var limits = config.limits
        limits.maxOrdersPerMinute = nil
        var session = config
        session.limits = limits
        let broker = SimulatedBroker(exchange: SimulatedExchange(config: BacktestConfig(initialCash: 10_000), symbols: ["BNCH"], cashPerSymbol: 10_000))
        let engine = try LiveEngine(config: session, journal: journal, broker: broker, run: run, policy: policy)
        let bars = series.bars
        try engine.warm(symbol: "BNCH", bars: bars.prefix(100).map { ($0, .none) })
        var latencies: [Double] = []
        let rowsBefore = try journal.counts().values.reduce(0, +)
        let start = DispatchTime.now().uptimeNanoseconds
        for bar in bars.dropFirst(100) {
            await broker.open(bar, symbol: "BNCH")
            try await engine.syncOrders()
            await broker.close(bar, symbol: "BNCH")
            let t = DispatchTime.now().uptimeNanoseconds
            let outcome = try await engine.process(symbol: "BNCH", bar: bar, sentiment: .none, market: MarketState(now: bar.time))
            if outcome.sent != nil { latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1_000) }
            try engine.endOfBar(time: bar.time)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rows = try journal.counts().values.reduce(0, +) - rowsBefore
        latencies.sort()
        func pct(_ q: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(Int(Double(latencies.count) * q), latencies.count - 1)] }
        let perBarNs = seconds * 1e9 / Double(bars.count - 100)
        return Result(bars: bars.count - 100, orders: latencies.count, durable: durable, p50Microseconds: pct(0.5),
                      p99Microseconds: pct(0.99), maxMicroseconds: latencies.last ?? 0, journalRowsPerSecond: Double(rows) / seconds,
                      backtestNanosecondsPerBar: backtestNs, liveOverBacktest: perBarNs / backtestNs)
    }
}
