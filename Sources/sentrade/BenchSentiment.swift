import ArgumentParser
import Foundation
import Sentiment

/// `sentrade bench sentiment [--json]`: single-core texts/s of each analyzer on the FPB sentences
/// repeated to ≥ 50,000 texts, and the linear model's training time. The lead's `bench` command
/// lists this as a subcommand.
struct BenchSentimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Sentiment analyzer throughput (texts/s, one core) and training time.",
        discussion: """
            Example (build in release first: swift build -c release):
              .build/release/sentrade bench sentiment --data ../shared/data/fpb/75Agree_train.csv --json
            """)

    @Option(help: "Labelled corpus (CSV or FPB @-format).") var data = "../shared/data/fpb/75Agree_train.csv"
    @Option(help: "Minimum corpus size (the file is repeated).") var minTexts = 50_000
    @Option(help: "Timed rounds per analyzer (best is reported).") var rounds = 3
    @OptionGroup var features: HashingOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let rows = try LabeledDataset.load(path: data)
        let result = runSentimentBenchmark(data: rows, corpusName: data, minTexts: minTexts, rounds: rounds,
                                           hashing: features.config)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(result.text)
        }
    }
}
