import Backtest
import Features
import Foundation
import Learning
import TradingCore

/// What a portfolio contender may fit on: every symbol's series and the common-session ranges
/// (indices into `PortfolioEnv.times`) it may train and validate on. Test sessions are not in them.
public struct PortfolioFitRequest: @unchecked Sendable {
    public var series: [TradingSeries]
    public var trainSessions: Range<Int>
    public var validationSessions: Range<Int>
    public var seed: UInt64
    public var backtest: BacktestConfig
}

/// A fitted portfolio strategy: the environment settings it trades under and how it chooses
/// target weights from an observation (`PortfolioEnv.run`'s chooser).
public struct PortfolioStrategy {
    public var env: TradingEnvConfig
    public var actions: PortfolioActions?
    public var choose: (UnsafeBufferPointer<Float>, Int) -> [Double]?
}

/// One strategy that allocates across all symbols with one pool of cash (an evaluation contender
/// beside the per-symbol `Contender`s; its outcome is the same `PortfolioView.Combined`, so the
/// summary's intervals, paired bootstrap and deflated Sharpe treat both alike).
public struct PortfolioContender: @unchecked Sendable {
    public var name: String
    public var spec: FeatureSpec?
    public var isLearned: Bool
    public var fit: (PortfolioFitRequest) throws -> PortfolioStrategy

    public init(name: String, spec: FeatureSpec?, isLearned: Bool, fit: @escaping (PortfolioFitRequest) throws -> PortfolioStrategy) {
        self.name = name
        self.spec = spec
        self.isLearned = isLearned
        self.fit = fit
    }

    /// The environment settings under the evaluation's execution model, with `symbols` × its
    /// initial cash: the capital of the per-symbol contenders' equal-capital portfolio, so costs
    /// and trade sizes compare.
    static func env(_ backtest: BacktestConfig, symbols: Int, base: TradingEnvConfig = TradingEnvConfig()) -> TradingEnvConfig {
        var env = base
        env.costs = backtest.costs
        env.fill = backtest.fill
        env.rules = backtest.rules
        env.initialCash = backtest.initialCash * Double(max(symbols, 1))
        return env
    }

    /// 1/N in every symbol, traded back to 1/N whenever a weight drifts out of the rebalance band:
    /// the portfolio agent's baseline.
    public static var equalWeightRebalanced: PortfolioContender {
        PortfolioContender(name: "equal-weight (rebalanced)", spec: nil, isLearned: false) { request in
            let n = request.series.count
            let equal = Array(repeating: 1 / Double(n), count: n)
            return PortfolioStrategy(env: env(request.backtest, symbols: n), actions: nil) { _, _ in equal }
        }
    }

    /// 1/N in every symbol on the first session, never traded again (equals the per-symbol
    /// buy-and-hold's equal-capital portfolio: a check that both engines agree).
    public static var equalWeightBuyAndHold: PortfolioContender {
        PortfolioContender(name: "equal-weight (buy-and-hold)", spec: nil, isLearned: false) { request in
            let n = request.series.count
            let equal = Array(repeating: 1 / Double(n), count: n)
            return PortfolioStrategy(env: env(request.backtest, symbols: n), actions: nil) { _, step in step == 0 ? equal : nil }
        }
    }

    /// A PPO portfolio agent trained per fold and seed with `PortfolioTraining` (best weights by
    /// validation Sharpe), run greedily on the test sessions. Shares the single-symbol agents'
    /// PPO settings; its turnover controls are its own (`AgentDefaults.portfolio…`).
    public static func ppo(name: String = "ppo portfolio", features: [FeatureID] = FeatureID.market + FeatureID.sentiment,
                           settings: PPOContenderSettings, turnoverPenalty: Double = AgentDefaults.portfolioTurnoverPenalty,
                           minHoldBars: Int = AgentDefaults.portfolioMinHoldBars) -> PortfolioContender {
        PortfolioContender(name: name, spec: FeatureSpec(features: features, window: settings.window), isLearned: true) { request in
            var envConfig = env(request.backtest, symbols: request.series.count, base: settings.env)
            envConfig.turnoverPenalty = turnoverPenalty
            envConfig.minHoldBars = minHoldBars
            var ppo = settings.ppo
            ppo.seed = request.seed

            let outcome = try PortfolioTraining.train(series: request.series, trainSessions: request.trainSessions,
                                                      validationSessions: request.validationSessions, env: envConfig,
                                                      ppo: ppo, options: settings.options)
            let agent = outcome.agent
            return PortfolioStrategy(env: envConfig, actions: agent.actions, choose: agent.choose)
        }
    }
}
