import Foundation
import FuzzSupport
import MarketData
import TradingCore

/// Fuzzes the bar CSV reader (`CSVBarLoader.parse`): Yahoo-style (`Date,Open,High,Low,Close,Adj
/// Close,Volume`, StockNet's price files) and plain (`time,open,high,low,close,volume`) files, with
/// and without adjusted closes. Price files come from users and downloads, so any bytes must end
/// in bars or a `MarketDataError`, never a trap. Accepted series are checked against the loader's
/// promises (sorted, unique times, positive prices, high ≥ low), whose breach would be a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVBars(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = Fuzz.text(start, count)
    for adjusted in [false, true] {
        let loader = CSVBarLoader(useAdjustedClose: adjusted)
        guard let series = try? loader.parse(text, file: "fuzz.csv", symbol: "FUZZ") else { continue }
        for (i, bar) in series.bars.enumerated() {
            Fuzz.check([bar.open, bar.high, bar.low, bar.close, bar.volume].allSatisfy(\.isFinite), "accepted a non-finite value in \(bar)")
            Fuzz.check(bar.low <= bar.high && bar.low > 0 && bar.volume >= 0, "accepted an invalid bar \(bar)")
            if i > 0 { Fuzz.check(series.bars[i - 1].time < bar.time, "accepted unsorted or duplicate times") }
        }
    }
    return 0
}

@main enum FuzzCSVBarsMain { static func main() { Fuzz.runDriver() } }
