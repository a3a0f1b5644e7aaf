import Backtest
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
    public var fit: (FitRequest) throws -> any Policy

    public init(name: String, spec: FeatureSpec?, isLearned: Bool, fit: @escaping (FitRequest) throws -> any Policy) {
        self.name = name
        self.spec = spec
        self.isLearned = isLearned
        self.fit = fit
    }

    /// A baseline that learns nothing.
    public static func fixed(_ policy: any Policy, needsSentiment: Bool = false) -> Contender {
        Contender(name: policy.name, spec: needsSentiment ? .fused() : nil, isLearned: false) { _ in policy }
    }

    /// The standard baselines: buy-and-hold, SMA(10,30), the sentiment-threshold rule, random.
    public static var baselines: [Contender] {
        [.fixed(BuyAndHoldPolicy()), .fixed(SMACrossoverPolicy(fast: 10, slow: 30)),
         .fixed(SentimentThresholdPolicy(), needsSentiment: true), .fixed(RandomPolicy(seed: 0))]
    }
}
