import Learning

/// The default learned agent of the demo and of `eval`. The window, actions and ensemble come from
/// the demo's markets (earlier sessions, see the README); the turnover penalty, discount and
/// entropy bonus were chosen by `sentrade tune` on a market kept apart from the acceptance markets
/// (synthetic seed 300, 4 symbols × 1,000 sessions, ρ = 0.15; 16 trials of observation
/// normalisation × turnover penalty × γ × entropy, 2 seeds × 3 folds, `--max-turnover 35`): the best
/// walk-forward Sharpe among trials trading ≤ 35× a year (1.73 at 24×, deflated Sharpe probability
/// 0.97 over the 16; the unconstrained best was 1.87 at 52×).
public enum AgentDefaults {
    /// Bars per observation: the current bar's features (returns over 1, 5 and 20 bars already
    /// summarise the past); longer windows gave the network more noise to fit.
    public static let window = 1
    /// Buy / sell / hold: holding is an explicit choice, so an unsure agent keeps its position.
    public static let actions: ActionScheme = .discrete3
    /// 20 bps of reward friction per unit of turnover, beyond the costs in the equity.
    public static let turnoverPenalty = 0.002
    /// A short horizon: the planted kind of signal pays over the next session, and long discounted
    /// sums of noisy daily returns mostly add variance to the advantages.
    public static let gamma = 0.7
    /// A small entropy bonus keeps the agent exploring the hold action under the penalty.
    public static let entCoef = 0.01

    /// The PPO settings of the default agent: the trading defaults with `gamma` and `entCoef`.
    public static func ppo(seed: UInt64 = 0) -> PPOConfig {
        var p = TrainingConfig.defaultPPO(seed: seed)
        p.gamma = gamma
        p.entCoef = entCoef
        return p
    }
    /// Bars a position is held at least (1: no minimum).
    public static let minHoldBars = 1
    /// Agents (training seeds) averaged per contender in the demo.
    public static let ensembleSize = 3
}
