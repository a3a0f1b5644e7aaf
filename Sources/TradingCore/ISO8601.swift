import Foundation

/// ISO 8601 UTC formatting without Foundation's formatter objects (they are slow and not Sendable).
public enum ISO8601 {
    public static func string(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        let days = Int((t / 86_400).rounded(.down))
        let secs = Int((t - Double(days) * 86_400).rounded(.down))
        let d = LocalDate(daysSinceEpoch: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(d)T\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))Z"
    }
}
