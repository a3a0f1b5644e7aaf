import ArgumentParser
import Connectors
import Foundation

/// `sentrade bench serve`: starts `sentrade serve` as a second process on a loopback port and
/// loads `/invocations` from this one for a bounded time: requests/s, p50/p99 latency, errors.
struct BenchServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Load-test the inference server (second process, loopback, bounded time).")
    @OptionGroup var options: BenchOptions
    @Option(help: "Seconds of load (at most 60).") var seconds: Double = 10
    @Option(help: "Concurrent requests.") var concurrency = 8
    @Option(help: "Texts per request.") var texts = 10
    @Option(help: "Model folder passed to serve.") var model: String?

    func run() async throws {
        let duration = min(max(seconds, 1), 60)
        let port = 18_000 + Int(getpid() % 2_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        server.arguments = ["serve", "--port", String(port), "--host", "127.0.0.1"] + (model.map { ["--model", $0] } ?? [])
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGTERM); server.waitUntilExit() }
        let base = "http://127.0.0.1:\(port)"
        let http = HTTPCore(service: "bench", timeout: 10, retry: .none)
        var up = false
        for _ in 0..<100 where !up {
            up = (try? await http.sendOnce(HTTPRequestSpec(url: base + "/ping"), attempt: 0))?.status == 200
            if !up { try await Task.sleep(nanoseconds: 50_000_000) }
        }
        guard up else { throw ValidationError("the server did not answer /ping on \(base)") }
        let sample = ["Revenue beat estimates and guidance was raised", "Shares plunge after the downgrade to sell",
                      "$XYZ flat ahead of earnings", "Record quarter, margins expand", "CEO resigns amid probe"]
        let body = try JSONSerialization.data(withJSONObject: ["TextList": (0..<texts).map { sample[$0 % sample.count] }, "LanguageCode": "en"])
        let request = HTTPRequestSpec(method: "POST", url: base + "/invocations",
                                      headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: body)
        let deadline = Date().addingTimeInterval(duration)
        let results = await withTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<max(concurrency, 1) {
                group.addTask {
                    var latencies: [Double] = [], errors = 0
                    while Date() < deadline {
                        let t = DispatchTime.now().uptimeNanoseconds
                        let reply = try? await http.sendOnce(request, attempt: 0)
                        if reply?.status == 200 { latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6) } else { errors += 1 }
                    }
                    return (latencies, errors)
                }
            }
            var all: [Double] = [], errors = 0
            for await (l, e) in group { all += l; errors += e }
            return (all.sorted(), errors)
        }
        let (latencies, errors) = results
        func pct(_ q: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(Int(Double(latencies.count) * q), latencies.count - 1)] }
        try options.emit(["requests": latencies.count, "errors": errors, "seconds": duration, "concurrency": concurrency,
                          "texts_per_request": texts, "requests_per_s": (Double(latencies.count) / duration).rounded(),
                          "p50_ms": (pct(0.5) * 100).rounded() / 100, "p99_ms": (pct(0.99) * 100).rounded() / 100])
    }
}
