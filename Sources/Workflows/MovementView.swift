import Backtest
import Strategy
import Features
import Foundation
import TradingCore

/// Next-day movement prediction, comparable with the StockNet paper (Xu & Cohen 2018: accuracy
/// 58.23%, MCC 0.0808 on 2015-10-01…2015-12-31): the label of decision day t is the close-to-close
/// return to t+1, "up" above +0.55%, "down" at or below −0.5%, days in between dropped.
public struct MovementView: Sendable {
    public struct Score: Sendable, Codable {
        public var predictor: String
        public var accuracy: Double
        public var mcc: Double
        public var days: Int
    }

    public static let upThreshold = 0.0055
    public static let downThreshold = -0.005

    /// The label of day `t` (nil: dropped or no next day).
    public static func label(_ s: TradingSeries, _ t: Int) -> Bool? {
        guard t + 1 < s.count, s.close[t] > 0 else { return nil }
        let r = s.close[t + 1] / s.close[t] - 1
        if r > upThreshold { return true }
        if r <= downThreshold { return false }
        return nil
    }

    /// Fits a logistic regression on the feature rows of the training days of every symbol and
    /// scores it on the test days; also scores "always up" as the trivial reference.
    public static func classifier(series: [TradingSeries], train: [Range<Int>], test: [Range<Int>], name: String) -> [Score] {
        var x: [[Double]] = [], y: [Bool] = []
        for (s, r) in zip(series, train) {
            for t in r where t >= s.features.firstWarmRow {
                // A training label needs close[t+1]: keep only days whose next close is still in training.
                guard t + 1 < r.upperBound, let l = label(s, t) else { continue }
                x.append(s.features.row(t).map(Double.init))
                y.append(l)
            }
        }
        guard !x.isEmpty, Set(y).count == 2 else { return [] }
        let (model, standardiser) = LogisticRegression.fit(x, y)
        var predicted: [Bool] = [], actual: [Bool] = []
        for (s, r) in zip(series, test) {
            for t in r {
                guard let l = label(s, t) else { continue }
                predicted.append(model.probability(standardised: standardiser.apply(s.features.row(t).map(Double.init))) > 0.5)
                actual.append(l)
            }
        }
        let fitted = BinaryClassificationScore(predicted: predicted, actual: actual)
        let always = BinaryClassificationScore(predicted: actual.map { _ in true }, actual: actual)
        return [Score(predictor: name, accuracy: fitted.accuracy, mcc: fitted.mcc, days: fitted.count),
                Score(predictor: "always up", accuracy: always.accuracy, mcc: always.mcc, days: always.count)]
    }
}

extension MovementView {
    /// Records, at each decision, whether the policy will hold a long position over the next
    /// session (its new target, or its current exposure when it holds): its "direction" call.
    struct DirectionRecorder<Base: Policy>: Policy {
        var base: Base
        var calls: [Int: Bool] = [:]
        var name: String { base.name }
        mutating func reset() {
            base.reset()
            calls = [:]
        }
        mutating func decide(_ context: DecisionContext) -> Decision {
            let d = base.decide(context)
            switch d {
            case .target(let x): calls[context.index] = x > 0
            case .hold: calls[context.index] = context.state.exposure > 0
            }
            return d
        }
    }

    /// Scores a fitted policy's direction calls on the labelled test days.
    static func direction(of policy: any Policy, name: String, series: [TradingSeries], test: [Range<Int>],
                          config: BacktestConfig) -> Score {
        var predicted: [Bool] = [], actual: [Bool] = []
        for (s, r) in zip(series, test) {
            func record<P: Policy>(_ p: P) -> [Int: Bool] {
                var recorder = DirectionRecorder(base: p)
                _ = Backtester.run(&recorder, on: s, range: max(r.lowerBound - 1, 0)..<r.upperBound, config: config)
                return recorder.calls
            }
            let calls = record(policy)
            for t in r {
                guard let l = label(s, t), let up = calls[t] else { continue }
                predicted.append(up)
                actual.append(l)
            }
        }
        let score = BinaryClassificationScore(predicted: predicted, actual: actual)
        return Score(predictor: name, accuracy: score.accuracy, mcc: score.mcc, days: score.count)
    }
}
