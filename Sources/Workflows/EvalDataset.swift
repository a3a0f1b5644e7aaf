import Foundation
import MarketData
import Sentiment
import TradingCore

/// Prices and posts of several symbols for an evaluation: StockNet's layout, or a folder of price
/// CSVs plus one JSON Lines posts file that a user brings.
public struct EvalDataset: Sendable {
    public var bars: [BarSeries]
    public var posts: [String: [Post]]
    public var skippedLines: [SkippedLine]
    public var source: String
    /// The files and folders read (for the run record's SHA-256 list).
    public var inputFiles: [String]

    public init(bars: [BarSeries], posts: [String: [Post]], skippedLines: [SkippedLine], source: String, inputFiles: [String] = []) {
        self.bars = bars
        self.posts = posts
        self.skippedLines = skippedLines
        self.source = source
        self.inputFiles = inputFiles
    }

    public static func stocknet(root: String, symbols: [String]?) throws -> EvalDataset {
        let loader = StockNetLoader(root: root)
        let chosen = try symbols ?? loader.symbols()
        var bars: [BarSeries] = [], posts: [String: [Post]] = [:], skipped: [SkippedLine] = []
        for s in chosen {
            bars.append(try loader.prices(s))
            let p = try loader.posts(s)
            posts[s] = p.posts
            skipped += p.skipped
        }
        return EvalDataset(bars: bars, posts: posts, skippedLines: skipped, source: "stocknet:\(root)",
                           inputFiles: chosen.flatMap { ["\(root)/prices/\($0).csv", "\(root)/tweets/\($0)"] })
    }

    /// `pricesDirectory/SYMBOL.csv` for each symbol and posts from a JSON Lines file (each post's
    /// `symbol`/`symbols` field says which symbol it is about).
    public static func files(pricesDirectory: String, postsFile: String?, symbols: [String]?) throws -> EvalDataset {
        let fm = FileManager.default
        let chosen: [String]
        if let symbols {
            chosen = symbols
        } else {
            guard let names = try? fm.contentsOfDirectory(atPath: pricesDirectory) else {
                throw MarketDataError.notFound(path: pricesDirectory, what: "prices folder")
            }
            chosen = names.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
        }
        var bars: [BarSeries] = []
        for s in chosen {
            let path = "\(pricesDirectory)/\(s).csv"
            guard fm.fileExists(atPath: path) else { throw MarketDataError.notFound(path: path, what: "price file for \(s)") }
            bars.append(try CSVBarLoader().load(path: path, symbol: s))
        }
        var posts: [String: [Post]] = [:]
        var skipped: [SkippedLine] = []
        if let postsFile {
            let loaded = try PostFileLoader().load(path: postsFile)
            skipped = loaded.skipped
            for p in loaded.posts { for s in p.symbols where chosen.contains(s) { posts[s, default: []].append(p) } }
        }
        return EvalDataset(bars: bars, posts: posts, skippedLines: skipped, source: "files:\(pricesDirectory)",
                           inputFiles: chosen.map { "\(pricesDirectory)/\($0).csv" } + (postsFile.map { [$0] } ?? []))
    }
}

/// What was checked about the data before a run, in words a user can act on. Errors make the run
/// refuse to start; warnings are printed and the run goes on.
public struct DataCheckReport: Sendable {
    public var errors: [String] = []
    public var warnings: [String] = []
    public var lines: [String] = []

    /// Checks each symbol's coverage of `[from, to]` and its posts.
    public static func check(_ data: EvalDataset, from: LocalDate, to: LocalDate, calendar: any TradingCalendar = NYSECalendar()) -> DataCheckReport {
        var report = DataCheckReport()
        let sessions = calendar.sessions(from: from, to: to).map(\.date)
        if sessions.isEmpty { report.errors.append("no trading sessions between \(from) and \(to)") }
        for series in data.bars {
            let dates = Set(series.bars.map { LocalDate($0.time, in: calendar.timeZone) })
            let covered = sessions.filter { dates.contains($0) }.count
            if covered == 0 {
                report.errors.append("\(series.symbol): no prices between \(from) and \(to)")
                continue
            }
            if covered < sessions.count {
                report.warnings.append("\(series.symbol): prices on \(covered) of \(sessions.count) sessions; missing sessions are skipped")
            }
            let posts = data.posts[series.symbol] ?? []
            let postDays = Set(posts.map { calendar.firstSession(closingAtOrAfter: $0.time).date })
            let withPosts = sessions.filter { postDays.contains($0) }.count
            let outside = posts.filter { p in
                let d = LocalDate(p.time, in: calendar.timeZone)
                return d < from || d > to
            }.count
            if posts.isEmpty { report.warnings.append("\(series.symbol): no posts at all; its sentiment features are 'no posts' throughout") }
            report.lines.append("\(series.symbol): \(covered) sessions with prices, \(withPosts) with posts (\(sessions.count - withPosts) without), \(posts.count) posts, \(outside) outside the period")
        }
        if !data.skippedLines.isEmpty {
            report.warnings.append("\(data.skippedLines.count) unusable post lines skipped (first: \(data.skippedLines[0]))")
        }
        return report
    }
}
