import Foundation

/// How failed calls are retried: exponential backoff with full jitter (AWS architecture blog
/// "Exponential Backoff and Jitter"), never shorter than the server's own advice (`Retry-After`,
/// `x-rate-limit-reset`), capped so a bad header cannot park the bot for hours.
///
/// `timeScale` multiplies every wait; tests set it tiny so fault scenarios run in milliseconds.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first (1 = no retry).
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// Longest server-advised wait honoured; longer advice ends in `.rateLimited` instead.
    public var maxServerDelay: Double
    public var timeScale: Double
    /// Uniform random number in [0, 1); injectable for deterministic tests.
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.5, maxDelay: Double = 20,
                maxServerDelay: Double = 120, timeScale: Double = 1,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxServerDelay = maxServerDelay
        self.timeScale = timeScale
        self.random = random
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    /// Full jitter: uniform in [0, min(maxDelay, base · 2^attempt)], attempt counted from 0.
    public func backoff(attempt: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(min(attempt, 30))))
        return random() * ceiling
    }

    /// The wait before the next attempt: the larger of the jittered backoff and the server's advice.
    public func delay(attempt: Int, serverAdvice: Double?) -> Double {
        let jitter = backoff(attempt: attempt)
        guard let advice = serverAdvice, advice > 0 else { return jitter }
        return max(jitter, min(advice, maxServerDelay))
    }

    /// Sleeps `seconds · timeScale`; cancellation ends the wait with `CancellationError`.
    public func sleep(seconds: Double) async throws {
        let scaled = max(0, seconds * timeScale)
        guard scaled > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(scaled * 1_000_000_000))
    }
}

/// Reads the server's advice on when to retry from the headers APIs use.
public enum RetryAdvice {
    /// `Retry-After` (seconds or HTTP date), else `x-rate-limit-reset` / `x-ratelimit-reset`
    /// (Unix epoch seconds, as X and Alpaca send), relative to `now`.
    public static func seconds(headers: [(String, String)], now: Date = Date()) -> Double? {
        func value(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
                .trimmingCharacters(in: .whitespaces)
        }
        if let retryAfter = value("Retry-After") {
            if let seconds = Double(retryAfter), seconds.isFinite { return max(0, seconds) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            if let date = formatter.date(from: retryAfter) { return max(0, date.timeIntervalSince(now)) }
        }
        for name in ["x-rate-limit-reset", "x-ratelimit-reset"] {
            if let reset = value(name), let epoch = Double(reset), epoch.isFinite {
                return max(0, epoch - now.timeIntervalSince1970)
            }
        }
        return nil
    }
}
