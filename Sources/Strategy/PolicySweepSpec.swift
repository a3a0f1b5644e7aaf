import Foundation

/// Expands a sweep spelling of a baseline policy into the configurations it names, so that a
/// parameter search is written once on the command line and every configuration tried is counted
/// (the deflated Sharpe ratio needs that count).
///
/// Each comma-separated argument of a policy spec may be a range:
/// - `A..B`: every whole number from A to B inclusive (`sma:5..20,20..60`);
/// - `A..B/S`: from A to B in steps of S (`sma:5..20/5,30..90/30`, `sentiment:0.05..0.2/0.05,-0.1`);
///   decimal ranges need a step.
/// Configurations a policy would refuse (FAST ≥ SLOW for `sma`, SELL > BUY for `sentiment`) are
/// left out; a spec without ranges expands to itself.
public enum PolicySweepSpec {
    /// The most configurations one sweep may expand to.
    public static let maximumConfigurations = 10_000

    public static func expand(_ spec: String) throws -> [String] {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[1].contains("..") else { return [spec] }
        let kind = parts[0]
        let arguments = try parts[1].split(separator: ",", omittingEmptySubsequences: false).map {
            try values(String($0).trimmingCharacters(in: .whitespaces), in: spec)
        }
        var combinations: [[String]] = [[]]
        for options in arguments {
            combinations = combinations.flatMap { prefix in options.map { prefix + [$0] } }
            guard combinations.count <= maximumConfigurations else {
                throw PolicySpec.ParseError.badParameters(
                    spec: spec, reason: "expands to more than \(maximumConfigurations) configurations; use a step (A..B/S)")
            }
        }
        let specs = combinations.map { "\(kind):\($0.joined(separator: ","))" }
        let valid = specs.filter { (try? PolicySpec.baseline($0)) != nil }
        guard !valid.isEmpty else {
            throw PolicySpec.ParseError.badParameters(spec: spec, reason: "no configuration in the ranges is valid (e.g. sma needs FAST < SLOW)")
        }
        return valid
    }

    /// The values one argument stands for: itself, or the members of its range.
    static func values(_ argument: String, in spec: String) throws -> [String] {
        guard let dots = argument.range(of: "..") else { return [argument] }
        let lowText = String(argument[..<dots.lowerBound])
        var rest = String(argument[dots.upperBound...])
        var stepText: String?
        if let slash = rest.firstIndex(of: "/") {
            stepText = String(rest[rest.index(after: slash)...])
            rest = String(rest[..<slash])
        }
        func bad(_ reason: String) -> PolicySpec.ParseError {
            .badParameters(spec: spec, reason: "range '\(argument)': \(reason)")
        }
        if let low = Int(lowText), let high = Int(rest), stepText.map({ Int($0) != nil }) ?? true {
            let step = stepText.flatMap { Int($0) } ?? 1
            guard step > 0 else { throw bad("the step must be positive") }
            guard low <= high else { throw bad("\(low) is above \(high)") }
            return stride(from: low, through: high, by: step).map(String.init)
        }
        guard let low = Double(lowText), let high = Double(rest), low.isFinite, high.isFinite else {
            throw bad("expected A..B or A..B/STEP with numbers")
        }
        guard let stepText, let step = Double(stepText), step.isFinite, step > 0 else {
            throw bad("a decimal range needs a positive step, e.g. 0.05..0.2/0.05")
        }
        guard low <= high else { throw bad("\(low) is above \(high)") }
        let count = Int(((high - low) / step + 1e-9).rounded(.down)) + 1
        guard count <= maximumConfigurations else { throw bad("more than \(maximumConfigurations) values") }
        // Values printed from low + k·step (not accumulated), rounded to the step's precision.
        let decimals = max(decimalPlaces(stepText), decimalPlaces(lowText))
        return (0..<count).map { k in String(format: "%.\(decimals)f", low + Double(k) * step) }
    }

    static func decimalPlaces(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }
}
