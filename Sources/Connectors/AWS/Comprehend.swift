import Foundation
import Sentiment
import TradingCore

/// Amazon Comprehend sentiment: DetectSentiment for one text and BatchDetectSentiment for up to
/// 25 per call, with the service's input limits enforced client-side (texts cut to 5,000 UTF-8
/// bytes on a character boundary) and per-item failures reported per index.
public struct ComprehendClient: Sendable {
    public static let maxBatch = 25
    public static let maxTextBytes = 5000
    public var aws: AWSClient
    public var languageCode: String

    public init(aws: AWSClient, languageCode: String = "en") {
        self.aws = aws
        self.languageCode = languageCode
    }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                credentials: AWSCredentialChain? = nil, retry: RetryPolicy = RetryPolicy()) {
        self.init(aws: AWSClient(endpointPrefix: "comprehend", signingName: "comprehend", envName: "COMPREHEND",
                                 environment: environment, credentials: credentials, retry: retry))
    }

    struct DetectInput: Encodable { var Text: String; var LanguageCode: String }
    struct BatchInput: Encodable { var TextList: [String]; var LanguageCode: String }
    struct Scores: Decodable { var Positive: Double; var Negative: Double; var Neutral: Double; var Mixed: Double }
    struct DetectOutput: Decodable { var Sentiment: String?; var SentimentScore: Scores }
    struct BatchItem: Decodable { var Index: Int; var Sentiment: String?; var SentimentScore: Scores }
    struct BatchError: Decodable { var Index: Int; var ErrorCode: String?; var ErrorMessage: String? }
    struct BatchOutput: Decodable { var ResultList: [BatchItem]; var ErrorList: [BatchError] }

    /// Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character.
    public static func truncate(_ text: String, maxBytes: Int = maxTextBytes) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var bytes = 0
        var end = text.startIndex
        for index in text.indices {
            let size = text[index].utf8.count
            if bytes + size > maxBytes { break }
            bytes += size
            end = text.index(after: index)
        }
        return String(text[..<end])
    }

    public func detectSentiment(_ text: String) async throws -> SentimentScore {
        let out = try await aws.jsonCall(target: "Comprehend_20171127.DetectSentiment",
                                         input: DetectInput(Text: Self.truncate(text), LanguageCode: languageCode),
                                         as: DetectOutput.self)
        return Self.score(out.SentimentScore)
    }

    /// One result per text, in order; an item Comprehend rejected is a `.failure` carrying its
    /// ErrorCode/ErrorMessage, so one bad text does not sink the batch. Splits into 25-text calls.
    public func batchDetectSentiment(_ texts: [String]) async throws -> [Result<SentimentScore, ConnectorError>] {
        var results: [Result<SentimentScore, ConnectorError>] = []
        results.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let chunk = Array(texts[start..<min(start + Self.maxBatch, texts.count)]).map { Self.truncate($0) }
            let out = try await aws.jsonCall(target: "Comprehend_20171127.BatchDetectSentiment",
                                             input: BatchInput(TextList: chunk, LanguageCode: languageCode),
                                             as: BatchOutput.self)
            var slots = [Result<SentimentScore, ConnectorError>?](repeating: nil, count: chunk.count)
            for item in out.ResultList where slots.indices.contains(item.Index) {
                slots[item.Index] = .success(Self.score(item.SentimentScore))
            }
            for item in out.ErrorList where slots.indices.contains(item.Index) {
                slots[item.Index] = .failure(.http(service: "comprehend", status: 200, code: item.ErrorCode,
                                                   message: aws.http.redactor(item.ErrorMessage ?? "item failed"), requestID: nil))
            }
            for slot in slots {
                results.append(slot ?? .failure(.decoding(service: "comprehend", message: "batch reply has no entry for an index")))
            }
            start += Self.maxBatch
        }
        return results
    }

    static func score(_ s: Scores) -> SentimentScore {
        SentimentScore(positive: s.Positive, negative: s.Negative, neutral: s.Neutral, mixed: s.Mixed)
    }

    /// Comprehend bills sentiment in 100-character units with a 3-unit minimum per text.
    public static func billingUnits(_ texts: [String]) -> Int {
        texts.reduce(0) { $0 + max(3, (truncate($1).count + 99) / 100) }
    }

    /// Estimated USD at the published $0.0001 per unit (first 10M units/month tier).
    public static func estimatedCost(_ texts: [String], dollarsPerUnit: Double = 0.0001) -> Double {
        Double(billingUnits(texts)) * dollarsPerUnit
    }
}
