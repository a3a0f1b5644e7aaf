import Foundation
import TradingCore

/// How discrete actions map to decisions.
public enum ActionScheme: Sendable, Hashable, Codable {
    /// The seed sketch's buy / sell / hold: 0 = buy (go to full long), 1 = sell (go flat, or full
    /// short when shorting is allowed), 2 = hold (no trade).
    case discrete3
    /// Action i = move to target exposure `levels[i]` (e.g. [0, 0.5, 1] or [−1, −0.5, 0, 0.5, 1]).
    case targets([Double])

    public var count: Int {
        switch self {
        case .discrete3: return 3
        case .targets(let levels): return levels.count
        }
    }

    @inline(__always)
    public func decision(for action: Int, allowShort: Bool) -> Decision {
        switch self {
        case .discrete3:
            switch action {
            case 0: return .target(1)
            case 1: return .target(allowShort ? -1 : 0)
            default: return .hold
            }
        case .targets(let levels):
            return .target(levels[min(max(action, 0), levels.count - 1)])
        }
    }

    /// The text form a config writes (`discrete3`, `targets:0,0.5,1`); `init?(_:)` reads it back.
    public var text: String {
        switch self {
        case .discrete3: return "discrete3"
        case .targets(let levels): return "targets:" + levels.map { "\($0)" }.joined(separator: ",")
        }
    }

    /// Parses `discrete3` or `targets:0,0.5,1`.
    public init?(_ text: String) {
        if text == "discrete3" { self = .discrete3; return }
        guard text.hasPrefix("targets:") else { return nil }
        let levels = text.dropFirst(8).split(separator: ",").compactMap { Double($0) }
        guard !levels.isEmpty, levels.allSatisfy({ $0.isFinite && abs($0) <= 1 }) else { return nil }
        self = .targets(levels)
    }
}

/// A config value written as text (`parse`), or in the keyed form checkpoints store (`keyed`); text
/// that does not parse is an error naming what was `expected`.
private func decodeTextOrKeyed<T>(_ decoder: any Decoder, parse: (String) -> T?, expected: String,
                                  keyed: () throws -> T) throws -> T {
    guard let text = try? decoder.singleValueContainer().decode(String.self) else { return try keyed() }
    guard let value = parse(text) else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not \(expected)"))
    }
    return value
}

extension ActionScheme {
    /// The encoded shape of checkpoints (Swift's synthesized enum coding), still read and written.
    private enum Keyed: Codable { case discrete3, targets([Double]) }

    /// Reads `discrete3` / `targets:0,0.5,1` (what a person writes in a config) or the keyed form
    /// checkpoints store.
    public init(from decoder: any Decoder) throws {
        self = try decodeTextOrKeyed(decoder, parse: ActionScheme.init,
                                     expected: "an action scheme: use discrete3 or targets:L1,L2,… with levels in [−1, 1]") {
            switch try Keyed(from: decoder) {
            case .discrete3: return .discrete3
            case .targets(let levels): return .targets(levels)
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .discrete3: try Keyed.discrete3.encode(to: encoder)
        case .targets(let levels): try Keyed.targets(levels).encode(to: encoder)
        }
    }
}

extension RewardScheme {
    private enum Keyed: Codable { case logReturn, differentialSharpe(eta: Double), sentimentAlignment(lambda: Double) }

    /// The text form a config writes; `init?(_:)` reads it back.
    public var text: String {
        switch self {
        case .logReturn: return "logReturn"
        case .differentialSharpe(let eta): return "differentialSharpe:\(eta)"
        case .sentimentAlignment(let lambda): return "sentimentAlignment:\(lambda)"
        }
    }

    /// Parses `logReturn`, `differentialSharpe:ETA` or `sentimentAlignment:LAMBDA`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let value = parts.count == 2 ? Double(parts[1]) : nil
        switch (parts.first, value) {
        case ("logReturn", nil) where parts.count == 1: self = .logReturn
        case ("differentialSharpe", let eta?) where eta.isFinite && eta > 0 && eta < 1: self = .differentialSharpe(eta: eta)
        case ("sentimentAlignment", let lambda?) where lambda.isFinite: self = .sentimentAlignment(lambda: lambda)
        default: return nil
        }
    }

    /// Reads the text form (configs) or the keyed form (checkpoints).
    public init(from decoder: any Decoder) throws {
        self = try decodeTextOrKeyed(decoder, parse: RewardScheme.init,
                                     expected: "a reward: use logReturn, differentialSharpe:ETA (0 < ETA < 1) or sentimentAlignment:LAMBDA") {
            switch try Keyed(from: decoder) {
            case .logReturn: return .logReturn
            case .differentialSharpe(let eta): return .differentialSharpe(eta: eta)
            case .sentimentAlignment(let lambda): return .sentimentAlignment(lambda: lambda)
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .logReturn: try Keyed.logReturn.encode(to: encoder)
        case .differentialSharpe(let eta): try Keyed.differentialSharpe(eta: eta).encode(to: encoder)
        case .sentimentAlignment(let lambda): try Keyed.sentimentAlignment(lambda: lambda).encode(to: encoder)
        }
    }
}

/// What the agent is rewarded for. Never the raw equity level (the seed's flaw: it rewards
/// having money, not making it).
public enum RewardScheme: Sendable, Hashable, Codable {
    /// log(equity_t / equity_{t−1}), net of all costs.
    case logReturn
    /// Moody & Saffell's differential Sharpe ratio of the log returns, adaptation rate η.
    case differentialSharpe(eta: Double)
    /// The seed's shaping: log return + λ · exposure held · mean polarity at the decision. It pulls
    /// the policy toward following sentiment whether or not sentiment pays; use with care.
    case sentimentAlignment(lambda: Double)
}

/// Everything that defines a trading environment besides its data. Stored in checkpoints.
public struct TradingEnvConfig: Sendable, Hashable, Codable {
    public var actions: ActionScheme = .targets([0, 0.5, 1])
    public var reward: RewardScheme = .logReturn
    /// Log-return rewards are multiplied by this (100: log returns in percent), which keeps value
    /// targets near unit scale for the learner; it does not change what is optimal. The
    /// differential Sharpe ratio is already unit-scale and is not multiplied.
    public var rewardScale: Double = 100
    public var costs: CostModel = .retailEquity
    public var fill: FillRule = .nextOpen
    public var rules = PositionRules()
    /// Steps per episode; nil runs to the end of the series' allowed range.
    public var episodeLength: Int? = 252
    public var initialCash: Double = 10_000
    /// The episode terminates when equity falls below this fraction of the initial cash.
    public var ruinFraction: Double = 0.5
    /// Turnover control: each step's reward is reduced by this fraction of the notional traded
    /// (over equity), on top of the costs already in the equity (0.001 = 10 bps of friction per
    /// unit of turnover). 0: the reward is exactly the net log return.
    public var turnoverPenalty: Double = 0
    /// Turnover control: a position, once opened, is held at least this many bars; until then any
    /// action that would trade it is a hold. 1: no minimum. The agent learns with the rule (it sees
    /// its holding time) and the policy applies it in backtests and live through `gate`.
    public var minHoldBars: Int = 1

    public init() {}

    enum CodingKeys: String, CodingKey {
        case actions, reward, rewardScale, costs, fill, rules, episodeLength, initialCash, ruinFraction, turnoverPenalty, minHoldBars
    }

    /// The decision for `action` under the action scheme and the minimum holding period, given the
    /// agent's state at the decision: the one mapping the environment, backtests and live share.
    @inline(__always)
    public func decision(for action: Int, state: AgentState) -> Decision {
        gate(actions.decision(for: action, allowShort: rules.allowShort), state: state)
    }

    /// `decision`, or `.hold` while the open position is younger than `minHoldBars` bars.
    @inline(__always)
    public func gate(_ decision: Decision, state: AgentState) -> Decision {
        guard minHoldBars > 1, abs(state.exposure) > 1e-9, state.barsInPosition + 1 < minHoldBars else { return decision }
        return .hold
    }

    /// Missing keys take their defaults, so checkpoints written before a setting existed still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TradingEnvConfig()
        actions = try c.decodeIfPresent(ActionScheme.self, forKey: .actions) ?? d.actions
        reward = try c.decodeIfPresent(RewardScheme.self, forKey: .reward) ?? d.reward
        rewardScale = try c.decodeIfPresent(Double.self, forKey: .rewardScale) ?? d.rewardScale
        costs = try c.decodeIfPresent(CostModel.self, forKey: .costs) ?? d.costs
        fill = try c.decodeIfPresent(FillRule.self, forKey: .fill) ?? d.fill
        rules = try c.decodeIfPresent(PositionRules.self, forKey: .rules) ?? d.rules
        episodeLength = c.contains(.episodeLength) ? try c.decodeIfPresent(Int.self, forKey: .episodeLength) : d.episodeLength
        initialCash = try c.decodeIfPresent(Double.self, forKey: .initialCash) ?? d.initialCash
        ruinFraction = try c.decodeIfPresent(Double.self, forKey: .ruinFraction) ?? d.ruinFraction
        turnoverPenalty = try c.decodeIfPresent(Double.self, forKey: .turnoverPenalty) ?? d.turnoverPenalty
        minHoldBars = try c.decodeIfPresent(Int.self, forKey: .minHoldBars) ?? d.minHoldBars
        guard minHoldBars >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .minHoldBars, in: c, debugDescription: "minHoldBars must be at least 1 (1: no minimum), got \(minHoldBars)")
        }
    }
}

/// Why an environment could not be built from the given data.
public enum TradingEnvError: Error, Sendable, Hashable, CustomStringConvertible {
    case noData
    case specMismatch(symbol: String, differences: [String])
    case tooShort(symbol: String, usableBars: Int)

    public var description: String {
        switch self {
        case .noData: return "the trading environment needs at least one series"
        case let .specMismatch(symbol, diffs): return "\(symbol): feature spec differs from the first series': \(diffs.joined(separator: "; "))"
        case let .tooShort(symbol, n): return "\(symbol): only \(n) usable bars after feature warm-up; need at least 2"
        }
    }
}
