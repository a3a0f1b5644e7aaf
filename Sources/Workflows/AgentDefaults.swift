import Learning

/// The default learned agent of the demo and of `eval`: what made the PPO agents trade like a
/// careful professional on the synthetic market (market seeds 100–104 × training seeds 0–4,
/// `sentrade demo --seed M --train-seed T`). Against the earlier default (10-bar window, targets
/// 0 / 0.5 / 1, no turnover penalty, one agent) the fused agent's held-out Sharpe went from 0.64
/// to 1.17 on average over the five markets, its turnover from ≈ 49× to ≈ 34× a year, and the
/// price-only agent matched or beat buy-and-hold on 4 of 5 markets instead of 1. It still trails the
/// sentiment-threshold rule on 4 of 5 (see the README's measured figures).
public enum AgentDefaults {
    /// Bars per observation: the current bar's features (returns over 1, 5 and 20 bars already
    /// summarise the past); longer windows gave the network more noise to fit.
    public static let window = 1
    /// Buy / sell / hold: holding is an explicit choice, so an unsure agent keeps its position.
    public static let actions: ActionScheme = .discrete3
    /// 10 bps of reward friction per unit of turnover, beyond the costs in the equity.
    public static let turnoverPenalty = 0.001
    /// Bars a position is held at least (1: no minimum).
    public static let minHoldBars = 1
    /// Agents (training seeds) averaged per contender in the demo.
    public static let ensembleSize = 3
}
