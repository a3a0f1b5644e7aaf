import Foundation
import Learning
import TradingCore

/// The settings `sentrade tune` searches: each dimension is one learner or environment setting and
/// the values to try (`--space turnoverPenalty=0,0.001,0.002`). A trial is one value per dimension;
/// applying it to the default agent settings goes through the same decoders as a training config,
/// so a value a config would refuse is refused here, naming the setting.
public struct TuneSpace: Sendable, Equatable {
    /// Where a setting lives: the environment (`env.*`), PPO (`ppo.*`) or the observation window.
    public enum Section: String, Sendable, Equatable, Codable { case env, ppo, window }

    public struct Dimension: Sendable, Equatable, Codable {
        public var section: Section
        public var key: String
        public var values: [JSONValue]
        /// `section.key`, or `window`.
        public var name: String { section == .window ? "window" : "\(section.rawValue).\(key)" }
    }

    /// Settings that may be searched, by section. Schedules (`learningRate`, `clipRange`) take numbers (constant schedules).
    public static let searchable: [(Section, String)] = [
        (.env, "turnoverPenalty"), (.env, "minHoldBars"), (.env, "actions"), (.env, "reward"), (.env, "rewardScale"),
        (.ppo, "gamma"), (.ppo, "gaeLambda"), (.ppo, "entCoef"), (.ppo, "learningRate"), (.ppo, "clipRange"),
        (.ppo, "nEpochs"), (.ppo, "normalizeObservations"), (.ppo, "normalizeRewards"), (.ppo, "totalTimesteps"),
        (.window, "window"),
    ]

    public var dimensions: [Dimension]

    public init(dimensions: [Dimension]) { self.dimensions = dimensions }

    /// Parses `--space` arguments: `KEY=V1,V2,…` with KEY a searchable setting, with or without its
    /// section (`gamma` or `ppo.gamma`). Errors name the argument and the valid keys.
    public init(parsing arguments: [String]) throws {
        var dims: [Dimension] = []
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw TuneError("--space '\(argument)': expected KEY=V1,V2,… (e.g. turnoverPenalty=0,0.001)")
            }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            guard let (section, name) = Self.searchable.first(where: { $0.1 == key || "\($0.0.rawValue).\($0.1)" == key }) else {
                throw TuneError("--space '\(argument)': '\(key)' is not a searchable setting; use one of "
                                + Self.searchable.map { $0.0 == .window ? $0.1 : "\($0.0.rawValue).\($0.1)" }.joined(separator: ", "))
            }
            guard !dims.contains(where: { $0.section == section && $0.key == name }) else {
                throw TuneError("--space '\(argument)': \(key) is given twice")
            }
            // Action schemes contain commas (targets:0,0.5,1): their alternatives are separated by ';'.
            let separator: Character = name == "actions" ? ";" : ","
            let values = parts[1].split(separator: separator).map { Self.value(String($0).trimmingCharacters(in: .whitespaces)) }
            guard Set(values.map { "\($0)" }).count == values.count else {
                throw TuneError("--space '\(argument)': a value is repeated")
            }
            dims.append(Dimension(section: section, key: name, values: values))
        }
        guard !dims.isEmpty else { throw TuneError("give at least one --space KEY=V1,V2,…") }
        dimensions = dims
    }

    /// `true`/`false`, a number, or text.
    static func value(_ text: String) -> JSONValue {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let x = Double(text), x.isFinite { return .number(x) }
        return .string(text)
    }

    /// A value as it was written (`0.001`, `true`, `discrete3`).
    public static func text(_ value: JSONValue) -> String {
        switch value {
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
        case .string(let s): return s
        default: return "\(value)"
        }
    }

    /// Every combination: Π values.count (saturating).
    public var gridSize: Int {
        dimensions.reduce(1) { n, d in n.multipliedReportingOverflow(by: d.values.count).overflow ? Int.max : n * d.values.count }
    }

    /// The trials to run: the whole grid when it has at most `limit` points, else `limit` distinct
    /// points drawn with `seed` (the order is the grid's, so a trial's number is stable).
    public func trials(limit: Int, seed: UInt64) throws -> [[JSONValue]] {
        guard limit >= 1 else { throw TuneError("--trials must be at least 1, got \(limit)") }
        let size = gridSize
        guard size <= 100_000 else { throw TuneError("the search space has \(size) combinations; at most 100,000 (narrow a --space)") }
        var chosen = Array(0..<size)
        if size > limit {
            var rng = SeededGenerator(seed: seed)
            chosen.shuffle(using: &rng)
            chosen = Array(chosen.prefix(limit)).sorted()
        }
        return chosen.map { index in
            var rest = index
            return dimensions.reversed().map { d -> JSONValue in
                let v = d.values[rest % d.values.count]
                rest /= d.values.count
                return v
            }.reversed()
        }
    }

    /// The agent settings with one trial's values applied (decoded as a training config would).
    public func apply(_ values: [JSONValue], to base: PPOContenderSettings) throws -> PPOContenderSettings {
        var settings = base
        var env = try Self.object(base.env), ppo = try Self.object(base.ppo)
        for (d, value) in zip(dimensions, values) {
            switch d.section {
            case .window:
                guard case .number(let x) = value, x >= 1, x <= 250, x == x.rounded() else {
                    throw TuneError("window \(Self.text(value)): must be a whole number of bars in 1…250")
                }
                settings.window = Int(x)
            case .env:
                env[d.key] = value
            case .ppo:
                if d.key == "learningRate" || d.key == "clipRange", case .number = value {
                    ppo[d.key] = .object(["constant": value])
                } else {
                    ppo[d.key] = value
                }
            }
        }
        do {
            settings.env = try JSONValue.object(env).decode(TradingEnvConfig.self)
            settings.ppo = try JSONValue.object(ppo).decode(PPOConfig.self)
        } catch {
            let shown = zip(dimensions, values).map { "\($0.name)=\(Self.text($1))" }.joined(separator: ", ")
            throw TuneError("trial \(shown): \((error as? DecodingError).map(TrainingConfig.describe) ?? "\(error)")")
        }
        return settings
    }

    private static func object(_ value: some Encodable) throws -> [String: JSONValue] {
        guard case .object(let o) = try JSONValue(encoding: value) else { throw TuneError("cannot encode the default settings") }
        return o
    }
}

/// Why a tuning run could not start.
public struct TuneError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
