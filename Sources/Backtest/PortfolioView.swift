import Foundation
import TradingCore

/// Combines per-symbol backtests of one policy into an equal-weight portfolio (each symbol's
/// account starts with the same cash; the portfolio's equity is their sum), so a multi-symbol
/// result has one honest equity curve instead of an average of Sharpe ratios.
public enum PortfolioView {
    /// The combined metrics, or nil when the results do not share the same bar times.
    public static func equalWeight(_ results: [BacktestResult], periodsPerYear: Double) -> PerformanceMetrics? {
        guard let first = results.first, results.allSatisfy({ $0.times.elementsEqual(first.times) }) else { return nil }
        var equity = [Double](repeating: 0, count: first.equity.count)
        var exposure = [Double](repeating: 0, count: first.exposure.count)
        var notional = 0.0, trades = 0, costs = 0.0
        var roundTrips: [Double] = []
        for r in results {
            for i in equity.indices {
                equity[i] += r.equity[i]
                exposure[i] += r.exposure[i] * r.equity[i]
            }
            notional += r.fills.reduce(0) { $0 + $1.notional }
            trades += r.metrics.trades
            costs += r.metrics.costsPaid
            roundTrips += r.roundTrips
        }
        for i in exposure.indices where equity[i] > 0 { exposure[i] /= equity[i] }
        return PerformanceMetrics.compute(equity: equity, exposures: exposure.dropFirst(), periodsPerYear: periodsPerYear,
                                          tradedNotional: notional, trades: trades, roundTrips: roundTrips, costsPaid: costs)
    }
}
