import Features
import Foundation
import TradingCore

/// Why an agent decided what it did at one bar: its action probabilities, and the probabilities
/// it would have had with the sentiment inputs replaced by neutral values, and with the price
/// inputs replaced by neutral values (occlusion). The shifts say how much each group of inputs
/// moved the decision — what a trader asks of a bot before trusting it.
///
/// Neutral is 0 in the normalised feature space, in every row of the observation window: for the
/// bounded sentiment slots (polarities, shares, dispersion, surprise) that is exactly a bar with no
/// posts; for the z-scored post count it is the symbol's usual volume of posts; for the price
/// features, an ordinary bar (returns, volatility, RSI, MACD at their rolling averages). The agent
/// state (position, entry, holding time) is never replaced.
public struct DecisionExplanation: Sendable, Codable, Equatable {
    /// A label per action (`hold`, `target 1.00`, …).
    public var actions: [String]
    public var probabilities: [Double]
    /// With sentiment inputs neutral (nil: the agent reads no sentiment).
    public var withoutSentiment: [Double]?
    /// With price inputs neutral.
    public var neutralPrice: [Double]
    /// The greedy action, and what it would have been without sentiment.
    public var chosen: Int
    public var chosenWithoutSentiment: Int?
    public var chosenWithNeutralPrice: Int

    public init(actions: [String], probabilities: [Double], withoutSentiment: [Double]?, neutralPrice: [Double]) {
        self.actions = actions
        self.probabilities = probabilities
        self.withoutSentiment = withoutSentiment
        self.neutralPrice = neutralPrice
        chosen = Self.argmax(probabilities)
        chosenWithoutSentiment = withoutSentiment.map(Self.argmax)
        chosenWithNeutralPrice = Self.argmax(neutralPrice)
    }

    /// Total variation distance between the actual and the sentiment-neutral probabilities (0 … 1).
    public var sentimentShift: Double? { withoutSentiment.map { Self.distance(probabilities, $0) } }
    /// Total variation distance between the actual and the price-neutral probabilities.
    public var priceShift: Double { Self.distance(probabilities, neutralPrice) }
    /// How much sentiment raised (+) or lowered (−) the chosen action's probability.
    public var sentimentPush: Double? { withoutSentiment.map { probabilities[chosen] - $0[chosen] } }
    /// True when the decision would have been different without sentiment.
    public var sentimentFlipped: Bool { chosenWithoutSentiment.map { $0 != chosen } ?? false }

    /// The first index of the largest value.
    public static func argmax(_ p: [Double]) -> Int {
        var best = 0
        for i in p.indices where p[i] > p[best] { best = i }
        return best
    }

    static func distance(_ p: [Double], _ q: [Double]) -> Double {
        0.5 * zip(p, q).reduce(0) { $0 + abs($1.0 - $1.1) }
    }

    /// One line for logs and tables: `target 1.00 (p 0.71); sentiment moved it by 0.18, price by 0.35`.
    public var summary: String {
        var text = "\(actions[chosen]) (p \(String(format: "%.2f", probabilities[chosen])))"
        if let s = sentimentShift {
            text += String(format: "; sentiment shift %.3f", s)
            if let c = chosenWithoutSentiment, c != chosen { text += " (without it: \(actions[c]))" }
        }
        text += String(format: ", price shift %.3f", priceShift)
        return text
    }

    /// A label for a decision.
    public static func label(_ decision: Decision) -> String {
        switch decision {
        case .hold: return "hold"
        case .target(let x): return String(format: "target %.2f", x)
        }
    }
}

/// What a run's explanations add up to: how many decisions, how much price and sentiment moved
/// them on average, and how many sentiment changed. Reports and the session report show it.
public struct ExplanationSummary: Sendable, Equatable {
    public var decisions: Int
    public var meanPriceShift: Double
    /// Nil when the agent reads no sentiment.
    public var meanSentimentShift: Double?
    public var changedBySentiment: Int
    /// Decisions that had a sentiment counterfactual.
    public var withSentiment: Int

    public init(_ explanations: [DecisionExplanation]) {
        decisions = explanations.count
        meanPriceShift = explanations.map(\.priceShift).reduce(0, +) / Double(max(explanations.count, 1))
        let shifts = explanations.compactMap(\.sentimentShift)
        withSentiment = shifts.count
        meanSentimentShift = shifts.isEmpty ? nil : shifts.reduce(0, +) / Double(shifts.count)
        changedBySentiment = explanations.filter(\.sentimentFlipped).count
    }
}

/// A policy that can say why it decided (the PPO agent). The live engine journals the explanation
/// with each decision; reports summarise them.
public protocol ExplainablePolicy: Policy {
    func explain(_ context: DecisionContext) -> DecisionExplanation
}

extension PPOPolicy: ExplainablePolicy {
    public func explain(_ context: DecisionContext) -> DecisionExplanation {
        let observation = EnsemblePolicy.observation(context, spec: featureSpec)
        let spec = featureSpec ?? FeatureSpec(features: [], window: 1)
        let width = spec.features.count
        func neutral(_ keep: (FeatureID) -> Bool) -> [Double] {
            var o = observation
            for row in 0..<spec.window {
                for (j, id) in spec.features.enumerated() where !keep(id) { o[row * width + j] = 0 }
            }
            return probabilities(o).map(Double.init)
        }
        return DecisionExplanation(
            actions: actionDecisions.map(DecisionExplanation.label),
            probabilities: probabilities(observation).map(Double.init),
            withoutSentiment: spec.usesSentiment ? neutral { !$0.isSentiment } : nil,
            neutralPrice: neutral { $0.isSentiment })
    }
}

/// Wraps a policy and records the explanation of every decision it takes (for reports): the
/// wrapped policy decides exactly as it would alone.
public struct ExplanationRecorder<P: ExplainablePolicy>: Policy {
    public final class Log: @unchecked Sendable {
        public var entries: [(time: Date, explanation: DecisionExplanation)] = []
        public init() {}
    }

    public var inner: P
    public let log: Log
    public init(_ inner: P, log: Log = Log()) {
        self.inner = inner
        self.log = log
    }

    public var name: String { inner.name }
    public var lookback: Int { inner.lookback }
    public var featureSpec: FeatureSpec? { inner.featureSpec }
    public mutating func reset() {
        inner.reset()
        log.entries.removeAll()
    }

    public mutating func decide(_ context: DecisionContext) -> Decision {
        log.entries.append((context.time, inner.explain(context)))
        return inner.decide(context)
    }
}
