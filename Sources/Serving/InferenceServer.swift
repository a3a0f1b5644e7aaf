import Features
import Foundation
import Learning
import Live
import MarketData
import Sentiment
import Strategy
import TradingCore
import Workflows

/// The SageMaker inference contract (`docker run IMAGE serve`, `sentrade serve`): HTTP on 8080,
/// `GET /ping` (200 with the model loaded) and `POST /invocations` with JSON:
///
/// (a) sentiment, in Amazon Comprehend's BatchDetectSentiment shape — `{"TextList": [...],
///     "LanguageCode": "en"}` → `{"ResultList": [{"Index", "Sentiment", "SentimentScore": {"Positive",
///     "Negative", "Neutral", "Mixed"}}], "ErrorList": [{"Index", "ErrorCode", "ErrorMessage"}]}`, so a
///     Comprehend user switches by changing one setting;
/// (b) a decision — `{"symbol": "AAPL", "bars": [{"t","o","h","l","c","v"}], "posts": [{"id","time",
///     "text"}], "position": {"exposure", "entryPrice", "barsInPosition"}}` → the policy's decision at the
///     last bar with its observation and action probabilities.
///
/// `Content-Type` must be JSON (415), `Accept` must allow JSON (406), bodies are capped (413), bad
/// JSON or fields are a 400 with `{"error": …}` — never a crash.
public enum InferenceServer {
    public static let maxBodyBytes = 6 << 20
    public static let maxTexts = 256
    public static let maxTextBytes = 5_000

    public static func start(model: InferenceModel, host: String = "0.0.0.0", port: Int = 8080) async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer(host: host, port: port, maxBodyBytes: maxBodyBytes) { handle($0, model: model) }
    }

    public static func handle(_ request: HTTPServerRequest, model: InferenceModel) -> HTTPServerAction {
        switch (request.method, request.path) {
        case ("GET", "/ping"):
            return .json(200, #"{"status":"ok","analyzer":"\#(model.analyzerName)","policy":\#(model.checkpoint == nil ? "false" : "true")}"#)
        case ("POST", "/invocations"), ("POST", _) where request.path.hasPrefix("/endpoints/") && request.path.hasSuffix("/invocations"):
            // `/endpoints/NAME/invocations` is SageMaker Runtime's path: accepted too, so the runtime
            // client can talk to a local server (AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME).
            do {
                let reply = try invoke(request, model: model)
                return .reply(status: 200, headers: [("Content-Type", "application/json")], body: reply)
            } catch let error as InferenceError {
                return errorReply(error.status, error.description)
            } catch {
                return errorReply(400, "\(error)")
            }
        case (_, "/ping"), (_, "/invocations"):
            return errorReply(405, "method \(request.method) not allowed on \(request.path)")
        default:
            return errorReply(404, "no route \(request.path); use GET /ping or POST /invocations")
        }
    }

    static func errorReply(_ status: Int, _ message: String) -> HTTPServerAction {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys])) ?? Data()
        return .reply(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    static func invoke(_ request: HTTPServerRequest, model: InferenceModel) throws -> Data {
        let type = (request.header("Content-Type") ?? "").lowercased()
        guard type.hasPrefix("application/json") else {
            throw InferenceError(status: 415, "Content-Type must be application/json, got '\(type.isEmpty ? "none" : type)'")
        }
        let accept = (request.header("Accept") ?? "*/*").lowercased()
        guard accept.contains("application/json") || accept.contains("*/*") || accept.contains("application/*") else {
            throw InferenceError(status: 406, "this endpoint answers application/json; Accept was '\(accept)'")
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: request.body) as? [String: Any] else {
                throw InferenceError(status: 400, "the body must be a JSON object")
            }
            object = parsed
        } catch let error as InferenceError { throw error } catch {
            throw InferenceError(status: 400, "malformed JSON: \(error.localizedDescription)")
        }
        let reply: Any
        if object["TextList"] != nil {
            reply = try sentiment(object, model: model)
        } else if object["bars"] != nil {
            reply = try DecisionRequest(object).answer(model: model)
        } else {
            throw InferenceError(status: 400, "expected \"TextList\" (sentiment) or \"bars\" (a decision)")
        }
        return try JSONSerialization.data(withJSONObject: reply, options: [.sortedKeys])
    }

    static func sentiment(_ object: [String: Any], model: InferenceModel) throws -> [String: Any] {
        guard let texts = object["TextList"] as? [Any] else { throw InferenceError(status: 400, "TextList must be a list of strings") }
        guard texts.count <= maxTexts else { throw InferenceError(status: 400, "TextList has \(texts.count) texts; at most \(maxTexts)") }
        if let language = object["LanguageCode"], (language as? String) != "en" {
            throw InferenceError(status: 400, "LanguageCode '\(language)' is not supported; this model scores English (en)")
        }
        var results: [[String: Any]] = [], errors: [[String: Any]] = []
        var valid: [(Int, String)] = []
        for (i, item) in texts.enumerated() {
            guard let text = item as? String else {
                errors.append(["Index": i, "ErrorCode": "INVALID_REQUEST", "ErrorMessage": "not a string"])
                continue
            }
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.append(["Index": i, "ErrorCode": "INVALID_REQUEST", "ErrorMessage": "empty text"])
            } else if text.utf8.count > maxTextBytes {
                errors.append(["Index": i, "ErrorCode": "TEXT_SIZE_LIMIT_EXCEEDED", "ErrorMessage": "text longer than \(maxTextBytes) bytes"])
            } else {
                valid.append((i, text))
            }
        }
        let scores = model.analyzer.scoreBatch(valid.map(\.1))
        for ((i, _), s) in zip(valid, scores) {
            results.append(["Index": i, "Sentiment": s.label.rawValue.uppercased(),
                            "SentimentScore": ["Positive": s.positive, "Negative": s.negative, "Neutral": s.neutral, "Mixed": s.mixed]])
        }
        return ["ResultList": results, "ErrorList": errors]
    }
}
