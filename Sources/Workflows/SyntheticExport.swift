import Foundation
import MarketData
import TradingCore

/// Writes a synthetic dataset in the formats users bring their own data in: `prices/SYMBOL.csv`
/// (`time,open,high,low,close,volume`) and `posts.jsonl` (one post per line). Used for the
/// `Examples/` data and for trying `sentrade eval --dataset files` without real data.
public enum SyntheticExport {
    public static func write(_ dataset: SyntheticDataset, to directory: String, maxPostsPerSymbol: Int? = nil) throws -> [String] {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory + "/prices", withIntermediateDirectories: true)
        var files: [String] = []
        for series in dataset.series {
            var lines = "time,open,high,low,close,volume\n"
            let zone = TimeZone.newYork
            for b in series.bars {
                let day = LocalDate(b.time, in: zone)
                lines += String(format: "%@,%.4f,%.4f,%.4f,%.4f,%.0f\n", day.description, b.open, b.high, b.low, b.close, b.volume)
            }
            let path = "\(directory)/prices/\(series.symbol).csv"
            try lines.write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        var out = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        struct Line: Encodable {
            var id: String, time: String, text: String, author_id: String, followers: Int, engagement: Int, lang: String?, symbols: [String]
        }
        for symbol in dataset.series.map(\.symbol) {
            var posts = dataset.posts[symbol] ?? []
            if let cap = maxPostsPerSymbol, posts.count > cap {
                let step = Double(posts.count) / Double(cap)
                posts = (0..<cap).map { posts[Int(Double($0) * step)] }
            }
            for p in posts {
                let line = Line(id: p.id, time: ISO8601.string(p.time), text: p.text, author_id: p.authorID, followers: p.followers,
                                engagement: p.engagement, lang: p.lang, symbols: p.symbols)
                out += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
            }
        }
        let postsPath = directory + "/posts.jsonl"
        try out.write(toFile: postsPath, atomically: true, encoding: .utf8)
        return files + [postsPath]
    }
}
