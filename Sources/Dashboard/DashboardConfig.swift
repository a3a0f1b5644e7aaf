import Foundation

/// Why the dashboard will not start or serve a request, in words that name the setting.
public struct DashboardError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Where the dashboard listens and who may use it. Binding beyond loopback needs a token (then
/// every request needs it); the controls (pause / resume / kill) always need it.
public struct DashboardConfig: Sendable {
    public var journalPath: String
    public var host: String
    /// 0: any free port (the bound port is printed).
    public var port: Int
    public var token: String?
    public var logFile: String?
    /// Seconds between checks of the journal for changes (server-sent events).
    public var pollInterval: Double
    /// At most this many live-update streams at once (each is one open connection).
    public var maxStreams: Int

    public init(journalPath: String, host: String = "127.0.0.1", port: Int = 8787, token: String? = nil, logFile: String? = nil,
                pollInterval: Double = 0.5, maxStreams: Int = 16) {
        self.journalPath = journalPath
        self.host = host
        self.port = port
        self.token = token
        self.logFile = logFile
        self.pollInterval = pollInterval
        self.maxStreams = maxStreams
    }

    /// True for 127.0.0.0/8, ::1 and `localhost`.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Refuses a configuration that would expose the journal or the controls.
    public func validate() throws {
        guard (0...65_535).contains(port) else { throw DashboardError("--port \(port): must be 0…65535") }
        if let token, token.count < 16 {
            throw DashboardError("the dashboard token is \(token.count) characters; use at least 16 (e.g. `openssl rand -hex 16`)")
        }
        if !isLoopback, token == nil {
            throw DashboardError("--host \(host) is not a loopback address: set SENTRADE_DASHBOARD_TOKEN (or --token-file) so the dashboard is not open to the network")
        }
        guard FileManager.default.fileExists(atPath: journalPath) else {
            throw DashboardError("--journal \(journalPath): no such file (start `sentrade live` with this journal first)")
        }
    }

    /// Compares a presented token with the configured one in constant time.
    func accepts(_ presented: String?) -> Bool {
        guard let token, let presented else { return false }
        let a = Array(token.utf8), b = Array(presented.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<min(a.count, b.count) { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
