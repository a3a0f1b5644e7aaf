import Foundation
import TradingCore

/// Per-symbol bar files (`time,open,high,low,close,volume`, RFC 3339 UTC times) that a fetch can
/// resume: the last stored time tells where to start, and only newer bars are appended.
public struct BarCSVStore: Sendable {
    public static let header = "time,open,high,low,close,volume"
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// `AAPL.csv`; `BTC/USD` becomes `BTC-USD.csv`.
    public func path(for symbol: String) -> String {
        directory + "/" + symbol.replacingOccurrences(of: "/", with: "-") + ".csv"
    }

    /// Time of the last bar on file, nil when there is no file or no bar.
    public func lastTime(symbol: String) -> Date? {
        guard let text = try? String(contentsOfFile: path(for: symbol), encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline).reversed() {
            guard let field = line.split(separator: ",").first, field != "time" else { continue }
            if let time = RFC3339.parse(String(field)) { return time }
        }
        return nil
    }

    /// Appends the bars newer than the file's last bar; writes the header for a new file.
    /// Returns how many bars were written.
    @discardableResult
    public func append(_ bars: [Bar], symbol: String) throws -> Int {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = path(for: symbol)
        let last = lastTime(symbol: symbol)
        let fresh = bars.sorted { $0.time < $1.time }.filter { bar in last.map { bar.time > $0 } ?? true }
        var text = FileManager.default.fileExists(atPath: file) ? "" : Self.header + "\n"
        for bar in fresh {
            text += "\(RFC3339.format(bar.time)),\(Self.number(bar.open)),\(Self.number(bar.high)),\(Self.number(bar.low)),\(Self.number(bar.close)),\(Self.number(bar.volume))\n"
        }
        guard !text.isEmpty else { return 0 }
        try appendText(text, toFile: file)
        return fresh.count
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// Fetches Alpaca bars into a `BarCSVStore`, resuming each symbol after its last stored bar.
public struct BarFetchJob: Sendable {
    public var client: AlpacaMarketDataClient
    public var store: BarCSVStore

    public init(client: AlpacaMarketDataClient, store: BarCSVStore) {
        self.client = client
        self.store = store
    }

    /// Bars written per symbol. Symbols with a `/` are fetched as crypto. Throws the first
    /// symbol's error only after trying every symbol; `failures` names them all.
    public func run(symbols: [String], timeframe: Timeframe, from: Date, to: Date?,
                    adjustment: AlpacaMarketDataClient.Adjustment = .all, feed: String? = nil) async throws -> [String: Int] {
        let outcome = await runEach(symbols: symbols, timeframe: timeframe, from: from, to: to, adjustment: adjustment, feed: feed)
        if let failure = symbols.lazy.compactMap({ outcome.failures[$0] }).first { throw failure }
        return outcome.written
    }

    /// What a fetch did per symbol: bars written, or the error that stopped that symbol.
    public struct Outcome: Sendable {
        public var written: [String: Int] = [:]
        public var failures: [String: Error] = [:]
    }

    /// Fetches every symbol, carrying on past a failing one (its file keeps what it had).
    public func runEach(symbols: [String], timeframe: Timeframe, from: Date, to: Date?,
                        adjustment: AlpacaMarketDataClient.Adjustment = .all, feed: String? = nil) async -> Outcome {
        var outcome = Outcome()
        for symbol in symbols {
            do {
                let start = store.lastTime(symbol: symbol).map { max(from, $0.addingTimeInterval(1)) } ?? from
                if let to, start >= to { outcome.written[symbol] = 0; continue }
                let bars = symbol.contains("/")
                    ? try await client.cryptoBars(symbols: [symbol], timeframe: timeframe, start: start, end: to)
                    : try await client.bars(symbols: [symbol], timeframe: timeframe, start: start, end: to,
                                            adjustment: adjustment, feed: feed)
                outcome.written[symbol] = try store.append(bars[symbol] ?? [], symbol: symbol)
            } catch {
                outcome.failures[symbol] = error
            }
        }
        return outcome
    }
}

/// Appends `text` to a file, creating it (and its directory) when missing.
public func appendText(_ text: String, toFile path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    if let handle = FileHandle(forWritingAtPath: path) {
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    } else {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
