import Backtest
import Strategy
import Features
import Foundation
import Learning
import TradingCore

/// PPO agents as evaluation contenders: trained per fold and seed on the training window with
/// `TradingTraining` (best checkpoint by validation Sharpe on the window's last part), then run
/// greedily on the test window. Price-only and sentiment-fused agents share every setting but the
/// features, so their difference is the sentiment.
public struct PPOContenderSettings: Sendable {
    public var ppo: PPOConfig
    public var env: TradingEnvConfig
    public var options: TrainingOptions
    public var window: Int

    /// Defaults: `AgentDefaults` (window, actions, turnover penalty, γ, entropy bonus); one agent per seed (the
    /// evaluation already averages the seeds' returns).
    public init(timesteps: Int = 200_000, window: Int = AgentDefaults.window) {
        ppo = AgentDefaults.ppo()
        ppo.totalTimesteps = timesteps
        env = AgentDefaults.env()
        options = TrainingOptions()
        self.window = window
    }
}

extension Contender {
    public static func ppo(name: String, features: [FeatureID], settings: PPOContenderSettings, analyzer: String? = nil) -> Contender {
        let spec = FeatureSpec(features: features, window: settings.window)
        return Contender(name: name, spec: spec, isLearned: true, analyzer: analyzer) { request in
            var env = settings.env
            env.costs = request.backtest.costs
            env.fill = request.backtest.fill
            env.rules = request.backtest.rules
            env.initialCash = request.backtest.initialCash
            var ppo = settings.ppo
            ppo.seed = request.seed
            let outcome = try TradingTraining.train(series: request.series, trainRanges: request.trainRanges,
                                                    validationRanges: request.validationRanges, env: env, ppo: ppo,
                                                    options: settings.options)
            return try PPOPolicy(model: outcome.model, manifest: outcome.manifest, name: name)
        }
    }

    /// The two agents every evaluation compares.
    public static func ppoPair(_ settings: PPOContenderSettings) -> [Contender] {
        [.ppo(name: "ppo price-only", features: FeatureID.market, settings: settings),
         .ppo(name: "ppo fused", features: FeatureID.market + FeatureID.sentiment, settings: settings)]
    }

    /// Sentiment feature groups that ablations switch off one at a time.
    public static let sentimentGroups: [(name: String, features: [FeatureID])] = [
        ("count", [.sentPostCount, .sentFilteredShare]),
        ("polarity", [.sentMeanPolarity, .sentBullishShare, .sentDispersion, .sentDecayedPolarity]),
        ("weighted polarity", [.sentWeightedPolarity]),
        ("surprise", [.sentSurprise]),
    ]

    /// The fused agent without each sentiment group in turn.
    public static func ppoAblations(_ settings: PPOContenderSettings) -> [Contender] {
        sentimentGroups.map { group in
            .ppo(name: "ppo fused − \(group.name)",
                 features: FeatureID.market + FeatureID.sentiment.filter { !group.features.contains($0) }, settings: settings)
        }
    }
}
