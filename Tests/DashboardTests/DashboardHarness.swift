import Features
import Foundation
import Learning
import TestSupport
import Workflows
import XCTest

/// A finished `live --sim` session in a temporary folder: synthetic prices and posts, a fused PPO
/// checkpoint (untrained weights: explanations need an agent, not a good one), and the journal.
struct Session {
    var root: URL
    var journal: String

    static func make() throws -> Session {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-dashboard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let data = root.appendingPathComponent("data").path
        let synth = try CommandRunner.run(["synth", "--symbols", "AAA,BBB", "--sessions", "260", "--out", data])
        XCTAssertEqual(synth.status, 0, synth.stderr)
        let spec = FeatureSpec.fused(window: 3)
        var env = TradingEnvConfig()
        env.actions = .targets([0, 0.5, 1])
        let model = ActorCritic(observationSize: ObservationBuilder.size(for: spec), actionCount: 3, seed: 3)
        var manifest = CheckpointManifest(observationSize: model.observationSize, actionCount: 3, network: model.config)
        manifest.featureSpec = spec
        manifest.envConfig = env
        manifest.sentiment = SentimentFeatureBuilder().settings(analyzerID: "lexicon")
        let checkpoint = root.appendingPathComponent("ckpt")
        try Checkpoint.save(model: model, manifest: manifest, to: checkpoint)
        let journal = root.appendingPathComponent("session.sqlite").path
        let sim = try CommandRunner.run(["live", "--sim", "--prices", data + "/prices", "--posts-file", data + "/posts.jsonl",
                                         "--policy", "ckpt:" + checkpoint.path, "--journal", journal, "--from", "2015-04-01"])
        XCTAssertEqual(sim.status, 0, sim.stderr)
        return Session(root: root, journal: journal)
    }
}

/// `sentrade dashboard` as a child process on a free loopback port.
final class DashboardProcess {
    let process = Process()
    let url: String
    private let output = Pipe()

    init(journal: String, token: String?, extra: [String] = []) throws {
        process.executableURL = try CommandRunner.binary()
        process.arguments = ["dashboard", "--journal", journal, "--port", "0"] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["SENTRADE_DASHBOARD_TOKEN"] = token
        process.environment = environment
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first stdout line names the bound URL.
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        let handle = output.fileHandleForReading
        while !text.contains("\n"), Date() < deadline, process.isRunning {
            text += String(decoding: handle.availableData, as: UTF8.self)
        }
        guard let range = text.range(of: #"http://127\.0\.0\.1:\d+/"#, options: .regularExpression) else {
            process.terminate()
            throw XCTSkip("the dashboard did not report its URL: \(text)")
        }
        url = String(text[range])
    }

    /// SIGTERM, then waits: the dashboard must shut down promptly even with an event stream open.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            XCTFail("the dashboard did not exit within 15 s of SIGTERM")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}

/// Headless Chromium through Tests/Browser/cdp_driver.py (the DevTools protocol over a pipe).
final class Browser {
    let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffer = Data()

    /// Chromium from `CHROMIUM`, or Debian's `chromium`. Absent: skip here, fail under CI=true.
    static func chromium() throws -> String {
        let candidates = [ProcessInfo.processInfo.environment["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser",
                          "/usr/bin/google-chrome"].compactMap { $0 }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        let message = "headless Chromium is not installed (apt-get install chromium, or set CHROMIUM=PATH); the browser test is skipped"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("CI=true but " + message)
            throw XCTSkip("failed: " + message)
        }
        throw XCTSkip(message)
    }

    init(chromium: String, profile: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = SharedData.packageRoot.appendingPathComponent("Tests/Browser/cdp_driver.py").path
        process.arguments = ["python3", script, chromium, profile]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
    }

    /// Sends a command and returns its answer; a failed command fails the test with its message.
    @discardableResult
    func send(_ command: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        var data = try JSONSerialization.data(withJSONObject: command)
        data.append(0x0A)
        input.fileHandleForWriting.write(data)
        while !buffer.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw XCTSkip("the browser driver exited") }
            buffer.append(chunk)
        }
        let end = buffer.firstIndex(of: 0x0A) ?? buffer.endIndex
        let lineData = buffer[buffer.startIndex..<end]
        buffer = Data(buffer[buffer.index(after: end)...])
        guard let answer = try JSONSerialization.jsonObject(with: lineData) as? [String: Any] else { return [:] }
        if answer["ok"] as? Bool != true {
            XCTFail("browser: \(command["cmd"] ?? "?") \(command["js"] ?? "") failed: \(answer)", file: file, line: line)
            throw XCTSkip("failed: \(answer)")
        }
        return answer
    }

    func wait(_ js: String, timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) throws {
        try send(["cmd": "wait", "js": js, "timeout": timeout], file: file, line: line)
    }

    func evaluate(_ js: String) throws -> String {
        (try send(["cmd": "eval", "js": js])["value"] as? String) ?? ""
    }

    func quit() {
        if process.isRunning { _ = try? send(["cmd": "quit"]) }
        process.waitUntilExit()
    }
}
