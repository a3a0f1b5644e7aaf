import Foundation

/// Mean and standard deviation over the last `capacity` values, updated in O(1) per value.
///
/// Sums are kept relative to a shift (the first value seen) so that the variance of small
/// returns around a large level does not lose precision; they are recomputed from the ring every
/// `capacity` updates to stop rounding drift.
public struct RollingStats: Sendable, Hashable {
    public let capacity: Int
    private var ring: [Double]
    private var head = 0
    public private(set) var count = 0
    private var shift = 0.0
    private var sum = 0.0
    private var sumSquares = 0.0
    private var sinceRecompute = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "RollingStats needs a positive capacity")
        self.capacity = capacity
        ring = [Double](repeating: 0, count: capacity)
    }

    public mutating func push(_ x: Double) {
        if count == 0 { shift = x }
        let v = x - shift
        if count == capacity {
            let old = ring[head]
            sum -= old
            sumSquares -= old * old
        } else {
            count += 1
        }
        ring[head] = v
        sum += v
        sumSquares += v * v
        head = head + 1 == capacity ? 0 : head + 1
        sinceRecompute += 1
        if sinceRecompute >= capacity { recompute() }
    }

    private mutating func recompute() {
        sinceRecompute = 0
        sum = 0
        sumSquares = 0
        for i in 0..<count {
            let v = ring[(head - 1 - i + 2 * capacity) % capacity]
            sum += v
            sumSquares += v * v
        }
    }

    public var mean: Double { count > 0 ? shift + sum / Double(count) : 0 }

    /// Sample standard deviation (n − 1); 0 for fewer than two values.
    public var standardDeviation: Double {
        guard count > 1 else { return 0 }
        let n = Double(count)
        let variance = (sumSquares - sum * sum / n) / (n - 1)
        return variance > 0 ? variance.squareRoot() : 0
    }

    /// The value pushed `ago` updates before the latest (0 = latest), with its shift restored.
    public func value(ago: Int) -> Double? {
        guard ago >= 0, ago < count else { return nil }
        return ring[(head - 1 - ago + 2 * capacity) % capacity] + shift
    }
}

/// An exponential moving average with the usual α = 2 / (n + 1), seeded by the first value.
public struct EMA: Sendable, Hashable {
    public let alpha: Double
    public private(set) var value = 0.0
    public private(set) var count = 0

    public init(period: Int) { alpha = 2 / (Double(period) + 1) }

    @discardableResult
    public mutating func push(_ x: Double) -> Double {
        value = count == 0 ? x : value + alpha * (x - value)
        count += 1
        return value
    }
}

/// Wilder's RSI: average gain and loss smoothed with α = 1/n after an n-bar simple-average seed.
public struct WilderRSI: Sendable, Hashable {
    public let period: Int
    private var avgGain = 0.0
    private var avgLoss = 0.0
    private var changes = 0
    private var previous: Double?

    public init(period: Int = 14) { self.period = period }

    /// Pushes a close; returns RSI in [0, 100], or nil until `period` changes are seen.
    public mutating func push(_ close: Double) -> Double? {
        defer { previous = close }
        guard let prev = previous else { return nil }
        let change = close - prev
        let gain = max(change, 0), loss = max(-change, 0)
        changes += 1
        let n = Double(period)
        if changes <= period {
            avgGain += gain / n
            avgLoss += loss / n
            if changes < period { return nil }
        } else {
            avgGain = (avgGain * (n - 1) + gain) / n
            avgLoss = (avgLoss * (n - 1) + loss) / n
        }
        if avgLoss == 0 { return avgGain == 0 ? 50 : 100 }
        return 100 - 100 / (1 + avgGain / avgLoss)
    }
}
