import ArgumentParser
import Foundation
import TradingCore

/// Small helpers shared by the commands: dates, files, JSON, timing. Commands stay thin: they
/// parse, build configuration and call library code.
enum CLI {
    /// Parses `YYYY-MM-DD` or fails naming the option.
    static func date(_ text: String?, option: String) throws -> LocalDate? {
        guard let text else { return nil }
        guard let d = LocalDate(text) else {
            throw ValidationError("\(option) '\(text)' is not a date in YYYY-MM-DD form")
        }
        return d
    }

    /// Writes `contents` to `path`, creating parent folders.
    static func write(_ contents: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.dateEncodingStrategy = .iso8601  // never Foundation's default (seconds since 2001)
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Prints to standard error (progress and notes; stdout stays machine-readable with --json).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// `scripts/NAME` in the package this binary was built from (the reference benchmarks live there).
    static func scriptPath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/\(name)").path
    }

    /// Runs `python ARGUMENTS` (with `environment` added to ours) and parses its standard output as
    /// one JSON object: how every reference benchmark reports. The object is nil when the process
    /// failed or printed something else; the exit status says which.
    static func runPythonJSON(_ python: String, arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, object: [String: Any]?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return (process.terminationStatus, nil) }
        return (0, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any])
    }

    static var isTTY: Bool { isatty(STDERR_FILENO) != 0 }

    /// Seconds of CPU time used by this process so far.
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static func wallSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// The cost and fill options every trading command shares.
struct ExecutionOptions: ParsableArguments {
    @Option(help: "Fill decisions at the next bar's open or the same bar's close: next-open | close.")
    var fill: String = "next-open"
    @Option(name: .customLong("fee-bps"), help: "Commission in basis points of traded notional.")
    var feeBps: Double = 1
    @Option(name: .customLong("slippage-bps"), help: "Half-spread / slippage in basis points of price, paid on every fill.")
    var slippageBps: Double = 5
    @Option(name: .customLong("fixed-fee"), help: "Fixed fee per trade, in account currency.")
    var fixedFee: Double = 0
    @Option(help: "Starting cash.")
    var cash: Double = 10_000
    @Flag(name: .customLong("whole-shares"), help: "Trade whole shares only (default: fractional).")
    var wholeShares = false
    @Flag(name: .customLong("allow-short"), help: "Allow short positions (default: long-only).")
    var allowShort = false

    func fillRule() throws -> FillRule {
        guard let rule = FillRule(rawValue: fill) else {
            throw ValidationError("--fill '\(fill)' must be next-open or close")
        }
        return rule
    }

    func costs() throws -> CostModel {
        do {
            return try CostModel(commissionBps: feeBps, slippageBps: slippageBps, fixedFee: fixedFee).validated()
        } catch {
            throw ValidationError(String(describing: error))
        }
    }

    func rules() -> PositionRules { PositionRules(allowShort: allowShort, fractionalShares: !wholeShares) }

    func validateCash() throws {
        guard cash.isFinite, cash > 0 else { throw ValidationError("--cash must be a positive number, got \(cash)") }
    }
}
