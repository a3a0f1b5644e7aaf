import Foundation

/// The default credentials chain (environment, shared profile files, container endpoint), with
/// caching and refresh: temporary credentials are fetched again `refreshMargin` seconds before
/// they expire, so a long-running bot never signs with an expired key.
public actor AWSCredentialChain {
    public let providers: [any AWSCredentialProvider]
    public let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    /// How many times a provider was asked (for refresh tests and diagnostics).
    public private(set) var fetchCount = 0

    public init(providers: [any AWSCredentialProvider], refreshMargin: TimeInterval = 300,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.providers = providers
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// Environment, then profile, then container: the order the AWS SDKs use.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> AWSCredentialChain {
        AWSCredentialChain(providers: [
            EnvironmentCredentialProvider(environment: environment),
            ProfileCredentialProvider(environment: environment),
            ContainerCredentialProvider(environment: environment),
        ])
    }

    /// Current credentials, refreshed when missing or about to expire.
    public func credentials() async throws -> AWSCredentials {
        if let cached, !cached.expires(within: refreshMargin, now: now()) { return cached }
        for provider in providers {
            fetchCount += 1
            if let found = try await provider.credentials() {
                cached = found
                return found
            }
            fetchCount -= 1
        }
        throw ConnectorError.missingCredentials(
            "no AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, configure a profile in ~/.aws, or run with a container role")
    }
}

/// RFC 3339 / ISO 8601 timestamps as APIs send them (`Z` or offset, 0–9 fractional digits).
public enum RFC3339 {
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        func int(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for c in chars[from..<(from + count)] {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = int(0, 4), let month = int(5, 2), let day = int(8, 2) else { return nil }
        var seconds = Double(daysFromCivil(year, month, day)) * 86_400
        guard chars.count > 10 else { return Date(timeIntervalSince1970: seconds) }
        guard chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
              let hour = int(11, 2), let minute = int(14, 2), let second = int(17, 2) else { return nil }
        seconds += Double(hour * 3600 + minute * 60 + second)
        var i = 19
        if i < chars.count, chars[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                seconds += Double(chars[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        guard i < chars.count else { return Date(timeIntervalSince1970: seconds) }
        if chars[i] == UInt8(ascii: "Z") || chars[i] == UInt8(ascii: "z") { return Date(timeIntervalSince1970: seconds) }
        let sign: Double = chars[i] == UInt8(ascii: "-") ? -1 : 1
        guard chars[i] == UInt8(ascii: "+") || chars[i] == UInt8(ascii: "-"),
              let oh = int(i + 1, 2), let om = int(i + 4, 2) ?? int(i + 3, 2) else { return nil }
        return Date(timeIntervalSince1970: seconds - sign * Double(oh * 3600 + om * 60))
    }

    /// `2024-01-02T14:30:00Z`.
    public static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let rem = total - days * 86_400
        let (y, m, d) = civilFromDays(days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}
