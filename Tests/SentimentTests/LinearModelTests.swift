import Foundation
import Sentiment
import TradingCore
import XCTest

final class LinearModelTests: XCTestCase {
    static let toy: [LabeledText] = {
        let pos = ["profit rose strongly", "sales grew", "great quarter, beat estimates", "shares jumped on upgrade",
                   "record revenue and higher margin", "strong demand lifted orders"]
        let neg = ["profit fell sharply", "sales declined", "missed estimates, weak quarter", "shares plunged on downgrade",
                   "lawsuit and recall hit margin", "weak demand cut orders"]
        let neu = ["the company is based in Helsinki", "the report is due in May", "it makes paper machines",
                   "the meeting is on Tuesday", "the CEO is John Smith", "the office has 40 staff"]
        return pos.map { LabeledText(text: $0, label: .positive) } + neg.map { LabeledText(text: $0, label: .negative) }
            + neu.map { LabeledText(text: $0, label: .neutral) }
    }()

    let small = HashingConfig(bucketBits: 12)

    func testTrainingIsDeterministicForASeed() {
        let a = LinearModel.train(Self.toy, hashing: small, config: .init(seed: 3))
        let b = LinearModel.train(Self.toy, hashing: small, config: .init(seed: 3))
        let c = LinearModel.train(Self.toy, hashing: small, config: .init(seed: 4))
        XCTAssertEqual(a.weights, b.weights)
        XCTAssertEqual(a.bias, b.bias)
        XCTAssertNotEqual(a.weights, c.weights)
        XCTAssertEqual(a.labels, [.positive, .negative, .neutral])
    }

    func testLearnsTheToySetAndScoresValidProbabilities() {
        let model = LinearAnalyzer(model: LinearModel.train(Self.toy, hashing: small, config: .init(epochs: 30)))
        let report = SentimentEvaluation.evaluate(model, on: Self.toy)
        XCTAssertGreaterThanOrEqual(report.accuracy, 0.9)
        var rng = SeededGenerator(seed: 9)
        var texts = (0..<500).map { _ in RandomText.make(&rng, maxLength: 200) }
        texts.append(String(repeating: "sales rose 5% but $AAPL fell!! 🚀 ", count: 30_000))  // ~1 MB
        for s in model.scoreBatch(texts) { assertValid(s) }
        XCTAssertEqual(model.score("").mixed, 0)
    }

    func testSaveAndLoadRoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-model-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = LinearAnalyzer(model: LinearModel.train(Self.toy, hashing: small))
        try model.save(to: dir, training: .init(), info: ["data": "toy"])
        let loaded = try LinearAnalyzer.load(directory: dir)
        XCTAssertEqual(loaded.model, model.model)
        XCTAssertEqual(loaded.scoreBatch(Self.toy.map(\.text)), model.scoreBatch(Self.toy.map(\.text)))
        let viaSpec = try AnalyzerSpec.load("model:" + dir)
        XCTAssertEqual(viaSpec.name, "model:" + dir)
    }

    func testLoadingABrokenModelNamesTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-bad-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try LinearAnalyzer(model: LinearModel.train(Self.toy, hashing: small)).save(to: dir, training: .init())
        try Data("{\"formatVersion\": 99}".utf8).write(to: URL(fileURLWithPath: dir + "/model.json"))
        XCTAssertThrowsError(try LinearAnalyzer.load(directory: dir)) { error in
            XCTAssertTrue("\(error)".contains("model.json"), "\(error)")
        }
        XCTAssertThrowsError(try AnalyzerSpec.load("vader"))
    }
}

final class SafeTensorsTests: XCTestCase {
    func testRoundTripAndLayout() throws {
        let st = SafeTensors(tensors: ["w": .init(shape: [2, 3], values: [1, -2, 3.5, 0, .pi, -0.25]),
                                       "b": .init(shape: [3], values: [0.5, 0, -1])],
                             metadata: ["format": "test"])
        let data = try st.encoded()
        let bytes = [UInt8](data)
        var headerLength = 0
        for i in 0..<8 { headerLength |= Int(bytes[i]) << (8 * i) }
        XCTAssertEqual(headerLength % 8, 0)
        XCTAssertEqual(bytes.count, 8 + headerLength + 4 * 9)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.contains("\"dtype\":\"F32\""), header)
        XCTAssertTrue(header.contains("\"__metadata__\":{\"format\":\"test\"}"), header)
        // First tensor in name order is "b": its first float 0.5 = 0x3F000000 little-endian.
        XCTAssertEqual(Array(bytes[(8 + headerLength)..<(12 + headerLength)]), [0, 0, 0, 0x3F])
        XCTAssertEqual(try SafeTensors(data: data), st)
    }

    func testRejectsMalformedFiles() throws {
        XCTAssertThrowsError(try SafeTensors(data: Data([1, 2, 3])))
        XCTAssertThrowsError(try SafeTensors(data: Data([255, 255, 255, 255, 0, 0, 0, 0, 0x7B, 0x7D])))
        let bad = #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}}"#
        var d = Data()
        withUnsafeBytes(of: UInt64(bad.utf8.count).littleEndian) { d.append(contentsOf: $0) }
        d.append(Data(bad.utf8))
        d.append(Data(repeating: 0, count: 8))
        XCTAssertThrowsError(try SafeTensors(data: d, path: "x.safetensors")) { error in
            XCTAssertTrue("\(error)".contains("x.safetensors"))
        }
        XCTAssertThrowsError(try SafeTensors(tensors: ["w": .init(shape: [3], values: [1])]).encoded())
    }
}
