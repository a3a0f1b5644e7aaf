import Features
import Foundation
import Strategy
import TradingCore

/// A parameter sweep of baseline policies on one series, ranked by Sharpe ratio, with the deflated
/// Sharpe ratio of the winner counting every configuration tried: the best of 600 SMA crossovers
/// looks good by luck alone, and the ranking must say how much of it is luck.
public struct PolicySweep: Sendable {
    public struct Entry: Sendable, Codable {
        /// 1 for the highest Sharpe ratio.
        public var rank: Int
        public var policy: String
        public var metrics: PerformanceMetrics
        public var tradeStatistics: TradeStatistics
    }

    /// Every configuration, best first (ties keep the order they were given in).
    public var entries: [Entry]
    /// The deflated Sharpe ratio of the best configuration over all of them.
    public var deflated: SharpeSignificance.BestOfTrials?
    /// The best configuration's full result (equity, trades), for the report.
    public var best: BacktestResult
    /// Buy-and-hold on the same bars.
    public var buyAndHold: BacktestResult

    /// Runs every spec (already expanded, see `PolicySweepSpec`) and buy-and-hold on `range`.
    public static func run(specs: [String], on series: TradingSeries, range: Range<Int>, config: BacktestConfig) throws -> PolicySweep {
        precondition(!specs.isEmpty, "a sweep needs at least one policy")
        var results: [BacktestResult] = []
        results.reserveCapacity(specs.count)
        for spec in specs {
            var policy = try PolicySpec.baseline(spec, allowShort: config.rules.allowShort)
            var result = Backtester.run(any: &policy, on: series, range: range, config: config)
            result.policy = spec
            results.append(result)
        }
        let order = results.indices.sorted { a, b in
            results[a].metrics.sharpe != results[b].metrics.sharpe ? results[a].metrics.sharpe > results[b].metrics.sharpe : a < b
        }
        let entries = order.enumerated().map { rank, i in
            Entry(rank: rank + 1, policy: results[i].policy, metrics: results[i].metrics, tradeStatistics: TradeStatistics(results[i].trades))
        }
        let deflated = SharpeSignificance.deflatedBest(of: results.map(\.returns), periodsPerYear: series.timeframe.periodsPerYear)
        var bh: any Policy = BuyAndHoldPolicy()
        let buyAndHold = Backtester.run(any: &bh, on: series, range: range, config: config)
        return PolicySweep(entries: entries, deflated: deflated, best: results[order[0]], buyAndHold: buyAndHold)
    }

    /// `rank,policy,<metrics columns>,trades_win_rate,profit_factor` for every configuration (RFC 4180).
    public func csv() -> String {
        var out = "rank,policy,total_return,cagr,annual_volatility,sharpe,sortino,max_drawdown,calmar,trades,turnover,exposure,costs_paid,final_equity,win_rate,profit_factor\n"
        for e in entries {
            let m = e.metrics
            out += "\(e.rank),\(CSVText.field(e.policy)),\(m.totalReturn),\(m.cagr),\(m.annualVolatility),\(m.sharpe),\(m.sortino),"
            out += "\(m.maxDrawdown),\(m.calmar),\(m.trades),\(m.turnover),\(m.exposure),\(m.costsPaid),\(m.finalEquity),"
            out += "\(e.tradeStatistics.winRate),\(e.tradeStatistics.profitFactor)\n"
        }
        return out
    }
}
