import ArgumentParser
import Foundation
import MarketData
import TradingCore
import Workflows

/// `sentrade synth`: writes the synthetic market as user-format files (prices CSV + posts JSONL).
struct SynthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a synthetic market as prices/SYMBOL.csv and posts.jsonl (the formats eval and backtest read).",
        discussion: "Example: sentrade synth --symbols AAA,BBB --sessions 300 --posts-per-symbol 600 --out Examples/eval")

    @Option(help: "Comma-separated symbols.") var symbols: String = "AAA,BBB"
    @Option(help: "Sessions per symbol.") var sessions: Int = 300
    @Option(help: "First session (YYYY-MM-DD).") var start: String = "2015-01-02"
    @Option(help: "Random seed.") var seed: UInt64 = 7
    @Option(help: "Planted signal strength.") var signal: Double = 0.15
    @Option(name: .customLong("posts-per-symbol"), help: "Keep at most this many posts per symbol (evenly spaced).")
    var postsPerSymbol: Int?
    @Option(help: "Output folder.") var out: String

    func run() async throws {
        guard sessions > 0 else { throw ValidationError("--sessions must be positive") }
        guard signal.isFinite, abs(signal) < 1 else { throw ValidationError("--signal \(signal): must be in (−1, 1) (a correlation)") }
        let names = symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--symbols '\(symbols)': give at least one symbol, e.g. AAA,BBB") }
        guard let first = try CLI.date(start, option: "--start") else { return }
        var config = SyntheticMarketConfig()
        config.symbols = symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        config.sessions = sessions
        config.start = first
        config.seed = seed
        config.signalStrength = signal
        let files = try SyntheticExport.write(SyntheticMarket.generate(config), to: out, maxPostsPerSymbol: postsPerSymbol)
        for f in files { print(f) }
    }
}
