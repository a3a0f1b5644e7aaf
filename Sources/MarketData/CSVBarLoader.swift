import Foundation
import TradingCore

/// Reads bars from CSV: Yahoo-style (`Date,Open,High,Low,Close,Adj Close,Volume`, as in StockNet's
/// price files) and plain (`time,open,high,low,close,volume`). Columns are found by header name
/// (case-insensitive, any order); extra columns are ignored.
///
/// Validation is strict and never repairs silently: a missing column, an unparsable or
/// non-finite number, a non-positive price, `high < low`, a negative volume, an unsorted or
/// duplicate timestamp each stop the load with an error naming file, line, field and value.
public struct CSVBarLoader: Sendable {
    /// Scale Open/High/Low/Close by `Adj Close / Close` (dividend-adjusted prices), when the file
    /// has an `Adj Close` column.
    public var useAdjustedClose: Bool
    /// The zone in which date-only timestamps are read (midnight of the session date).
    public var dateZone: TimeZone

    public init(useAdjustedClose: Bool = false, dateZone: TimeZone = .newYork) {
        self.useAdjustedClose = useAdjustedClose
        self.dateZone = dateZone
    }

    /// Loads `path`; the symbol defaults to the file name without extension, upper-cased.
    public func load(path: String, symbol: String? = nil, timeframe: Timeframe = .day) throws -> BarSeries {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MarketDataError.unreadable(file: path, reason: error.localizedDescription)
        }
        let name = symbol ?? url.deletingPathExtension().lastPathComponent.uppercased()
        return try parse(String(decoding: data, as: UTF8.self), file: path, symbol: name, timeframe: timeframe)
    }

    /// Parses CSV text; `file` is used in error messages only.
    public func parse(_ text: String, file: String, symbol: String, timeframe: Timeframe = .day) throws -> BarSeries {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard let headerLine = lines.first else { throw MarketDataError.empty(file: file) }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map { Self.clean($0).lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        let timeCol = column(["time", "date", "timestamp", "datetime", "t"])
        let openCol = column(["open", "o"]), highCol = column(["high", "h"]), lowCol = column(["low", "l"])
        let closeCol = column(["close", "c"]), volumeCol = column(["volume", "v"])
        let adjCol = column(["adj close", "adj_close", "adjclose"])
        let required: [(String, Int?)] = [("time", timeCol), ("open", openCol), ("high", highCol), ("low", lowCol),
                                          ("close", closeCol), ("volume", volumeCol)]
        let missing = required.filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let tc = timeCol, let oc = openCol, let hc = highCol, let lc = lowCol,
              let cc = closeCol, let vc = volumeCol else {
            throw MarketDataError.missingColumns(file: file, missing: missing, header: String(headerLine))
        }
        var bars: [Bar] = []
        bars.reserveCapacity(lines.count)
        var previousTime: Date?
        for (index, line) in lines.enumerated().dropFirst() {
            let lineNo = index + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= header.count else {
                throw MarketDataError.wrongFieldCount(file: file, line: lineNo, expected: header.count, found: fields.count)
            }
            let rawTime = Self.clean(fields[tc])
            guard let time = TimestampParser.parse(Substring(rawTime), dateZone: dateZone) else {
                throw MarketDataError.badValue(file: file, line: lineNo, field: header[tc], value: rawTime,
                                               reason: "not a date (YYYY-MM-DD), ISO 8601 time or epoch seconds")
            }
            func number(_ col: Int) throws -> Double {
                let raw = Self.clean(fields[col])
                guard let v = Double(raw), v.isFinite else {
                    throw MarketDataError.badValue(file: file, line: lineNo, field: header[col], value: raw,
                                                   reason: "not a finite number")
                }
                return v
            }
            var open = try number(oc), high = try number(hc), low = try number(lc), close = try number(cc)
            let volume = try number(vc)
            for (col, v) in [(oc, open), (hc, high), (lc, low), (cc, close)] where v <= 0 {
                throw MarketDataError.badValue(file: file, line: lineNo, field: header[col], value: Self.clean(fields[col]),
                                               reason: "prices must be positive")
            }
            guard high >= low else {
                throw MarketDataError.badValue(file: file, line: lineNo, field: header[hc], value: Self.clean(fields[hc]),
                                               reason: "high is below low (\(Self.clean(fields[lc])))")
            }
            guard volume >= 0 else {
                throw MarketDataError.badValue(file: file, line: lineNo, field: header[vc], value: Self.clean(fields[vc]),
                                               reason: "volume must not be negative")
            }
            if useAdjustedClose, let ac = adjCol {
                let adj = try number(ac)
                guard adj > 0 else {
                    throw MarketDataError.badValue(file: file, line: lineNo, field: header[ac], value: Self.clean(fields[ac]),
                                                   reason: "prices must be positive")
                }
                let k = adj / close
                open *= k; high *= k; low *= k; close = adj
                guard [open, high, low].allSatisfy({ $0.isFinite && $0 > 0 }) else {
                    throw MarketDataError.badValue(file: file, line: lineNo, field: header[ac], value: Self.clean(fields[ac]),
                                                   reason: "adjusting by \(header[ac]) / \(header[cc]) = \(k) leaves prices that are not finite and positive")
                }
            }
            if let prev = previousTime {
                if time == prev {
                    throw MarketDataError.duplicateTimestamp(file: file, line: lineNo, time: rawTime)
                }
                if time < prev {
                    throw MarketDataError.unsorted(file: file, line: lineNo, time: rawTime,
                                                   previous: Self.clean(lines[index - 1].split(separator: ",", omittingEmptySubsequences: false)[tc]))
                }
            }
            previousTime = time
            bars.append(Bar(time: time, open: open, high: high, low: low, close: close, volume: volume))
        }
        guard !bars.isEmpty else { throw MarketDataError.empty(file: file) }
        return BarSeries(symbol: symbol, timeframe: timeframe, bars: bars)
    }

    static func clean(_ field: Substring) -> String {
        var s = field.trimmingCharacters(in: .whitespaces)
        if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") { s = String(s.dropFirst().dropLast()) }
        return s
    }
}

/// Writes bars as plain CSV (`time,open,high,low,close,volume`, ISO 8601 UTC times), the format
/// `CSVBarLoader` reads back losslessly.
public enum CSVBarWriter {
    public static func csv(_ series: BarSeries) -> String {
        var out = "time,open,high,low,close,volume\n"
        out.reserveCapacity(series.count * 64)
        for bar in series.bars {
            out += "\(ISO8601.string(bar.time)),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume)\n"
        }
        return out
    }
}

