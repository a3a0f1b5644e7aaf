import ArgumentParser
import Backtest
import Foundation
import Live
import TradingCore

/// The journal options every `live` reader shares.
struct JournalOptions: ParsableArguments {
    @Option(help: "SQLite journal path.") var journal: String
    @Flag(help: "Print JSON.") var json = false

    func open() throws -> Journal {
        guard FileManager.default.fileExists(atPath: journal) else { throw ValidationError("--journal \(journal): no such file") }
        do { return try Journal(path: journal, durable: false) } catch { throw ValidationError("\(error)") }
    }
}

struct LiveStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "The run, risk state, equity and row counts of a journal.")
    @OptionGroup var options: JournalOptions

    func run() throws {
        let j = try options.open()
        let run = try j.latestRun()
        let equity = try j.equity().last
        let counts = try j.counts()
        let risk = try j.state("risk_state") ?? "ACTIVE"
        struct Status: Encodable {
            var strategy: String?, mode: String?, started: String?, ended: String?, exitReason: String?
            var riskState: String, riskReason: String?, equity: Double?, equityTime: String?, counts: [String: Int]
        }
        let status = Status(strategy: run?.strategy, mode: run?.mode, started: run.map { ISO8601DateFormatter().string(from: $0.started) },
                            ended: run?.ended.map { ISO8601DateFormatter().string(from: $0) }, exitReason: run?.reason,
                            riskState: risk, riskReason: try j.state("risk_reason"), equity: equity?.equity,
                            equityTime: equity.map { ISO8601DateFormatter().string(from: $0.time) }, counts: counts)
        if options.json { print(try CLI.json(status)); return }
        print("strategy \(status.strategy ?? "-") (\(status.mode ?? "-")), last run started \(status.started ?? "-"), "
              + "ended \(status.ended ?? "running or killed") \(status.exitReason.map { "(\($0))" } ?? "")")
        print("risk \(risk)\(status.riskReason.map { ": \($0)" } ?? ""); equity \(equity.map { String(format: "%.2f", $0.equity) } ?? "-") at \(status.equityTime ?? "-")")
        print(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}

struct LiveOrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orders", abstract: "Orders in a journal, newest last.")
    @OptionGroup var options: JournalOptions
    @Option(help: "At most this many.") var limit = 50

    func run() throws {
        let orders = try options.open().orders(limit: limit)
        if options.json { print(try CLI.json(orders)); return }
        for o in orders {
            print("\(ISO8601.string(o.decisionTime)) \(o.symbol) \(o.side.rawValue) \(Order.decimalText(o.quantity, decimals: 6)) "
                  + "\(o.state.rawValue)/\(o.brokerStatus ?? "-") filled \(Order.decimalText(o.filledQuantity, decimals: 6))"
                  + "\(o.filledAveragePrice.map { String(format: " @ %.4f", $0) } ?? "") \(o.clientOrderID)\(o.reason.map { " — \($0)" } ?? "")")
        }
    }
}

struct LivePositionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "positions", abstract: "Each symbol's position and sleeve equity from the journal.")
    @OptionGroup var options: JournalOptions

    func run() throws {
        let j = try options.open()
        let symbols = Set(try j.fills().map(\.symbol)).union(try j.orders().map(\.symbol)).sorted()
        struct Row: Encodable { var symbol: String; var shares: Double; var equity: Double?; var price: Double? }
        let rows = try symbols.map { s -> Row in
            let last = try j.equity(symbol: s).last
            let shares = try j.fills(symbol: s).reduce(0.0) { $0 + ($1.side == .buy ? $1.quantity : -$1.quantity) }
            return Row(symbol: s, shares: shares, equity: last?.equity, price: last?.price)
        }
        if options.json { print(try CLI.json(rows)); return }
        for r in rows { print("\(r.symbol) \(Order.decimalText(r.shares, decimals: 6)) shares, sleeve equity \(r.equity.map { String(format: "%.2f", $0) } ?? "-")") }
    }
}

struct LiveDecisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decisions", abstract: "The latest decisions in a journal.")
    @OptionGroup var options: JournalOptions
    @Option(help: "At most this many.") var limit = 20

    func run() throws {
        let decisions = try options.open().decisions(limit: limit)
        if options.json { print(try CLI.json(decisions)); return }
        for d in decisions {
            print("\(ISO8601.string(d.time)) \(d.symbol) \(d.decision) exposure \(String(format: "%.3f", d.exposure)) equity \(String(format: "%.2f", d.equity))")
        }
    }
}

struct LiveTradesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trades",
        abstract: "Round trips rebuilt from a journal's fills (CSV as trades.csv, or --json), the open ones marked at the last bar.",
        discussion: "P&L includes commission and slippage, as in a backtest's trades.csv; win rate = share of round trips with P&L > 0.")
    @OptionGroup var options: JournalOptions

    func run() throws {
        let j = try options.open()
        let fills = try j.fills()
        var marks: [String: FillReplay.Mark] = [:]
        for symbol in Set(fills.map(\.symbol)) {
            guard let last = try j.equity(symbol: symbol).last else { continue }
            let bar = try j.decisions(symbol: symbol, limit: 1).last?.seq ?? fills.filter { $0.symbol == symbol }.map(\.appliedSeq).max() ?? 0
            marks[symbol] = FillReplay.Mark(price: last.price, time: last.time, bar: bar)
        }
        let trips = FillReplay.roundTrips(fills.map { FillReplay.BookedFill(fill: $0.fill, bar: $0.appliedSeq) }, marks: marks)
        if options.json {
            struct Output: Encodable { var tradeStatistics: TradeStatistics; var trades: [RoundTrip] }
            print(try CLI.json(Output(tradeStatistics: TradeStatistics(trips), trades: trips)))
            return
        }
        print(RoundTrip.csvHeader + trips.map(\.csvRow).joined(), terminator: "")
    }
}

struct LiveStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Trip the kill switch of the runner using this journal (cancel open orders, flatten if configured).")
    @OptionGroup var options: JournalOptions
    @Option(name: .customLong("kill-file"), help: "The runner's kill file (default: JOURNAL.kill).") var killFile: String?

    func run() throws {
        let path = killFile ?? options.journal + ".kill"
        try CLI.write("kill requested by \(NSUserName()) at \(ISO8601DateFormatter().string(from: Date()))\n", to: path)
        try options.open().recordEvent(kind: "control", message: "kill requested by \(NSUserName()) (sentrade live stop)", run: nil)
        print("kill switch set: \(path); the runner flattens on its next cycle")
    }
}
