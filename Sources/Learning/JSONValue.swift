import Foundation

/// Any JSON value, Codable. Lets `checkpoint.json` carry sections owned by other modules (the
/// FeatureSpec, normalisation statistics, env config) without Learning depending on their types:
/// the owner encodes its Codable value with `JSONValue(encoding:)` and decodes it back with
/// `decode(_:)`.
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The JSON form of any Encodable value.
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    /// Decodes this JSON into a Decodable type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }

    /// Human-readable differences from `other`, by key path (`aggregator.halfLifeBars 3 vs 5`).
    public func differences(from other: JSONValue, path: String = "") -> [String] {
        switch (self, other) {
        case let (.object(a), .object(b)):
            return Set(a.keys).union(b.keys).sorted().flatMap { key -> [String] in
                let sub = path.isEmpty ? key : "\(path).\(key)"
                return (a[key] ?? .null).differences(from: b[key] ?? .null, path: sub)
            }
        default:
            return self == other ? [] : ["\(path.isEmpty ? "value" : path) \(self.text) vs \(other.text)"]
        }
    }

    var text: String {
        switch self {
        case .null: return "(none)"
        case .bool(let b): return "\(b)"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : "\(n)"
        case .string(let s): return s
        case .array(let a): return "[" + a.map(\.text).joined(separator: ",") + "]"
        case .object: return "{…}"
        }
    }
}
