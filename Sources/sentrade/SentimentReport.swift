import ArgumentParser
import Foundation
import Sentiment
import TradingCore

/// `sentrade sentiment report --stocknet ROOT --symbol AAPL` (needs MarketData's StockNetLoader).
struct SentimentReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Daily post counts, polarity and filter statistics for one symbol of a StockNet tree.")

    @Option(help: "StockNet root (with tweets/).") var stocknet: String
    @Option(help: "Ticker.") var symbol: String

    func run() async throws {
        throw ValidationError("report needs the StockNet importer from MarketData, not merged yet")
    }
}
