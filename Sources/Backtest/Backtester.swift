import Features
import Foundation
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
    /// Net PnL of each round trip; a position still open at the end is marked to market.
    public var roundTrips: [Double]
    public var metrics: PerformanceMetrics

    /// Bar times of the equity points (the first is the start bar, before any trade).
    public var times: ArraySlice<Date> { series.times[range] }
    public var closes: ArraySlice<Double> { series.close[range] }

    public init(symbol: String, policy: String, series: TradingSeries, range: Range<Int>, equity: [Double],
                exposure: [Double], fills: [Fill], roundTrips: [Double], metrics: PerformanceMetrics) {
        self.symbol = symbol
        self.policy = policy
        self.series = series
        self.range = range
        self.equity = equity
        self.exposure = exposure
        self.fills = fills
        self.roundTrips = roundTrips
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

/// Simulated order execution for backtests: `SimulatedExecution` plus a record of the fills and
/// of round trips, so the trading statistics come from the same accounting the environment uses.
public struct SimulatedBroker: Sendable {
    public private(set) var execution: SimulatedExecution
    public private(set) var fills: [Fill] = []
    public private(set) var roundTrips: [Double] = []
    private var openedAtEquity: Double?

    public init(config: BacktestConfig) {
        execution = SimulatedExecution(cash: config.initialCash, costs: config.costs, rules: config.rules, fill: config.fill)
    }

    public var account: Account { execution.account }

    public mutating func decide(_ decision: Decision, closePrice: Double, time: Date, symbol: String) {
        let before = execution.account.equity(at: closePrice)
        if let f = execution.decide(decision, closePrice: closePrice, time: time, symbol: symbol) {
            record(f, equityBefore: before, price: closePrice)
        }
    }

    /// Round trips including the position still open, marked to market at `price`.
    public func roundTripsMarkedToMarket(at price: Double) -> [Double] {
        guard let opened = openedAtEquity else { return roundTrips }
        return roundTrips + [execution.account.equity(at: price) - opened]
    }

    public mutating func open(price: Double, time: Date, symbol: String) {
        let before = execution.account.equity(at: price)
        if let f = execution.open(price: price, time: time, symbol: symbol) {
            record(f, equityBefore: before, price: price)
        }
    }

    private mutating func record(_ fill: Fill, equityBefore: Double, price: Double) {
        fills.append(fill)
        let shares = execution.account.shares
        let sharesBefore = fill.side == .buy ? shares - fill.quantity : shares + fill.quantity
        let wasFlat = abs(sharesBefore) < 1e-12, isFlat = abs(shares) < 1e-12
        let flipped = !wasFlat && !isFlat && (shares > 0) != (sharesBefore > 0)
        if let opened = openedAtEquity, isFlat || flipped {
            // Equity just before the closing trade, less that trade's costs, against equity before opening.
            roundTrips.append(equityBefore - fill.totalCost - opened)
            openedAtEquity = nil
        }
        if (wasFlat || flipped) && !isFlat {
            openedAtEquity = flipped ? execution.account.equity(at: price) : equityBefore
        }
    }
}

/// Runs a policy bar by bar over a series: decide at t's close, fill (at t's close or t+1's
/// open), mark to market at t+1's close. The loop is the environment's step, so a fixed decision
/// sequence yields the same equity curve here and in `TradingEnv`.
public enum Backtester {
    /// - Parameter range: bar indices to run over (default: from the first observable bar to the end).
    /// Inlinable so the loop is specialised for the caller's concrete policy (no dynamic dispatch per bar).
    @inlinable
    public static func run<P: Policy>(_ policy: inout P, on series: TradingSeries, range: Range<Int>? = nil,
                                      config: BacktestConfig = BacktestConfig()) -> BacktestResult {
        let r = range ?? series.firstObservableIndex..<series.count
        let start = max(r.lowerBound, 0), end = min(r.upperBound, series.count)
        var broker = SimulatedBroker(config: config)
        var agent = AgentState()
        policy.reset()
        let points = max(end - start, 0)
        // Preallocated outputs written through pointers: no capacity checks in the loop.
        var equity = [Double](repeating: 0, count: points)
        var exposure = [Double](repeating: 0, count: points)
        if points > 0 { equity[0] = config.initialCash }
        let symbol = series.symbol
        equity.withUnsafeMutableBufferPointer { eq in
            exposure.withUnsafeMutableBufferPointer { ex in
                series.close.withUnsafeBufferPointer { close in
                    series.open.withUnsafeBufferPointer { open in
                        var t = start
                        var k = 1
                        while t + 1 < end {
                            let decision = policy.decide(DecisionContext(series: series, index: t, state: agent, closes: close))
                            if decision != .hold || broker.execution.pendingTarget != nil {
                                broker.decide(decision, closePrice: close[t], time: series.times[t], symbol: symbol)
                                broker.open(price: open[t + 1], time: series.times[t + 1], symbol: symbol)
                            }
                            let price = close[t + 1]
                            let shares = broker.execution.account.shares
                            let e = broker.execution.account.cash + shares * price
                            let x = shares != 0 && e > 0 ? shares * price / e : 0
                            agent.update(exposure: x, price: price)
                            eq[k] = e
                            ex[k] = x
                            k += 1
                            t += 1
                        }
                    }
                }
            }
        }
        let ran = points > 0 ? start..<end : start..<start
        let account = broker.account
        let trips = broker.roundTripsMarkedToMarket(at: points > 0 ? series.close[end - 1] : 0)
        let metrics = PerformanceMetrics.compute(
            equity: equity, exposures: exposure.dropFirst(), periodsPerYear: series.timeframe.periodsPerYear,
            tradedNotional: account.tradedNotional, trades: account.tradeCount, roundTrips: trips,
            costsPaid: account.costsPaid)
        return BacktestResult(symbol: symbol, policy: policy.name, series: series, range: ran, equity: equity, exposure: exposure,
                              fills: broker.fills, roundTrips: trips, metrics: metrics)
    }
}
