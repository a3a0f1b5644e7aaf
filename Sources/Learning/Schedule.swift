import Foundation

/// A hyperparameter that may decay over training, as RL-Zoo's `lin_1e-3`: `constant(x)` or
/// `linear(x)` = x · (1 − progress), progress being the fraction of the step budget used.
///
/// Codable as `{"constant": 0.001}` / `{"linear": 0.001}` so config files say which they mean; a
/// bare number decodes as a constant.
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

    private enum CodingKeys: String, CodingKey { case constant, linear }

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let v = try? single.decode(Double.self) {
            self = .constant(v)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let v = try c.decodeIfPresent(Double.self, forKey: .linear) {
            self = .linear(v)
        } else if let v = try c.decodeIfPresent(Double.self, forKey: .constant) {
            self = .constant(v)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a schedule is a number, {\"constant\": x} or {\"linear\": x}"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .constant(let v): try c.encode(v, forKey: .constant)
        case .linear(let v): try c.encode(v, forKey: .linear)
        }
    }
}
