import Foundation
import Sentiment
import TradingCore

/// Amazon Comprehend as a `SentimentAnalyzer`: BatchDetectSentiment in 25-text calls; an item
/// Comprehend rejects is retried once with DetectSentiment, and a second failure is thrown.
public struct ComprehendAnalyzer: SentimentAnalyzer {
    public let client: ComprehendClient
    public var name: String { "comprehend:\(client.languageCode)" }

    public init(client: ComprehendClient) { self.client = client }

    public func score(_ texts: [String]) async throws -> [SentimentScore] {
        let results = try await client.batchDetectSentiment(texts)
        var scores: [SentimentScore] = []
        scores.reserveCapacity(texts.count)
        for (text, result) in zip(texts, results) {
            switch result {
            case .success(let score): scores.append(score)
            case .failure: scores.append(try await client.detectSentiment(text))
            }
        }
        return scores
    }
}

/// A SageMaker endpoint as a `SentimentAnalyzer`. Sends `{"texts": [...]}` (up to `batchSize`
/// per call) and accepts replies shaped `[score]`, `{"scores": [score]}` or
/// `{"predictions": [score]}`, where a score is `{positive, negative, neutral, mixed}` (any case)
/// or Comprehend's `{"SentimentScore": {...}}`.
public struct SageMakerAnalyzer: SentimentAnalyzer {
    public let client: SageMakerRuntimeClient
    public let endpoint: String
    public let batchSize: Int
    public var name: String { "sagemaker:\(endpoint)" }

    public init(client: SageMakerRuntimeClient, endpoint: String, batchSize: Int = 64) {
        self.client = client
        self.endpoint = endpoint
        self.batchSize = max(1, batchSize)
    }

    public func score(_ texts: [String]) async throws -> [SentimentScore] {
        var scores: [SentimentScore] = []
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            let chunk = Array(texts[start..<min(start + batchSize, texts.count)])
            // Comprehend's BatchDetectSentiment shape: what `sentrade serve` answers (other endpoints
            // may reply with any of the shapes `parse` accepts).
            let body = try JSONSerialization.data(withJSONObject: ["TextList": chunk, "LanguageCode": "en"], options: [.sortedKeys])
            let reply = try await client.invokeEndpoint(name: endpoint, body: body)
            let parsed = try Self.parse(reply.body)
            guard parsed.count == chunk.count else {
                throw ConnectorError.decoding(service: name, message: "endpoint returned \(parsed.count) scores for \(chunk.count) texts")
            }
            scores.append(contentsOf: parsed)
        }
        return scores
    }

    static func parse(_ data: Data) throws -> [SentimentScore] {
        let root = try? JSONSerialization.jsonObject(with: data)
        var items: [Any]?
        if let object = root as? [String: Any], let results = object["ResultList"] as? [[String: Any]] {
            if let errors = object["ErrorList"] as? [[String: Any]], !errors.isEmpty {
                let listed = errors.prefix(3).map { "#\($0["Index"] ?? "?"): \($0["ErrorMessage"] ?? $0["ErrorCode"] ?? "error")" }
                throw ConnectorError.decoding(service: "sagemaker", message: "the endpoint could not score \(errors.count) texts (\(listed.joined(separator: "; ")))")
            }
            items = results.sorted { (($0["Index"] as? Int) ?? 0) < (($1["Index"] as? Int) ?? 0) }
            return try parseItems(items ?? [])
        }
        if let array = root as? [Any] { items = array }
        else if let object = root as? [String: Any] { items = (object["scores"] ?? object["predictions"]) as? [Any] }
        else { items = nil }
        guard let items else { throw ConnectorError.decoding(service: "sagemaker", message: "reply is not a list of scores") }
        return try parseItems(items)
    }

    static func parseItems(_ items: [Any]) throws -> [SentimentScore] {
        try items.map { item in
            guard var object = item as? [String: Any] else {
                throw ConnectorError.decoding(service: "sagemaker", message: "score is not an object")
            }
            if let nested = object["SentimentScore"] as? [String: Any] { object = nested }
            let lower = Dictionary(object.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
            func p(_ key: String) -> Double { (lower[key] as? NSNumber)?.doubleValue ?? 0 }
            return SentimentScore(positive: p("positive"), negative: p("negative"), neutral: p("neutral"), mixed: p("mixed"))
        }
    }
}

/// Builds a remote analyzer from the CLI's `--analyzer` spec, so `sentrade sentiment score` can
/// offer `comprehend[:LANG]` and `sagemaker:ENDPOINT` beside the local analyzers.
public enum RemoteAnalyzers {
    /// True when `spec` names a remote analyzer this module builds.
    public static func handles(_ spec: String) -> Bool {
        spec == "comprehend" || spec.hasPrefix("comprehend:") || spec.hasPrefix("sagemaker:")
    }

    /// The analyzer for `spec`, wrapped in the SQLite cache at `cachePath` (nil: no cache).
    /// Returns nil when `spec` is not a remote analyzer.
    public static func make(spec: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            cachePath: String? = defaultCachePath()) throws -> (any SentimentAnalyzer)? {
        let inner: any SentimentAnalyzer
        if spec == "comprehend" || spec.hasPrefix("comprehend:") {
            let language = spec.hasPrefix("comprehend:") ? String(spec.dropFirst("comprehend:".count)) : "en"
            var client = ComprehendClient(environment: environment)
            client.languageCode = language.isEmpty ? "en" : language
            inner = ComprehendAnalyzer(client: client)
        } else if spec.hasPrefix("sagemaker:") {
            let endpoint = String(spec.dropFirst("sagemaker:".count))
            guard !endpoint.isEmpty else { throw ConnectorError.invalidRequest("use --analyzer sagemaker:ENDPOINT_NAME") }
            inner = SageMakerAnalyzer(client: SageMakerRuntimeClient(environment: environment), endpoint: endpoint)
        } else {
            return nil
        }
        guard let cachePath else { return inner }
        return CachingAnalyzer(inner: inner, cache: try SentimentCache(path: cachePath))
    }

    /// `$SENTRADE_CACHE_DIR/sentiment-cache.sqlite`, else `.sentrade/sentiment-cache.sqlite`.
    public static func defaultCachePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        (environment["SENTRADE_CACHE_DIR"] ?? ".sentrade") + "/sentiment-cache.sqlite"
    }

    /// A one-line cost estimate for scoring `texts` with `spec` (Comprehend only; SageMaker
    /// endpoints bill by instance hour, not per text).
    public static func costEstimate(spec: String, texts: [String]) -> String? {
        guard spec == "comprehend" || spec.hasPrefix("comprehend:") else { return nil }
        let units = ComprehendClient.billingUnits(texts)
        return String(format: "Comprehend estimate: %d texts, %d units (100 chars, min 3 per text), about $%.4f at $0.0001/unit",
                      texts.count, units, ComprehendClient.estimatedCost(texts))
    }
}

extension RemoteAnalyzers {
    /// Scores `texts` (deduplicated, in batches of `batch`) with a remote analyzer and returns the
    /// table as a local analyzer the feature pipeline can run.
    public static func prescore(_ texts: [String], with analyzer: any SentimentAnalyzer, batch: Int = 25) async throws -> PrescoredAnalyzer {
        var unique: [String] = []
        var seen = Set<String>()
        for t in texts where seen.insert(t).inserted { unique.append(t) }
        var table: [String: SentimentScore] = [:]
        for start in stride(from: 0, to: unique.count, by: batch) {
            let chunk = Array(unique[start..<min(start + batch, unique.count)])
            for (text, score) in zip(chunk, try await analyzer.score(chunk)) { table[text] = score }
        }
        return PrescoredAnalyzer(name: analyzer.name, scores: table)
    }
}
