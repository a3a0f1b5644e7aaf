import Backtest
import Features
import Foundation
import Learning
import Strategy
import TradingCore

/// One configuration `sentrade tune` tried, with its walk-forward result.
public struct TuneTrial: Codable, Sendable {
    /// 1-based, in grid order.
    public var index: Int
    /// One value per dimension of the space, in its order.
    public var values: [JSONValue]
    /// Annualised Sharpe of the seed-averaged walk-forward test returns, with its 95% bootstrap interval.
    public var sharpe: Double
    public var sharpeLow: Double
    public var sharpeHigh: Double
    public var seedSharpeMean: Double
    public var seedSharpeSD: Double
    public var turnover: Double
    public var totalReturn: Double
    public var maxDrawdown: Double
    /// The per-period (not annualised) Sharpe of the seed-averaged returns: what `eval --tuned`
    /// adds to its deflated Sharpe ratio's trials.
    public var periodSharpe: Double
}

/// What a tuning run found: every trial (none left out), the best by walk-forward Sharpe, and the
/// deflated Sharpe ratio of that best counting every trial, so a lucky pick shows as one.
public struct TuneSummary: Codable, Sendable {
    public var features: String
    public var from: String
    public var to: String
    public var folds: [String]
    public var seeds: [UInt64]
    public var space: [TuneSpace.Dimension]
    public var gridSize: Int
    public var trials: [TuneTrial]
    /// `index` of the best trial: the highest Sharpe among trials within `maxTurnover`.
    public var best: Int
    /// The turnover cap (annual turnover) a trial had to meet to be picked; nil: none.
    public var maxTurnover: Double?
    public var buyAndHoldSharpe: Double?
    public var deflatedSharpe: SharpeSignificance.BestOfTrials?

    public var bestTrial: TuneTrial? { trials.first { $0.index == best } }

    /// The agent settings of trial `index` applied to `base`.
    public func settings(of index: Int, base: PPOContenderSettings) throws -> PPOContenderSettings {
        guard let trial = trials.first(where: { $0.index == index }) else { throw TuneError("no trial \(index)") }
        return try TuneSpace(dimensions: space).apply(trial.values, to: base)
    }

    /// Reads `DIR/tune.json` (or the file itself), naming the file on error.
    public static func load(_ path: String) throws -> TuneSummary {
        var isDirectory: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue ? path + "/tune.json" : path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw TuneError("\(file): no tuning result there (give a `sentrade tune` folder or its tune.json)")
        }
        do { return try JSONDecoder().decode(TuneSummary.self, from: data) } catch let error as DecodingError {
            throw TuneError("\(file): not a tuning result: \(TrainingConfig.describe(error))")
        } catch {
            throw TuneError("\(file): not a tuning result: \(error)")
        }
    }
}

/// `sentrade tune`: a search over learner and environment settings, each trial scored by the same
/// walk-forward evaluation as `sentrade eval` (train on each fold's training window with its own
/// validation part, test on the next window). Every trial is recorded; `eval --tuned DIR` then uses
/// the best settings and counts all trials in its deflated Sharpe ratio. Tune on a period that ends
/// before the one you evaluate on, or the evaluation has seen its test data through the choice.
public enum TuneWorkflow {
    /// - Parameter maxTurnover: pick the best Sharpe among trials whose annual turnover is at most
    ///   this (a careful trader's constraint); every trial still counts in the deflated Sharpe ratio.
    public static func run(data: EvalDataset, space: TuneSpace, trials values: [[JSONValue]], fused: Bool,
                           base: PPOContenderSettings, config: EvalConfig, maxTurnover: Double? = nil,
                           progress: (String) -> Void = { _ in }) throws -> TuneSummary {
        var config = config
        config.movementTest = nil
        config.movementOnLastFold = false
        let features = fused ? FeatureID.market + FeatureID.sentiment : FeatureID.market
        var contenders: [Contender] = [.fixed(BuyAndHoldPolicy())]
        for (k, trial) in values.enumerated() {
            let settings = try space.apply(trial, to: base)
            contenders.append(.ppo(name: "trial \(k + 1)", features: features, settings: settings))
        }
        progress("\(values.count) trials × \(config.seeds.count) seeds × \(config.folds) folds")
        let summary = try EvalWorkflow.run(data: data, contenders: contenders, config: config, progress: progress)
        let rows = Dictionary(summary.rows.map { ($0.contender, $0) }, uniquingKeysWith: { a, _ in a })
        var trials: [TuneTrial] = []
        var returns: [[Double]] = []
        for (k, trial) in values.enumerated() {
            let name = "trial \(k + 1)"
            guard let row = rows[name] else { continue }
            let r = summary.returns(name)
            returns.append(r)
            trials.append(TuneTrial(index: k + 1, values: trial, sharpe: row.metrics.sharpe, sharpeLow: row.sharpeLow,
                                    sharpeHigh: row.sharpeHigh, seedSharpeMean: row.seedSharpeMean, seedSharpeSD: row.seedSharpeSD,
                                    turnover: row.metrics.turnover, totalReturn: row.metrics.totalReturn,
                                    maxDrawdown: row.metrics.maxDrawdown, periodSharpe: ReturnMoments(r).sharpe))
        }
        let eligible = trials.filter { t in maxTurnover.map { t.turnover <= $0 } ?? true }
        guard let best = eligible.max(by: { $0.sharpe < $1.sharpe }) else {
            let lowest = trials.map(\.turnover).min().map { String(format: "%.1f", $0) } ?? "-"
            throw TuneError(trials.isEmpty ? "no trial produced test returns"
                            : "no trial's turnover is within --max-turnover \(maxTurnover ?? 0) (the lowest was \(lowest)×/year)")
        }
        // The deflated Sharpe ratio of the pick: the trials' Sharpe spread sets what luck reaches.
        let deflated = SharpeSignificance.deflatedBest(of: returns, periodsPerYear: 252, pick: trials.firstIndex { $0.index == best.index })
        let folds = summary.plan.folds.compactMap { f -> String? in
            guard let tr = summary.plan.dates(f.train), let te = summary.plan.dates(f.test) else { return nil }
            return "train \(tr.lowerBound)…\(tr.upperBound) test \(te.lowerBound)…\(te.upperBound)"
        }
        // The sessions the trials were trained and tested on (the period asked for, clipped to the data).
        let first = summary.plan.folds.first.flatMap { summary.plan.dates($0.train) }?.lowerBound ?? config.from
        let last = summary.plan.folds.last.flatMap { summary.plan.dates($0.test) }?.upperBound ?? config.to
        return TuneSummary(features: fused ? "fused" : "price-only", from: "\(first)", to: "\(last)", folds: folds,
                           seeds: config.seeds, space: space.dimensions, gridSize: space.gridSize, trials: trials, best: best.index, maxTurnover: maxTurnover,
                           buyAndHoldSharpe: rows[BuyAndHoldPolicy().name]?.metrics.sharpe, deflatedSharpe: deflated)
    }

    /// One row per trial: its settings, then its results.
    public static func csv(_ summary: TuneSummary) -> String {
        var out = (["trial"] + summary.space.map(\.name)
            + ["sharpe", "sharpe_low", "sharpe_high", "seed_sharpe_mean", "seed_sharpe_sd", "turnover", "total_return", "max_drawdown"])
            .joined(separator: ",") + "\n"
        for t in summary.trials {
            let fields = ["\(t.index)"] + t.values.map { CSVText.field(TuneSpace.text($0)) }
                + [t.sharpe, t.sharpeLow, t.sharpeHigh, t.seedSharpeMean, t.seedSharpeSD, t.turnover, t.totalReturn, t.maxDrawdown].map { "\($0)" }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The best trial as a training-config fragment (`sentrade train --config best.yaml` trains it):
    /// the window, the agent's environment settings, and every PPO setting that differs from the
    /// training defaults. Values are JSON, which YAML reads.
    public static func bestConfigYAML(_ summary: TuneSummary, settings: PPOContenderSettings) throws -> String {
        guard let best = summary.bestTrial else { throw TuneError("no best trial") }
        func json(_ value: some Encodable) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        let shown = zip(summary.space, best.values).map { "\($0.name)=\(TuneSpace.text($1))" }.joined(separator: ", ")
        var out = "# sentrade tune: trial \(best.index) of \(summary.trials.count) (\(shown)), walk-forward Sharpe "
            + String(format: "%.2f", best.sharpe) + " on \(summary.from)…\(summary.to)\n"
        out += "features: \(summary.features)\nwindow: \(settings.window)\nenv:\n"
        out += "  actions: \(try json(settings.env.actions.text))\n"
        out += "  reward: \(try json(settings.env.reward.text))\n"
        out += "  rewardScale: \(settings.env.rewardScale)\n  turnoverPenalty: \(settings.env.turnoverPenalty)\n  minHoldBars: \(settings.env.minHoldBars)\n"
        guard case .object(let tuned) = try JSONValue(encoding: settings.ppo),
              case .object(let defaults) = try JSONValue(encoding: TrainingConfig.defaultPPO()) else { return out }
        let changed = tuned.keys.sorted().filter { $0 != "seed" && tuned[$0] != defaults[$0] }
        if !changed.isEmpty {
            out += "ppo:\n"
            for key in changed { if let v = tuned[key] { out += "  \(key): \(try json(v))\n" } }
        }
        return out
    }
}
