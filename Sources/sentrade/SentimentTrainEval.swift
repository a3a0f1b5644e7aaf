import ArgumentParser
import Foundation
import Workflows
import Sentiment
import TradingCore

/// `sentrade sentiment train --data FILE --out DIR`.
struct SentimentTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the linear (hashed n-gram logistic regression) sentiment model.",
        discussion: HelpText.reflow("""
            Example:
              sentrade sentiment train --data ../shared/data/fpb/75Agree_train.csv --out models/fpb
            Reads CSV (`sentence,label`) or FPB `sentence@label`; writes model.safetensors + model.json.
            Deterministic for a given --seed.
            """))

    @Option(help: "Labelled data (CSV or FPB @-format).") var data: String
    @Option(help: "CSV text column.") var textCol = "sentence"
    @Option(help: "CSV label column.") var labelCol = "label"
    @Option(help: "Output directory.") var out: String
    @Option(help: "Random seed (shuffling).") var seed: UInt64 = 42
    @Option(help: "SGD epochs.") var epochs = TrainingConfig().epochs
    @Option(help: "L2 penalty.") var l2 = TrainingConfig().l2
    @OptionGroup var features: HashingOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let rows = try LabeledDataset.load(path: data, textColumn: textCol, labelColumn: labelCol)
        var training = Sentiment.TrainingConfig()
        training.seed = seed
        training.epochs = epochs
        training.l2 = l2
        let hashing = features.config
        let clock = ContinuousClock()
        var model: LinearModel?
        let elapsed = clock.measure { model = LinearModel.train(rows, hashing: hashing, config: training) }
        guard let model else { return }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let analyzer = LinearAnalyzer(model: model)
        let trainReport = SentimentEvaluation.evaluate(analyzer, on: rows)
        try analyzer.save(to: out, training: training, info: [
            "data": data, "data_sha256": FileHash.file(data) ?? "", "rows": String(rows.count), "train_seconds": String(format: "%.3f", seconds),
            "train_accuracy": String(format: "%.4f", trainReport.accuracy),
        ])
        if json {
            print(#"{"rows":\#(rows.count),"seconds":\#(seconds),"train_accuracy":\#(trainReport.accuracy),"out":"\#(out)"}"#)
        } else {
            print("trained on \(rows.count) rows in \(String(format: "%.2f", seconds)) s; training accuracy \(String(format: "%.4f", trainReport.accuracy)); saved \(out)/model.safetensors, \(out)/model.json")
        }
    }
}

/// `sentrade sentiment eval --data FILE --analyzer lexicon|model:DIR [--cv 10] [--json]`.
struct SentimentEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Accuracy, macro-F1, per-class P/R and confusion matrix; k-fold CV of the linear model.",
        discussion: HelpText.reflow("""
            Examples:
              sentrade sentiment eval --data ../shared/data/fpb/75Agree_train.csv --analyzer lexicon
              sentrade sentiment eval --data ../shared/data/fpb/75Agree_train.csv --cv 10 --json
            With --cv the linear model is trained k times (stratified folds) and tested on each held-out fold;
            --analyzer is then ignored.
            """))

    @Option(help: "Labelled data (CSV or FPB @-format).") var data: String
    @Option(help: "CSV text column.") var textCol = "sentence"
    @Option(help: "CSV label column.") var labelCol = "label"
    @Option(help: "`lexicon` or `model:DIR`.") var analyzer = "lexicon"
    @Option(help: "Stratified k-fold cross-validation of the linear model.") var cv: Int?
    @Option(help: "Fold seed.") var seed: UInt64 = 7
    @OptionGroup var features: HashingOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let rows = try LabeledDataset.load(path: data, textColumn: textCol, labelColumn: labelCol)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if let cv {
            let result = try SentimentEvaluation.crossValidate(rows, k: cv, seed: seed, hashing: features.config)
            if json {
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print("linear model, \(cv)-fold stratified CV (pooled over folds):")
                print(result.pooled.text)
                print("per-fold accuracy: " + result.foldAccuracy.map { String(format: "%.3f", $0) }.joined(separator: " "))
            }
            return
        }
        let a = try AnalyzerSpec.load(analyzer)
        // A model scored on the file it was trained on measures fit, not skill: say so.
        if analyzer.hasPrefix("model:"), let trained = Self.trainingDataHash(model: String(analyzer.dropFirst(6))),
           !trained.isEmpty, trained == FileHash.file(data) {
            CLI.note("warning: in-sample: \(analyzer) was trained on \(data); these scores are training fit, not a test "
                     + "(use --cv K for held-out folds, or a file the model has not seen)")
        }
        let report = SentimentEvaluation.evaluate(a, on: rows)
        if json {
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("analyzer \(a.name) on \(data):")
            print(report.text)
        }
    }
}

extension SentimentEvalCommand {
    /// The SHA-256 of the file a linear model was trained on (`info.data_sha256` in model.json).
    static func trainingDataHash(model directory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: directory + "/model.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let info = object["info"] as? [String: Any] else { return nil }
        return info["data_sha256"] as? String
    }
}

/// Feature options of the linear model (train, eval --cv, bench).
struct HashingOptions: ParsableArguments {
    @Option(help: "log2 of hashed feature buckets.") var bucketBits = HashingConfig().bucketBits
    @Option(help: "Longest word n-gram.") var wordNgrams = HashingConfig().wordNGrams
    @Option(help: "Shortest character n-gram (0 disables them).") var charMin = HashingConfig().charMin
    @Option(help: "Longest character n-gram (0 disables them).") var charMax = HashingConfig().charMax
    @Flag(help: "Do not feed the lexicon's probabilities to the model.") var noLexicon = false

    var config: HashingConfig {
        HashingConfig(bucketBits: bucketBits, wordNGrams: wordNgrams, charMin: charMin, charMax: charMax,
                      lexiconFeatures: !noLexicon)
    }
}
