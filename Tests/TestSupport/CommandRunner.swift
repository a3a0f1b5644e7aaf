import Foundation
import XCTest

/// Runs the built `sentrade` binary as a subprocess, the way a user or a scheduler does.
public enum CommandRunner {
    public struct Result: Sendable {
        public var status: Int32
        /// True when the process died of a signal (e.g. SIGKILL) instead of exiting.
        public var signaled: Bool
        public var stdout: String
        public var stderr: String
    }

    /// The `sentrade` executable next to the test bundle (SwiftPM builds it: the test targets depend on it).
    public static func binary() throws -> URL {
        let here = URL(fileURLWithPath: ProcessInfo.processInfo.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [here.appendingPathComponent("sentrade"),
                          here.deletingLastPathComponent().appendingPathComponent("sentrade"),
                          SharedData.packageRoot.appendingPathComponent(".build/release/sentrade"),
                          SharedData.packageRoot.appendingPathComponent(".build/debug/sentrade")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("the sentrade binary was not found next to the tests (\(candidates.map(\.path)))")
        }
        return found
    }

    /// What `timeout` is multiplied by: `SENTRADE_TEST_TIMEOUT_SCALE` (default 1). Sanitizer builds
    /// run the binary 10–50× slower (a debug ThreadSanitizer build trains at ~40 steps/s), so their
    /// runs set it instead of failing on the clock. `killAfter` (a deliberate kill) is not scaled.
    public static var timeoutScale: Double {
        ProcessInfo.processInfo.environment["SENTRADE_TEST_TIMEOUT_SCALE"].flatMap(Double.init).map { max($0, 1) } ?? 1
    }

    /// Runs `sentrade ARGUMENTS` with `environment` added to ours; `killAfter` sends SIGKILL after
    /// that many seconds, `timeout` (× `timeoutScale`) kills a run that hangs.
    public static func run(_ arguments: [String], environment: [String: String] = [:], killAfter: Double? = nil,
                           timeout: Double = 120, workingDirectory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try binary()
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(killAfter ?? timeout * timeoutScale)
        // Drain the pipes while waiting, so a chatty child never blocks on a full pipe.
        let outData = ThreadedReader(out.fileHandleForReading), errData = ThreadedReader(err.fileHandleForReading)
        while process.isRunning, Date() < deadline { usleep(1_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                      stdout: outData.finish(), stderr: errData.finish())
    }
}

/// Reads a pipe to its end on a background thread.
final class ThreadedReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }
    func finish() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Runs a Python snippet (`python3 -c SCRIPT ARGUMENTS…`, the python3 on PATH: CI's venv) and
/// returns its exit status and standard output.
public enum PythonSnippet {
    public static func run(_ script: String, arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
