import Features
import Foundation
import TradingCore

/// Builds baseline policies from the command-line spelling: `buy-and-hold`, `sma:FAST,SLOW`,
/// `sentiment:BUY,SELL`, `random[:SEED]`. Trained agents (`ckpt:DIR`) are built by the caller,
/// which knows how to load checkpoints.
public enum PolicySpec {
    public enum ParseError: Error, CustomStringConvertible, Sendable {
        case unknown(String)
        case badParameters(spec: String, reason: String)

        public var description: String {
            switch self {
            case .unknown(let s):
                return "unknown policy '\(s)'; use buy-and-hold, sma:FAST,SLOW, sentiment:BUY,SELL, random[:SEED] or ckpt:DIR"
            case let .badParameters(spec, reason): return "policy '\(spec)': \(reason)"
            }
        }
    }

    public static func baseline(_ spec: String, allowShort: Bool = false) throws -> any Policy {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        let kind = parts.first?.lowercased() ?? ""
        let args = parts.count > 1 ? parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : []
        switch kind {
        case "buy-and-hold", "bh", "buyhold":
            return BuyAndHoldPolicy()
        case "sma":
            guard args.count == 2, let fast = Int(args[0]), let slow = Int(args[1]) else {
                throw ParseError.badParameters(spec: spec, reason: "expected sma:FAST,SLOW with whole numbers, e.g. sma:10,30")
            }
            guard fast > 0, slow > fast else {
                throw ParseError.badParameters(spec: spec, reason: "need 0 < FAST < SLOW")
            }
            return SMACrossoverPolicy(fast: fast, slow: slow, allowShort: allowShort)
        case "sentiment":
            if args.isEmpty { return SentimentThresholdPolicy(allowShort: allowShort) }
            guard args.count == 2, let buy = Double(args[0]), let sell = Double(args[1]), buy.isFinite, sell.isFinite else {
                throw ParseError.badParameters(spec: spec, reason: "expected sentiment:BUY,SELL thresholds, e.g. sentiment:0.1,-0.1")
            }
            guard sell <= buy else { throw ParseError.badParameters(spec: spec, reason: "SELL must not exceed BUY") }
            return SentimentThresholdPolicy(buyAbove: buy, sellBelow: sell, allowShort: allowShort)
        case "random":
            guard args.count <= 1, let seed = args.isEmpty ? 0 : UInt64(args[0]) else {
                throw ParseError.badParameters(spec: spec, reason: "expected random or random:SEED")
            }
            return RandomPolicy(seed: seed)
        default:
            throw ParseError.unknown(spec)
        }
    }
}

