import Foundation

/// The rate-limit window a reply reported (`x-rate-limit-*` on X, `x-ratelimit-*` on Alpaca), so
/// pollers can slow down before they are throttled.
public struct RateLimitStatus: Sendable, Hashable {
    public var limit: Int?
    public var remaining: Int?
    /// When the window resets.
    public var reset: Date?

    public init(limit: Int? = nil, remaining: Int? = nil, reset: Date? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }

    /// Nil when the reply carried no rate-limit headers.
    public init?(headers: [(String, String)]) {
        func int(_ suffix: String) -> Int? {
            for prefix in ["x-rate-limit-", "x-ratelimit-"] {
                if let v = headers.first(where: { $0.0.lowercased() == prefix + suffix })?.1 {
                    return Int(v.trimmingCharacters(in: .whitespaces))
                }
            }
            return nil
        }
        let limit = int("limit"), remaining = int("remaining"), reset = int("reset")
        guard limit != nil || remaining != nil || reset != nil else { return nil }
        self.init(limit: limit, remaining: remaining,
                  reset: reset.map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }
}
