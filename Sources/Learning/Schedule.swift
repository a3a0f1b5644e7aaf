import Foundation

/// A hyperparameter that may decay over training, as RL-Zoo's `lin_1e-3`: `constant(x)` or
/// `linear(x)` = x · (1 − progress), progress being the fraction of the step budget used.
///
/// Codable as `{"constant": 0.001}` / `{"linear": 0.001}` so config files say which they mean.
public enum Schedule: Codable, Sendable, Equatable {
    case constant(Double)
    case linear(Double)

    /// The value when `progressRemaining` (1 at the start, 0 at the end) of training is left,
    /// SB3's convention.
    public func value(progressRemaining: Double) -> Double {
        switch self {
        case .constant(let v): return v
        case .linear(let v): return v * progressRemaining
        }
    }

    /// The value at the start of training.
    public var initial: Double {
        switch self {
        case .constant(let v), .linear(let v): return v
        }
    }
}
