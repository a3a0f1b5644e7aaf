import Foundation
import TradingCore

/// Precision, recall and F1 of one class.
public struct ClassMetrics: Sendable, Hashable, Codable {
    public var label: String
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var support: Int
}

/// Accuracy, macro-F1, per-class precision/recall and the confusion matrix of a classifier on a
/// labelled set: what `sentrade sentiment eval` prints and the acceptance tests assert.
public struct ClassificationReport: Sendable, Hashable, Codable {
    /// Class names in matrix order.
    public var labels: [String]
    public var count: Int
    public var accuracy: Double
    public var macroF1: Double
    public var perClass: [ClassMetrics]
    /// `confusion[truth][predicted]`.
    public var confusion: [[Int]]

    public init(truth: [SentimentLabel], predicted: [SentimentLabel], labels: [SentimentLabel]) {
        precondition(truth.count == predicted.count, "truth and predictions differ in length")
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var m = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        for (t, p) in zip(truth, predicted) {
            guard let ti = index[t], let pi = index[p] else { continue }
            m[ti][pi] += 1
        }
        self.init(confusion: m, labels: labels.map(\.rawValue))
    }

    /// From a confusion matrix (rows truth, columns predicted); used to pool cross-validation folds.
    public init(confusion m: [[Int]], labels: [String]) {
        self.labels = labels
        self.confusion = m
        let total = m.joined().reduce(0, +)
        let correct = m.indices.reduce(0) { $0 + m[$1][$1] }
        count = total
        accuracy = total > 0 ? Double(correct) / Double(total) : 0
        perClass = m.indices.map { c in
            let tp = Double(m[c][c])
            let predicted = Double(m.indices.reduce(0) { $0 + m[$1][c] })
            let actual = Double(m[c].reduce(0, +))
            let p = predicted > 0 ? tp / predicted : 0
            let r = actual > 0 ? tp / actual : 0
            return ClassMetrics(label: labels[c], precision: p, recall: r, f1: p + r > 0 ? 2 * p * r / (p + r) : 0,
                                support: Int(actual))
        }
        let present = perClass.filter { $0.support > 0 }
        macroF1 = present.isEmpty ? 0 : present.map(\.f1).reduce(0, +) / Double(present.count)
    }

    /// A plain-text table for terminals.
    public var text: String {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        var lines = ["n=\(count)  accuracy=\(f(accuracy))  macro-F1=\(f(macroF1))", "class      precision  recall  f1      support"]
        for c in perClass {
            lines.append(c.label.padding(toLength: 11, withPad: " ", startingAt: 0)
                + "\(f(c.precision))     \(f(c.recall))  \(f(c.f1))  \(c.support)")
        }
        lines.append("confusion (rows truth, cols predicted): " + labels.joined(separator: " "))
        for (l, row) in zip(labels, confusion) {
            lines.append("  " + l.padding(toLength: 9, withPad: " ", startingAt: 0) + row.map { String($0) }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

extension SentimentScore {
    /// The most probable class among `labels` (for datasets without MIXED, mixed mass is split
    /// between positive and negative before choosing).
    public func label(among labels: [SentimentLabel]) -> SentimentLabel {
        let hasMixed = labels.contains(.mixed)
        var best = labels.first ?? .neutral
        var bestP = -1.0
        for l in labels {
            let p: Double
            switch l {
            case .positive: p = positive + (hasMixed ? 0 : mixed / 2)
            case .negative: p = negative + (hasMixed ? 0 : mixed / 2)
            case .neutral: p = neutral
            case .mixed: p = mixed
            }
            if p > bestP { best = l; bestP = p }
        }
        return best
    }
}
