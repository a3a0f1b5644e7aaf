import Foundation

/// The agent's own state appended to every observation: exposure, unrealised return of the open
/// position, and how long it has been held. Tracked identically by the environment and the
/// backtester, so a trained policy sees the same inputs in both.
public struct AgentState: Sendable, Hashable {
    /// Position value / equity after the latest fill, in [−1, 1].
    public var exposure: Double = 0
    /// Price at which the current position was opened (0 when flat).
    public var entryPrice: Double = 0
    /// Bars since the position was opened (0 when flat).
    public var barsInPosition: Int = 0

    public init() {}

    /// Updates after bar t's close with the exposure now held and the close price.
    @inlinable
    public mutating func update(exposure newExposure: Double, price: Double) {
        let flat = abs(newExposure) < 1e-9
        let wasFlat = abs(exposure) < 1e-9
        if flat {
            entryPrice = 0
            barsInPosition = 0
        } else if wasFlat || (newExposure > 0) != (exposure > 0) {
            entryPrice = price
            barsInPosition = 0
        } else {
            barsInPosition += 1
        }
        exposure = newExposure
    }

    /// The three observation values: exposure, sign-adjusted log return since entry (clipped to
    /// ±1), and holding time squashed into [0, 1).
    public func values(price: Double) -> (Float, Float, Float) {
        let pnl = entryPrice > 0 && price > 0 ? (exposure > 0 ? 1.0 : -1.0) * Foundation.log(price / entryPrice) : 0
        let held = Double(barsInPosition) / (Double(barsInPosition) + 20)
        return (Float(exposure), Float(min(max(pnl, -1), 1)), Float(held))
    }
}
