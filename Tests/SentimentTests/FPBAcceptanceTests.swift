import Foundation
import Sentiment
import TestSupport
import TradingCore
import XCTest

/// Issue 3's acceptance numbers on the shared Financial PhraseBank file (skipped when absent).
final class FPBAcceptanceTests: XCTestCase {
    func loadFPB() throws -> [LabeledText] {
        let rows = try LabeledDataset.load(path: SharedData.path("fpb/75Agree_train.csv"))
        XCTAssertEqual(rows.count, 2762)
        return rows
    }

    func testLexiconAccuracyWithoutTraining() throws {
        let report = SentimentEvaluation.evaluate(LexiconAnalyzer(), on: try loadFPB())
        print("FPB 75Agree lexicon:\n" + report.text)
        XCTAssertGreaterThanOrEqual(report.accuracy, 0.72)
        XCTAssertGreaterThanOrEqual(report.macroF1, 0.68)
    }

    func testLinearModelTenFoldCrossValidation() throws {
        let result = try SentimentEvaluation.crossValidate(try loadFPB(), k: 10)
        print("FPB 75Agree linear 10-fold CV:\n" + result.pooled.text)
        XCTAssertGreaterThanOrEqual(result.pooled.accuracy, 0.86)
        XCTAssertGreaterThanOrEqual(result.pooled.macroF1, 0.82)
        XCTAssertEqual(result.pooled.count, 2762)
    }

    func testTrainingOnAllRowsIsFast() throws {
        let rows = try loadFPB()
        let start = Date()
        let model = LinearModel.train(rows)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertTrue(model.weights.allSatisfy(\.isFinite))
    }

    func testOriginalAtFormatInLatin1() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fpb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("Sentences_AllAgree.txt").path
        // "€" is not Latin-1: use "é" (0xE9) to prove the ISO-8859-1 fallback.
        var bytes = Array("The operating margin came down to 2.4 % from 5.7 % .@negative\r\n".utf8)
        bytes += Array("Caf".utf8) + [0xE9] + Array(" sales rose .@positive\n".utf8)
        bytes += Array("It is based in Espoo .@neutral\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let rows = try LabeledDataset.load(path: path)
        XCTAssertEqual(rows.map(\.label), [.negative, .positive, .neutral])
        XCTAssertEqual(rows[1].text, "Café sales rose .")
        XCTAssertEqual(rows[0].text, "The operating margin came down to 2.4 % from 5.7 % .")
    }

    func testCSVErrorsNameFileLineAndValue() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("sentence,label\n\"a, quoted \"\"one\"\"\",positive\nsecond,happy\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try LabeledDataset.load(path: path)) { error in
            XCTAssertEqual(error as? SentimentError, .badLabel(path: path, line: 3, field: "label", value: "happy"))
        }
        XCTAssertThrowsError(try LabeledDataset.load(path: path, textColumn: "text")) { error in
            XCTAssertTrue("\(error)".contains("no column 'text'"))
        }
    }

    func testStratifiedFoldsKeepClassMix() {
        let labels: [SentimentLabel] = Array(repeating: .neutral, count: 60) + Array(repeating: .positive, count: 30)
            + Array(repeating: .negative, count: 10)
        let folds = SentimentEvaluation.stratifiedFolds(labels, k: 10, seed: 1)
        for f in 0..<10 {
            let members = labels.indices.filter { folds[$0] == f }.map { labels[$0] }
            XCTAssertEqual(members.filter { $0 == .negative }.count, 1)
            XCTAssertEqual(members.count, 10)
        }
        XCTAssertEqual(folds, SentimentEvaluation.stratifiedFolds(labels, k: 10, seed: 1))
    }
}
