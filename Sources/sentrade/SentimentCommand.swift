import ArgumentParser
import Connectors
import Foundation
import Sentiment
import TradingCore

/// `sentrade sentiment …`: score, train, evaluate and report on sentiment (issue 3).
struct SentimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Score, train and evaluate sentiment analyzers; report post sentiment per day.",
        subcommands: [SentimentScoreCommand.self, SentimentTrainCommand.self, SentimentEvalCommand.self,
                      SentimentReportCommand.self])
}

/// `sentrade sentiment score "text"… | --file posts.jsonl|csv` → one JSON object per line.
struct SentimentScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score texts; prints one JSON object per line.",
        discussion: HelpText.reflow("""
            Examples:
              sentrade sentiment score "\\$AAPL beat estimates, raised guidance 🚀"
              sentrade sentiment score --file posts.jsonl --analyzer model:models/fpb
              sentrade sentiment score --file data.csv --text-col sentence
              echo '{"text":"guidance cut"}' | sentrade sentiment score --file -
            JSONL input reads the `text` field of each object; CSV input reads --text-col.
            """))

    @Argument(help: "Texts to score.") var texts: [String] = []
    @Option(help: "A .jsonl (field `text`) or .csv file of texts; `-` reads JSON lines from stdin.") var file: String?
    @Option(help: "CSV column holding the text.") var textCol = "text"
    @Option(help: "`lexicon`, `model:DIR`, `comprehend[:LANG]` or `sagemaker:ENDPOINT` (remote: AWS credentials from the usual chain; results cached in SQLite).")
    var analyzer = "lexicon"

    func run() async throws {
        var inputs = texts
        if let file { inputs += try SentimentCLIInput.texts(file: file, textColumn: textCol) }
        guard !inputs.isEmpty else { throw ValidationError("give texts as arguments or --file") }
        let scores: [SentimentScore]
        if RemoteAnalyzers.handles(analyzer), let remote = try RemoteAnalyzers.make(spec: analyzer) {
            if let estimate = RemoteAnalyzers.costEstimate(spec: analyzer, texts: inputs) { CLI.note(estimate) }
            scores = try await remote.score(inputs)
        } else {
            scores = try AnalyzerSpec.load(analyzer).scoreBatch(inputs)
        }
        let normalizer = TextNormalizer()
        for (text, s) in zip(inputs, scores) {
            let obj: [String: Any] = [
                "text": text, "normalized": normalizer.normalize(text), "label": s.label.rawValue,
                "positive": s.positive, "negative": s.negative, "neutral": s.neutral, "mixed": s.mixed,
                "polarity": s.polarity,
            ]
            let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}

/// Reading texts for `score`.
enum SentimentCLIInput {
    static func texts(file: String, textColumn: String) throws -> [String] {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw SentimentError.unreadable(path: file, reason: error.localizedDescription)
            }
        }
        let content = TextNormalizer.string(decoding: data)
        if file.hasSuffix(".csv") {
            let records = CSVRecords.parse(content)
            guard let header = records.first?.fields, let col = header.firstIndex(of: textColumn) else {
                throw SentimentError.missingColumn(path: file, column: textColumn, header: records.first?.fields ?? [])
            }
            return records.dropFirst().compactMap { col < $0.fields.count ? $0.fields[col] : nil }
        }
        var out: [String] = []
        for (n, line) in content.split(whereSeparator: \.isNewline).enumerated() {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let text = obj["text"] as? String else {
                throw SentimentError.invalidArgument(name: "\(file):\(n + 1)", value: String(line.prefix(60)),
                                                     reason: "expected a JSON object with a string field `text`")
            }
            out.append(text)
        }
        return out
    }
}
