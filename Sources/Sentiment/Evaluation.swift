import Foundation
import TradingCore

/// Results of stratified k-fold cross-validation: the pooled report (confusion matrices summed
/// over folds) plus each fold's accuracy and macro-F1, to show the spread.
public struct CrossValidationResult: Sendable, Hashable, Codable {
    public var folds: Int
    public var pooled: ClassificationReport
    public var foldAccuracy: [Double]
    public var foldMacroF1: [Double]
    public var meanAccuracy: Double { foldAccuracy.reduce(0, +) / Double(max(foldAccuracy.count, 1)) }
    public var meanMacroF1: Double { foldMacroF1.reduce(0, +) / Double(max(foldMacroF1.count, 1)) }
}

/// Scoring labelled data and cross-validating the linear model.
public enum SentimentEvaluation {
    /// The classes a dataset uses, in Comprehend order.
    public static func labels(of data: [LabeledText]) -> [SentimentLabel] {
        SentimentLabel.allCases.filter { l in data.contains { $0.label == l } }
    }

    public static func evaluate(_ analyzer: any LocalSentimentAnalyzer, on data: [LabeledText]) -> ClassificationReport {
        let labels = labels(of: data)
        let scores = analyzer.scoreBatch(data.map(\.text))
        return ClassificationReport(truth: data.map(\.label), predicted: scores.map { $0.label(among: labels) }, labels: labels)
    }

    /// Fold number (0..<k) of each row: every class is shuffled (seeded) and dealt round-robin, so
    /// each fold has the class mix of the whole set.
    public static func stratifiedFolds(_ labels: [SentimentLabel], k: Int, seed: UInt64) -> [Int] {
        var fold = [Int](repeating: 0, count: labels.count)
        var rng = SeededGenerator(seed: seed)
        var next = 0
        for l in SentimentLabel.allCases {
            var rows = labels.indices.filter { labels[$0] == l }
            rows.shuffle(using: &rng)
            for r in rows {
                fold[r] = next % k
                next += 1
            }
        }
        return fold
    }

    /// k-fold stratified cross-validation of the linear model (trained k times, never on its test fold).
    public static func crossValidate(_ data: [LabeledText], k: Int, seed: UInt64 = 7, hashing: HashingConfig = .init(),
                                     training: TrainingConfig = .init()) throws(SentimentError) -> CrossValidationResult {
        guard k >= 2, k <= data.count else {
            throw .invalidArgument(name: "--cv", value: String(k), reason: "need 2 ≤ k ≤ \(data.count) rows")
        }
        let labels = labels(of: data)
        let fold = stratifiedFolds(data.map(\.label), k: k, seed: seed)
        var confusion = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        var acc: [Double] = [], f1: [Double] = []
        for f in 0..<k {
            let train = data.indices.filter { fold[$0] != f }.map { data[$0] }
            let test = data.indices.filter { fold[$0] == f }.map { data[$0] }
            let model = LinearAnalyzer(model: LinearModel.train(train, hashing: hashing, config: training))
            let scores = model.scoreBatch(test.map(\.text))
            let report = ClassificationReport(truth: test.map(\.label), predicted: scores.map { $0.label(among: labels) }, labels: labels)
            acc.append(report.accuracy)
            f1.append(report.macroF1)
            for r in labels.indices { for c in labels.indices { confusion[r][c] += report.confusion[r][c] } }
        }
        return CrossValidationResult(folds: k, pooled: ClassificationReport(confusion: confusion, labels: labels.map(\.rawValue)),
                                     foldAccuracy: acc, foldMacroF1: f1)
    }
}
