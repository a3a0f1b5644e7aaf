import Features
import Foundation
import Strategy
import TradingCore

/// Account, costs and fill timing of a backtest. The same values configure `TradingEnv`.
public struct BacktestConfig: Sendable, Hashable, Codable {
    public var initialCash: Double = 10_000
    public var costs: CostModel = .retailEquity
    public var fill: FillRule = .nextOpen
    public var rules = PositionRules()

    public init(initialCash: Double = 10_000, costs: CostModel = .retailEquity, fill: FillRule = .nextOpen,
                rules: PositionRules = PositionRules()) {
        self.initialCash = initialCash
        self.costs = costs
        self.fill = fill
        self.rules = rules
    }
}

/// The outcome of one policy on one symbol: the equity curve, the fills and the metrics.
public struct BacktestResult: Sendable {
    public var symbol: String
    public var policy: String
    /// The series and bar range the backtest ran over (the equity points are at these bars).
    public var series: TradingSeries
    public var range: Range<Int>
    public var equity: [Double]
    public var exposure: [Double]
    public var fills: [Fill]
    /// Every order the engine sized, with its decision time (a fill may be smaller or absent).
    public var orders: [BacktestOrder]
    /// Net PnL of each round trip; a position still open at the end is marked to market.
    public var roundTrips: [Double]
    /// The round trips in detail (entry, exit, prices, fees, PnL, bars held).
    public var trades: [RoundTrip]
    public var metrics: PerformanceMetrics

    /// Bar times of the equity points (the first is the start bar, before any trade).
    public var times: ArraySlice<Date> { series.times[range] }
    public var closes: ArraySlice<Double> { series.close[range] }
    /// Simple returns between consecutive equity points (one fewer than `equity`).
    public var returns: [Double] { PerformanceMetrics.simpleReturns(equity) }
    /// When the max drawdown started, bottomed and ended, and how many bars it lasted.
    public var drawdown: DrawdownSpan? { DrawdownSpan.largest(equity: equity, times: Array(times)) }

    public init(symbol: String, policy: String, series: TradingSeries, range: Range<Int>, equity: [Double],
                exposure: [Double], fills: [Fill], orders: [BacktestOrder] = [], roundTrips: [Double], trades: [RoundTrip] = [],
                metrics: PerformanceMetrics) {
        self.symbol = symbol
        self.policy = policy
        self.series = series
        self.range = range
        self.equity = equity
        self.exposure = exposure
        self.fills = fills
        self.orders = orders
        self.roundTrips = roundTrips
        self.trades = trades
        self.metrics = metrics
    }

    /// `time,equity,exposure,close` lines for plotting or re-analysis.
    public func equityCSV() -> String {
        var out = "time,equity,exposure,close\n"
        out.reserveCapacity(times.count * 56)
        for (i, t) in range.enumerated() {
            out += "\(ISO8601.string(series.times[t])),\(equity[i]),\(exposure[i]),\(series.close[t])\n"
        }
        return out
    }
}

/// An order the engine produced in a backtest: decided at `time`'s close, sized then.
public struct BacktestOrder: Sendable, Hashable, Codable {
    public var time: Date
    public var symbol: String
    public var request: OrderRequest
}

/// Runs a policy bar by bar over a series through the engine's two halves: the `Strategy` side
/// (the bar enters the symbol's `SymbolHistory`, the policy decides from a `DecisionContext` over
/// it) and `TradingStep.advance` (sizing at the close, fill at t+1's open or t's close, mark at
/// t+1's close) — the step `TradingEnv` and `live --sim` take, so all three agree.
///
/// This is the batch fast path: feature rows come precomputed from the series' `FeatureMatrix`
/// instead of the incremental pipeline (a test pins that both give the same decisions).
public enum Backtester {
    /// - Parameter range: bar indices to run over (default: from the first observable bar to the
    ///   end). Bars before it fill the history (indicator warm-up) but are never traded.
    /// Inlinable so the loop is specialised for the caller's concrete policy (no dynamic dispatch per bar).
    @inlinable
    public static func run<P: Policy>(_ policy: inout P, on series: TradingSeries, range: Range<Int>? = nil,
                                      config: BacktestConfig = BacktestConfig()) -> BacktestResult {
        let r = range ?? series.firstObservableIndex..<series.count
        let start = max(r.lowerBound, 0), end = min(r.upperBound, series.count)
        var step = TradingStep(cash: config.initialCash, costs: config.costs, rules: config.rules, fill: config.fill)
        var recorder = TradeRecorder()
        policy.reset()
        let features = series.features
        let history = SymbolHistory(symbol: series.symbol, spec: features.columns > 0 ? features.spec : nil,
                                    lookback: policy.lookback, incremental: false)
        let points = max(end - start, 0)
        // Preallocated outputs written through pointers: no capacity checks in the loop.
        var equity = [Double](repeating: 0, count: points)
        var exposure = [Double](repeating: 0, count: points)
        if points > 0 { equity[0] = config.initialCash }
        let symbol = series.symbol
        let width = features.columns
        equity.withUnsafeMutableBufferPointer { eq in
            exposure.withUnsafeMutableBufferPointer { ex in
                series.close.withUnsafeBufferPointer { close in
                    series.open.withUnsafeBufferPointer { open in
                        features.values.withUnsafeBufferPointer { rows in
                            @inline(__always) func enter(_ i: Int) {
                                history.append(time: series.times[i].timeIntervalSince1970, open: open[i], high: series.high[i],
                                               low: series.low[i], close: close[i], volume: series.volume[i],
                                               sentiment: series.sentiment[i], sequence: i,
                                               row: width > 0 ? rows.baseAddress.map { $0 + i * width } : nil)
                            }
                            for i in max(0, start - history.capacity)..<start { enter(i) }
                            var t = start
                            var k = 1
                            while t + 1 < end {
                                enter(t)
                                let decision = policy.decide(DecisionContext(history: history, state: step.agent))
                                let outcome = step.advance(decision, decisionClose: close[t], decisionTime: series.times[t],
                                                           nextOpen: open[t + 1], nextTime: series.times[t + 1],
                                                           nextClose: close[t + 1], symbol: symbol)
                                if let order = outcome.order {
                                    recorder.record(order: order, time: series.times[t], symbol: symbol)
                                    if let fill = outcome.fill {
                                        recorder.record(fill, account: step.account,
                                                        reference: config.fill == .close ? close[t] : open[t + 1],
                                                        bar: config.fill == .close ? t : t + 1)
                                    }
                                }
                                eq[k] = outcome.equity
                                ex[k] = outcome.exposure
                                k += 1
                                t += 1
                            }
                        }
                    }
                }
            }
        }
        let ran = points > 0 ? start..<end : start..<start
        let account = step.account
        let lastPrice = points > 0 ? series.close[end - 1] : 0
        let trips = recorder.roundTripsMarkedToMarket(account, at: lastPrice)
        let trades = recorder.trades(markedAt: lastPrice, time: points > 0 ? series.times[end - 1] : Date(timeIntervalSince1970: 0),
                                     bar: end - 1, account: account)
        let metrics = PerformanceMetrics.compute(
            equity: equity, exposures: exposure.dropFirst(), periodsPerYear: series.timeframe.periodsPerYear,
            tradedNotional: account.tradedNotional, trades: account.tradeCount, roundTrips: trips,
            costsPaid: account.costsPaid)
        return BacktestResult(symbol: symbol, policy: policy.name, series: series, range: ran, equity: equity, exposure: exposure,
                              fills: recorder.fills, orders: recorder.orders, roundTrips: trips, trades: trades, metrics: metrics)
    }

    /// Runs a policy held as an existential (opening it for the generic, specialised loop).
    public static func run(any policy: inout any Policy, on series: TradingSeries, range: Range<Int>? = nil,
                           config: BacktestConfig = BacktestConfig()) -> BacktestResult {
        func open<P: Policy>(_ p: inout P) -> BacktestResult { run(&p, on: series, range: range, config: config) }
        return open(&policy)
    }
}
