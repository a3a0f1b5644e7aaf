import Foundation

/// The discrete allocations a portfolio agent chooses among: tilts around equal weight.
///
/// A softmax over N weights needs a continuous policy and learns slowly from a few hundred daily
/// bars; a handful of named allocations keeps PPO's categorical head, is easy to read in a journal,
/// and still lets the agent hold cash, hold still, favour one symbol or avoid one:
///
/// | action | weights |
/// |---|---|
/// | 0 `hold` | no trade: keep the current positions |
/// | 1 `cash` | all zero |
/// | 2 `equal` | 1/N each |
/// | 3 `half` | 1/(2N) each, half in cash |
/// | 4 … 3+N `overweight i` | `overweight`/N on symbol i, the rest shared equally by the others |
/// | 4+N … 3+2N `avoid i` | 0 on symbol i, 1/(N−1) on each other |
public struct PortfolioActions: Sendable, Hashable, Codable {
    public var symbols: Int
    /// Symbol i's weight under `overweight i`, in multiples of 1/N (2: twice its equal share).
    public var overweight: Double

    public init(symbols: Int, overweight: Double = 2) {
        self.symbols = symbols
        self.overweight = overweight
    }

    public var count: Int { 4 + 2 * symbols }

    /// The target weights of `action`, nil for `hold` (or an action out of range).
    public func weights(for action: Int) -> [Double]? {
        let n = symbols
        guard n > 0, action > 0, action < count else { return nil }
        let equal = 1 / Double(n)
        switch action {
        case 1: return Array(repeating: 0, count: n)
        case 2: return Array(repeating: equal, count: n)
        case 3: return Array(repeating: equal / 2, count: n)
        case 4..<(4 + n):
            let favoured = min(overweight * equal, 1)
            let rest = n > 1 ? (1 - favoured) / Double(n - 1) : 0
            return (0..<n).map { $0 == action - 4 ? favoured : rest }
        default:
            let avoided = action - 4 - n
            let rest = n > 1 ? 1 / Double(n - 1) : 0
            return (0..<n).map { $0 == avoided ? 0 : rest }
        }
    }

    /// A readable name for `action`, given the symbols' names.
    public func name(of action: Int, symbols names: [String]) -> String {
        let n = symbols
        func symbol(_ i: Int) -> String { i < names.count ? names[i] : "#\(i)" }
        switch action {
        case 0: return "hold"
        case 1: return "cash"
        case 2: return "equal"
        case 3: return "half"
        case 4..<(4 + n): return "overweight \(symbol(action - 4))"
        case (4 + n)..<count: return "avoid \(symbol(action - 4 - n))"
        default: return "invalid \(action)"
        }
    }
}
