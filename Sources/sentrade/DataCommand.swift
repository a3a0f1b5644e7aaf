import ArgumentParser
import Connectors
import Foundation
import TradingCore

/// `sentrade data …`: bring market data onto disk.
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Fetch market data into CSV files.",
        subcommands: [DataFetch.self])
}

/// `sentrade data fetch --source alpaca --symbols AAPL,MSFT --timeframe 1Day --from … --out DIR`.
struct DataFetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download bars from Alpaca into one CSV per symbol (time,open,high,low,close,volume); resumable.",
        discussion: HelpText.reflow("""
            Keys come from APCA_API_KEY_ID / APCA_API_SECRET_KEY, or from a Secrets Manager JSON secret
            (--secret-id). Re-running appends only bars after the last one on file. ALPACA_DATA_URL points
            the client at another host. Symbols with a slash (BTC/USD) are fetched as crypto bars.

            Examples:
              sentrade data fetch --symbols AAPL,MSFT --from 2023-01-01 --to 2024-01-01 --out data/alpaca
              sentrade data fetch --symbols SPY --timeframe 15Min --from 2024-05-01 --feed iex
              sentrade data fetch --symbols BTC/USD --timeframe 1Hour --from 2024-01-01 --secret-id sentrade/keys
            """))

    @Option(help: "Data source (only `alpaca`).") var source = "alpaca"
    @Option(help: "Comma-separated symbols.") var symbols: String
    @Option(help: "Bar length: 1Day, 1Hour, 15Min, …") var timeframe = "1Day"
    @Option(help: "Start date (YYYY-MM-DD or RFC 3339, UTC).") var from: String
    @Option(help: "End date (exclusive of later bars; default now).") var to: String?
    @Option(help: "Output directory.") var out = "data/alpaca"
    @Option(help: "Stock feed: iex, sip, delayed_sip.") var feed: String?
    @Option(help: "Price adjustment: raw, split, dividend, all.") var adjustment = "all"
    @Option(name: .customLong("secret-id"), help: "Secrets Manager secret holding the keys as JSON.") var secretID: String?
    @Flag(help: "Print a JSON summary.") var json = false

    func run() async throws {
        guard source == "alpaca" else { throw ValidationError("--source must be alpaca") }
        guard let frame = Timeframe(timeframe) else { throw ValidationError("--timeframe '\(timeframe)' is not 1Day, 1Hour or NMin") }
        guard let adjust = AlpacaMarketDataClient.Adjustment(rawValue: adjustment) else {
            throw ValidationError("--adjustment must be raw, split, dividend or all")
        }
        let list = DataKeys.symbols(symbols)
        guard !list.isEmpty else { throw ValidationError("--symbols is empty") }
        let start = try DataKeys.date(from, option: "from")
        let end = try to.map { try DataKeys.date($0, option: "to") }
        let config = try AlpacaConfig.fromEnvironment(overrides: try await DataKeys.overrides(secretID: secretID))
        let store = BarCSVStore(directory: out)
        let job = BarFetchJob(client: AlpacaMarketDataClient(config: config), store: store)
        let outcome = await job.runEach(symbols: list, timeframe: frame, from: start, to: end, adjustment: adjust, feed: feed)
        if json {
            let summary = list.map { symbol -> [String: Any] in
                var row: [String: Any] = ["symbol": symbol, "written": outcome.written[symbol] ?? 0, "file": store.path(for: symbol)]
                if let failure = outcome.failures[symbol] { row["error"] = "\(failure)" }
                return row
            }
            let data = try JSONSerialization.data(withJSONObject: ["symbols": summary], options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for symbol in list {
                if let failure = outcome.failures[symbol] {
                    print("\(symbol): failed: \(failure)")
                } else {
                    print("\(symbol): \(outcome.written[symbol] ?? 0) new bars -> \(store.path(for: symbol))")
                }
            }
        }
        if !outcome.failures.isEmpty {
            throw ExitCode.failure
        }
    }
}
