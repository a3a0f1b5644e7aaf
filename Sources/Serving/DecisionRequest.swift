import Connectors
import Features
import Foundation
import Learning
import MarketData
import Sentiment
import Strategy
import TradingCore
import Workflows

/// `POST /invocations` with recent bars (and posts) for one symbol: the policy's decision at the
/// last bar, computed by the same pipeline, history and policy code the backtest and the live
/// runner use.
struct DecisionRequest {
    var symbol: String
    var bars: [Bar]
    var posts: [Post]
    var state = AgentState()

    init(_ object: [String: Any]) throws {
        symbol = (object["symbol"] as? String) ?? "SYMBOL"
        guard let rows = object["bars"] as? [Any], !rows.isEmpty else { throw InferenceError(status: 400, "bars must be a non-empty list") }
        guard rows.count <= 100_000 else { throw InferenceError(status: 400, "bars has \(rows.count) rows; at most 100000") }
        bars = try rows.enumerated().map { i, item in
            guard let b = item as? [String: Any] else { throw InferenceError(status: 400, "bars[\(i)] is not an object") }
            func number(_ key: String) throws -> Double {
                guard let v = (b[key] as? NSNumber)?.doubleValue, v.isFinite else {
                    throw InferenceError(status: 400, "bars[\(i)].\(key) must be a finite number")
                }
                return v
            }
            guard let t = b["t"] as? String, let time = RFC3339.parse(t) else {
                throw InferenceError(status: 400, "bars[\(i)].t must be an ISO 8601 time")
            }
            let bar = Bar(time: time, open: try number("o"), high: try number("h"), low: try number("l"), close: try number("c"),
                          volume: (b["v"] as? NSNumber)?.doubleValue ?? 0)
            guard bar.open > 0, bar.high > 0, bar.low > 0, bar.close > 0 else { throw InferenceError(status: 400, "bars[\(i)]: prices must be > 0") }
            return bar
        }
        for i in bars.indices.dropFirst() where bars[i].time <= bars[i - 1].time {
            throw InferenceError(status: 400, "bars[\(i)].t is not after bars[\(i - 1)].t: bars must be in time order")
        }
        posts = try ((object["posts"] as? [Any]) ?? []).enumerated().map { i, item in
            guard let p = item as? [String: Any], let text = p["text"] as? String, let t = p["time"] as? String,
                  let time = RFC3339.parse(t) else {
                throw InferenceError(status: 400, "posts[\(i)] needs text and an ISO 8601 time")
            }
            return Post(id: (p["id"] as? String) ?? "p\(i)", time: time, text: text, source: .file, symbols: [(object["symbol"] as? String) ?? "SYMBOL"])
        }
        if let position = object["position"] as? [String: Any] {
            let exposure = (position["exposure"] as? NSNumber)?.doubleValue ?? 0
            guard exposure.isFinite, abs(exposure) <= 1 else { throw InferenceError(status: 400, "position.exposure must be in [-1, 1]") }
            state.exposure = exposure
            state.entryPrice = (position["entryPrice"] as? NSNumber)?.doubleValue ?? (exposure == 0 ? 0 : bars[bars.count - 1].close)
            state.barsInPosition = (position["barsInPosition"] as? NSNumber)?.intValue ?? 0
        }
    }

    func answer(model: InferenceModel) throws -> [String: Any] {
        guard let dir = model.checkpoint, let manifest = model.manifest, let spec = manifest.featureSpec else {
            throw InferenceError(status: 400, "this endpoint has no policy checkpoint (serve --model DIR with a `sentrade train` checkpoint)")
        }
        var sentiment = [SentimentFeatures](repeating: .none, count: bars.count)
        if spec.usesSentiment {
            let builder = SentimentFeatureBuilder(analyzer: model.analyzer)
            sentiment = try builder.build(posts: posts, bars: BarSeries(symbol: symbol, bars: bars)).perBar
        }
        var policy: any ExplainablePolicy
        do { policy = try TrainedPolicy.load(dir, featureSpec: spec) } catch { throw InferenceError(status: 500, "\(error)") }
        let history = SymbolHistory(symbol: symbol, spec: spec, lookback: policy.lookback, incremental: true)
        for (bar, s) in zip(bars, sentiment) { history.append(bar, sentiment: s) }
        let context = DecisionContext(history: history, state: state)
        let explanation = policy.explain(context)
        let decision = policy.decide(context)
        var observation = [Float](repeating: 0, count: ObservationBuilder.size(for: spec))
        observation.withUnsafeMutableBufferPointer { history.writeObservation(state: state, into: $0) }
        // An ensemble's probabilities are its members' mean; the explanation carries them either way.
        let probabilities = explanation.probabilities
        let actions = ((policy as? PPOPolicy)?.actionDecisions ?? (policy as? EnsemblePolicy)?.members.first?.actionDecisions ?? [])
        var out: [String: Any] = [
            "symbol": symbol, "time": ISO8601.string(bars[bars.count - 1].time),
            "decision": Self.text(decision), "probabilities": probabilities,
            "actions": actions.map(Self.text), "observation": observation.map(Double.init),
            "why": explanation.summary,
            "warm": history.isWarm, "features": spec.names,
        ]
        if !history.isWarm { out["warning"] = "only \(bars.count) bars: the features need \(spec.warmupBars) to warm up" }
        return out
    }

    static func text(_ d: Decision) -> String {
        switch d {
        case .hold: return "hold"
        case .target(let x): return "target:\(x)"
        }
    }
}
