import Foundation
import TradingCore

/// Buy at the first decision and hold to the end: the benchmark every strategy must beat.
public struct BuyAndHoldPolicy: Policy {
    public let name = "buy-and-hold"
    private var bought = false

    public init() {}
    public mutating func reset() { bought = false }
    public mutating func decide(_ context: DecisionContext) -> Decision {
        if bought { return .hold }
        bought = true
        return .target(1)
    }
}

/// Long (or short) while the fast simple moving average of closes is above (below) the slow one,
/// flat otherwise. The averages update in O(1) per bar; a decision is emitted only when the
/// signal changes (targets are 0 or ±1, which never drift, so holding is the same position).
public struct SMACrossoverPolicy: Policy {
    public let fast: Int
    public let slow: Int
    public let allowShort: Bool
    public var name: String { "sma:\(fast),\(slow)" }
    public var lookback: Int { slow + 1 }
    private var fastSum = 0.0
    private var slowSum = 0.0
    private var lastIndex = -2
    private var lastTarget: Double?

    public init(fast: Int, slow: Int, allowShort: Bool = false) {
        precondition(fast > 0 && slow > fast, "SMA crossover needs 0 < fast < slow")
        self.fast = fast
        self.slow = slow
        self.allowShort = allowShort
    }

    public mutating func reset() {
        lastIndex = -2
        lastTarget = nil
    }

    @inline(__always)
    public mutating func decide(_ context: DecisionContext) -> Decision {
        let t = context.index
        guard context.available >= slow, let now = context.close() else { lastIndex = -2; return emit(0) }
        if t == lastIndex + 1, let dropFast = context.close(ago: fast), let dropSlow = context.close(ago: slow) {
            fastSum += now - dropFast
            slowSum += now - dropSlow
        } else {
            fastSum = 0
            slowSum = 0
            for k in 0..<fast { fastSum += context.close(ago: k) ?? 0 }
            for k in 0..<slow { slowSum += context.close(ago: k) ?? 0 }
        }
        lastIndex = t
        // fastSum/fast vs slowSum/slow, compared without dividing (fast, slow > 0).
        let fastScaled = fastSum * Double(slow), slowScaled = slowSum * Double(fast)
        if fastScaled > slowScaled { return emit(1) }
        return emit(allowShort && fastScaled < slowScaled ? -1 : 0)
    }

    @inline(__always)
    private mutating func emit(_ target: Double) -> Decision {
        if target == lastTarget { return .hold }
        lastTarget = target
        return .target(target)
    }
}

/// Long when the decayed sentiment polarity is above `buyAbove`, flat (or short) when below
/// `sellBelow`, unchanged in between. The simplest use of sentiment, as a baseline for the agent.
public struct SentimentThresholdPolicy: Policy {
    public let buyAbove: Double
    public let sellBelow: Double
    public let allowShort: Bool
    public var name: String { "sentiment:\(buyAbove),\(sellBelow)" }

    public init(buyAbove: Double = 0.1, sellBelow: Double = -0.1, allowShort: Bool = false) {
        self.buyAbove = buyAbove
        self.sellBelow = sellBelow
        self.allowShort = allowShort
    }

    public mutating func reset() {}
    public mutating func decide(_ context: DecisionContext) -> Decision {
        let s = context.sentiment.decayedPolarity
        if s > buyAbove { return .target(1) }
        if s < sellBelow { return .target(allowShort ? -1 : 0) }
        return .hold
    }
}

/// Uniformly random buy / sell / hold each bar (seeded): the floor a learned policy must clear.
public struct RandomPolicy: Policy {
    public let seed: UInt64
    public var name: String { "random:\(seed)" }
    private var rng: SeededGenerator

    public init(seed: UInt64 = 0) {
        self.seed = seed
        rng = SeededGenerator(seed: seed)
    }

    public mutating func reset() { rng = SeededGenerator(seed: seed) }
    public mutating func decide(_ context: DecisionContext) -> Decision {
        switch rng.nextInt(below: 3) {
        case 0: return .target(1)
        case 1: return .target(0)
        default: return .hold
        }
    }
}

/// Replays a fixed list of decisions (for parity tests and for replaying journals).
public struct ScriptedPolicy: Policy {
    public let name: String
    public let decisions: [Decision]
    private var next = 0

    public init(name: String = "scripted", decisions: [Decision]) {
        self.name = name
        self.decisions = decisions
    }

    public mutating func reset() { next = 0 }
    public mutating func decide(_ context: DecisionContext) -> Decision {
        defer { next += 1 }
        return next < decisions.count ? decisions[next] : .hold
    }
}
