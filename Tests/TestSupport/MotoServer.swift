import Connectors
import Foundation
import NIOCore
import NIOPosix
import XCTest

/// `moto_server` launched as a subprocess on a free 127.0.0.1 port, for AWS client tests.
public final class MotoServer: Sendable {
    let process: Process
    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)" }

    /// The environment an AWS client needs to talk to this server with dummy keys.
    public var environment: [String: String] {
        ["AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
         "AWS_REGION": "us-east-1", "HOME": "/nonexistent"]
    }

    public static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/moto_server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A port nobody listens on right now.
    public static func freePort() throws -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let channel = try ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 0
        try channel.close().wait()
        return port
    }

    /// Starts moto and waits until it answers; skips (fails under CI=true) when it is not installed.
    public static func start() async throws -> MotoServer {
        guard let exe = executable() else {
            let message = "moto_server not installed (pip install 'moto[server]')"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("required under CI=true: " + message) }
            throw XCTSkip(message)
        }
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = MotoServer(process: process, port: port)
        let probe = HTTPCore(service: "moto-probe", timeout: 1, retry: .none)
        for _ in 0..<100 {
            if let reply = try? await probe.sendOnce(HTTPRequestSpec(url: server.url + "/moto-api/")), reply.status < 500 {
                return server
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        server.stop()
        throw XCTSkip("moto_server did not start on port \(port)")
    }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// SIGKILL and reap (moto ignores SIGTERM when spawned from the test process, and
    /// `waitUntilExit` spins a run loop).
    public func stop() {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }
}
