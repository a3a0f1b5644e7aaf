import Backtest
import Strategy
import Features
import Foundation
import TradingCore

/// What a contender may fit on: the series of every symbol (features computed causally over
/// their whole history) and, per symbol, the bar ranges it may train and validate on. Test bars
/// are not in any range given here.
public struct FitRequest: @unchecked Sendable {
    public var series: [TradingSeries]
    public var trainRanges: [Range<Int>]
    public var validationRanges: [Range<Int>]
    public var seed: UInt64
    public var backtest: BacktestConfig
}

/// One strategy in an evaluation. Baselines return a fixed policy; learned contenders train one.
/// `spec` says which features the contender's series need (nil: prices only).
public struct Contender: @unchecked Sendable {
    public var name: String
    public var spec: FeatureSpec?
    /// True when `fit` learns from data (it then runs once per seed).
    public var isLearned: Bool
    /// Sentiment analyzer for this contender's features (nil: the evaluation's), for analyzer ablations.
    public var analyzer: String?
    public var fit: (FitRequest) throws -> any Policy

    public init(name: String, spec: FeatureSpec?, isLearned: Bool, analyzer: String? = nil,
                fit: @escaping (FitRequest) throws -> any Policy) {
        self.name = name
        self.spec = spec
        self.isLearned = isLearned
        self.analyzer = analyzer
        self.fit = fit
    }

    /// A baseline that learns nothing.
    public static func fixed(_ policy: any Policy, needsSentiment: Bool = false) -> Contender {
        Contender(name: policy.name, spec: needsSentiment ? .fused() : nil, isLearned: false) { _ in policy }
    }

    /// The standard baselines: buy-and-hold, SMA(10,30), the sentiment-threshold rule, random.
    public static var baselines: [Contender] {
        [.fixed(BuyAndHoldPolicy()), .fixed(SMACrossoverPolicy(fast: 10, slow: 30)),
         .fixed(SentimentThresholdPolicy(), needsSentiment: true), .fittedSentimentThreshold, .fixed(RandomPolicy(seed: 0))]
    }
}

extension Contender {
    /// The sentiment-threshold rule with its thresholds chosen on the training window: the
    /// (buy, sell) pair with the best equal-weight training Sharpe. A learned baseline that shows
    /// what fitting a simple sentiment rule buys before reaching for RL.
    public static var fittedSentimentThreshold: Contender {
        Contender(name: "sentiment (fitted)", spec: .fused(), isLearned: false) { request in
            SentimentThresholdFit.fit(request).policy
        }
    }
}

/// Grid search of sentiment-rule thresholds on training ranges only.
public enum SentimentThresholdFit {
    public static let buyGrid = [0.0, 0.05, 0.1, 0.15, 0.2, 0.3]
    public static let sellGrid = [-0.3, -0.2, -0.1, -0.05, 0.0]

    public static func fit(_ request: FitRequest) -> (policy: SentimentThresholdPolicy, trainSharpe: Double) {
        var best = (policy: SentimentThresholdPolicy(), trainSharpe: -Double.infinity)
        for buy in buyGrid {
            for sell in sellGrid where sell <= buy {
                var policy: any Policy = SentimentThresholdPolicy(buyAbove: buy, sellBelow: sell, allowShort: request.backtest.rules.allowShort)
                let results = zip(request.series, request.trainRanges).map { s, r in
                    Backtester.run(any: &policy, on: s, range: r, config: request.backtest)
                }
                let sharpe = PortfolioView.equalWeight(results, periodsPerYear: 252)?.sharpe ?? -.infinity
                if sharpe > best.trainSharpe {
                    best = (SentimentThresholdPolicy(buyAbove: buy, sellBelow: sell, allowShort: request.backtest.rules.allowShort), sharpe)
                }
            }
        }
        return best
    }
}
