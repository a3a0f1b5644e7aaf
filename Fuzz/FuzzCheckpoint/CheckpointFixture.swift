import Features
import Foundation
import FuzzSupport
import Learning
import Strategy
import TradingCore

/// A small, valid policy checkpoint (price-only features over 3 bars, 3 actions, 4-unit hidden
/// layers) that the checkpoint harnesses start from: one of its two files is replaced by the input.
public enum CheckpointFixture {
    public static let spec = FeatureSpec.priceOnly(window: 3)

    /// A freshly saved checkpoint folder `name` inside the harness's scratch folder.
    public static func save(as name: String) -> URL {
        let model = ActorCritic(observationSize: ObservationBuilder.size(for: spec), actionCount: 3,
                                config: NetworkConfig(policyHidden: [4], valueHidden: [4]), seed: 2)
        var manifest = CheckpointManifest(observationSize: model.observationSize, actionCount: 3, network: model.config)
        manifest.featureSpec = spec
        manifest.envConfig = TradingEnvConfig()
        manifest.observationStatistics = RunningStatistics(size: model.observationSize)
        let directory = URL(fileURLWithPath: Fuzz.directory).appendingPathComponent(name)
        do {
            try Checkpoint.save(model: model, manifest: manifest, to: directory)
        } catch {
            fatalError("fuzz harness setup: cannot save the reference checkpoint: \(error)")
        }
        return directory
    }

    /// Twelve daily bars, enough to warm up a 3-bar window.
    public static let bars: [Bar] = (0..<12).map { i in
        let close = 100 + Double(i % 5) - Double(i) * 0.3
        return Bar(time: Date(timeIntervalSince1970: 1_704_205_800 + Double(i) * 86_400),
                   open: close - 0.5, high: close + 1, low: close - 1, close: close, volume: 1_000 + Double(i))
    }

    /// Loads the folder as `backtest --policy ckpt:DIR` and `serve` do, and takes one decision and
    /// one explanation on `bars`: a checkpoint that loads must also run.
    public static func loadAndDecide(_ directory: URL) throws {
        var policy = try TrainedPolicy.load(directory, featureSpec: spec)
        let history = SymbolHistory(symbol: "FUZZ", spec: spec, lookback: policy.lookback, incremental: true)
        for bar in bars { _ = history.append(bar, sentiment: .none) }
        let context = DecisionContext(history: history, state: AgentState())
        _ = policy.explain(context)
        _ = policy.decide(context)
    }
}
