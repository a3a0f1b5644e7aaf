import Foundation
import NIOConcurrencyHelpers

/// Named points in the runner where the crash-safety test kills the process with SIGKILL: after
/// the intent is journaled and before the order is sent, after the broker accepted it and before
/// the journal heard, and so on. Inert unless `SENTRADE_CRASH_AT=POINT:N` is set, in which case
/// the N-th time POINT is reached the process sends itself SIGKILL (no cleanup, no flush — a real
/// crash). Reading the variable once at start keeps the hot path to one comparison.
public struct CrashPoints: Sendable {
    public static let all = ["before-journal", "after-journal", "after-submit", "after-ack", "after-fill", "after-cycle"]
    private let point: String?
    private let count: Int
    private let hits = NIOLockedValueBox(0)

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let parts = (environment["SENTRADE_CRASH_AT"] ?? "").split(separator: ":")
        point = parts.first.map(String.init)
        count = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
    }

    public func reach(_ name: String) {
        guard let point, point == name, hits.withLockedValue({ $0 += 1; return $0 }) == count else { return }
        kill(getpid(), SIGKILL)
    }

}
