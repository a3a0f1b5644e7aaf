import ArgumentParser
import Foundation
import Live

struct BenchLive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Bar-in → order-submitted latency (p50/p99) and journal rows/s of the live stack (simulated broker, in process).")
    @OptionGroup var options: BenchOptions
    @Option(help: "Sessions replayed.") var sessions = 2_000

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-bench-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var out: [String: Any] = [:]
        for durable in [false, true] {
            let r = try await LiveBenchmark.run(sessions: sessions, durable: durable, directory: dir)
            let key = durable ? "durable" : "normal"
            out["\(key).p50_us"] = (r.p50Microseconds * 10).rounded() / 10
            out["\(key).p99_us"] = (r.p99Microseconds * 10).rounded() / 10
            out["\(key).max_us"] = (r.maxMicroseconds * 10).rounded() / 10
            out["\(key).journal_rows_per_s"] = r.journalRowsPerSecond.rounded()
            out["\(key).orders"] = r.orders
            out["\(key).live_over_backtest_per_bar"] = (r.liveOverBacktest * 10).rounded() / 10
            out["backtest_ns_per_bar"] = (r.backtestNanosecondsPerBar * 10).rounded() / 10
            out["bars"] = r.bars
        }
        try options.emit(out)
    }
}
