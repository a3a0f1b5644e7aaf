import Foundation
import TradingCore

extension LiveEngine {
    /// Pause: decisions are still taken and journaled, fills still booked, but no new order is
    /// sent until a resume. Survives restarts (journal state `paused_by`).
    public func pause(by who: String) throws {
        paused = who
        try journal.setState("paused_by", who)
        try event("control", nil, "paused by \(who)")
    }

    /// Applies the operator controls queued in the journal (by the dashboard or `sentrade live`),
    /// oldest first, and records each outcome. Returns how many were applied.
    @discardableResult
    public func applyControls(time: Date = Date()) async throws -> Int {
        var applied = 0
        for control in try journal.pendingControls() {
            let who = "\(control.requestedBy) (\(control.origin))"
            switch control.action {
            case .pause:
                try pause(by: who)
                try journal.finishControl(control.id, applied: true, note: "paused: no new orders")
            case .resume:
                paused = nil
                try journal.setState("paused_by", "")
                try resume(by: who)
                try journal.finishControl(control.id, applied: true, note: "resumed: risk state ACTIVE")
            case .kill:
                try await kill(reason: "requested by \(who)\(control.reason.map { ": \($0)" } ?? "")", time: time)
                try journal.finishControl(control.id, applied: true,
                                          note: config.limits.flattenOnKill ? "halted, open orders canceled, positions flattened" : "halted, open orders canceled")
            }
            applied += 1
        }
        return applied
    }

    /// Restores a pause journaled by an earlier run.
    func restorePause() throws {
        if let who = try journal.state("paused_by"), !who.isEmpty { paused = who }
    }
}
