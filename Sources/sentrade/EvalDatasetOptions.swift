import ArgumentParser
import Foundation
import Workflows

/// The data options `eval` and `tune` share: a StockNet root or a folder of price files plus posts.
struct EvalDatasetOptions: ParsableArguments {
    @Option(help: "stocknet | files") var dataset: String = "stocknet"
    @Option(name: [.customLong("root"), .customLong("stocknet")], help: "StockNet root (dataset stocknet); --stocknet ROOT as in backtest.")
    var root: String?
    @Option(name: .customLong("prices-dir"), help: "Folder of SYMBOL.csv files (dataset files).") var pricesDir: String?
    @Option(help: "JSON Lines posts (dataset files).") var posts: String?
    @Option(help: "Comma-separated symbols (default: all).") var symbols: String?

    /// Loads the chosen dataset; errors name the missing option or the file.
    func load() throws -> EvalDataset {
        let chosen = symbols.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() } }
        switch dataset {
        case "stocknet":
            guard let root else { throw ValidationError("--dataset stocknet needs --root DIR") }
            return try EvalDataset.stocknet(root: root, symbols: chosen)
        case "files":
            guard let pricesDir else { throw ValidationError("--dataset files needs --prices-dir DIR") }
            return try EvalDataset.files(pricesDirectory: pricesDir, postsFile: posts, symbols: chosen)
        default:
            throw ValidationError("--dataset must be stocknet or files")
        }
    }
}
