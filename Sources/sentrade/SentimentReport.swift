import ArgumentParser
import Foundation
import MarketData
import Sentiment
import TradingCore

/// `sentrade sentiment report --stocknet ROOT --symbol AAPL`: per trading day, the posts collected
/// and kept, the sentiment features, and the filter counts — the sentiment half of a backtest row.
struct SentimentReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Daily post counts, polarity and filter statistics for one symbol of a StockNet tree.",
        discussion: HelpText.reflow("""
            Example:
              sentrade sentiment report --stocknet ../shared/data/stocknet --symbol AAPL --from 2014-01-01 --to 2014-03-31
            Posts after a session's close count for the next session (no look-ahead). --json prints one
            object per day, then a summary object.
            """))

    @Option(help: "StockNet root (with prices/ and tweets/).") var stocknet: String
    @Option(help: "Ticker.") var symbol: String
    @Option(help: "First session date (YYYY-MM-DD); default: first tweet day.") var from: String?
    @Option(help: "Last session date (YYYY-MM-DD); default: last tweet day.") var to: String?
    @Option(help: "`lexicon` or `model:DIR`.") var analyzer = "lexicon"
    @Option(help: "Drop posts with more cashtags than this.") var maxCashtags = PostFilterConfig().maxCashtags
    @Option(help: "Half-life of the decayed polarity, in bars.") var halfLife = SentimentAggregatorConfig().halfLifeBars
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        let loader = StockNetLoader(root: stocknet)
        let fromDate = try from.map { try Self.date($0, "--from") }
        let toDate = try to.map { try Self.date($0, "--to") }
        let loaded = try loader.posts(symbol, from: fromDate?.adding(days: -7), to: toDate)
        guard let first = loaded.posts.first, let last = loaded.posts.last else {
            throw ValidationError("no tweets for \(symbol) under \(stocknet)/tweets in the given range")
        }
        let start = fromDate ?? LocalDate(first.time, in: .newYork)
        let end = toDate ?? LocalDate(last.time, in: .newYork)
        let prices = try loader.prices(symbol)
        let series = BarSeries(symbol: symbol, timeframe: prices.timeframe, bars: prices.bars.filter {
            let d = LocalDate($0.time, in: .newYork)
            return d >= start && d <= end
        })
        let aligned = PostAligner().align(loaded.posts, to: series)
        var pipeline = SymbolSentimentPipeline(
            analyzer: try AnalyzerSpec.load(analyzer), filter: PostFilterConfig(maxCashtags: maxCashtags),
            aggregator: SentimentAggregatorConfig(halfLifeBars: halfLife))
        if !json { print("date        posts  kept  mean_pol  w_pol   bullish  disp   decayed  surprise") }
        for (bar, posts) in zip(series.bars, aligned.byBar) {
            let out = pipeline.next(posts: posts)
            let f = out.features
            let day = LocalDate(bar.time, in: .newYork).description
            if json {
                var obj: [String: Any] = ["date": day, "posts": out.stats.seen, "kept": out.stats.kept]
                for (name, value) in zip(SentimentFeatures.names, f.values) { obj[name] = value }
                let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(String(format: "%@  %5d  %4d  %+.3f    %+.3f  %.3f    %.3f  %+.3f   %+.2f", day, out.stats.seen, out.stats.kept,
                             f.meanPolarity, f.weightedPolarity, f.bullishShare, f.dispersion, f.decayedPolarity, f.polaritySurprise))
            }
        }
        let totals = pipeline.filter.totals
        let removed = FilterReason.allCases.map { ($0.rawValue, totals.removed[$0] ?? 0) }
        if json {
            var summary: [String: Any] = ["symbol": symbol, "days": series.count, "posts": totals.seen, "kept": totals.kept,
                                          "skipped_lines": loaded.skipped.count, "before_range": aligned.beforeRange,
                                          "after_range": aligned.afterRange]
            summary["removed"] = Dictionary(uniqueKeysWithValues: removed)
            print(String(decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("\(symbol): \(series.count) sessions, \(totals.seen) posts aligned, \(totals.kept) kept; removed: "
                + removed.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
                + "; unreadable lines \(loaded.skipped.count); outside range \(aligned.beforeRange + aligned.afterRange)")
        }
    }

    static func date(_ text: String, _ name: String) throws -> LocalDate {
        guard let d = LocalDate(text) else { throw ValidationError("\(name) \(text) is not a YYYY-MM-DD date") }
        return d
    }
}
