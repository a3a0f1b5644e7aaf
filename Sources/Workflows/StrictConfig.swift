import Foundation
import Yams

/// Refuses configuration keys nobody reads: a typo (`featurs: price-only`) is an error naming the
/// key, the file and the nearest valid key, never a silently ignored setting.
public enum StrictConfig {
    /// Allowed keys of a mapping; a nested mapping's keys are checked with `nested[key]`.
    public struct Schema: Sendable {
        public var keys: [String]
        public var nested: [String: Schema]
        public init(_ keys: [String], nested: [String: Schema] = [:]) {
            self.keys = keys
            self.nested = nested
        }
    }

    public struct UnknownKey: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Parses `text` (YAML or JSON) and checks every mapping key against `schema`.
    public static func check(_ text: String, file: String, schema: Schema) throws {
        let node: Any?
        do { node = try Yams.load(yaml: text) } catch { throw UnknownKey(description: "\(file): not valid YAML: \(error)") }
        try check(node, path: "", file: file, schema: schema)
    }

    static func check(_ node: Any?, path: String, file: String, schema: Schema) throws {
        guard let map = node as? [AnyHashable: Any] else { return }
        for (rawKey, value) in map {
            let key = "\(rawKey)"
            let full = path.isEmpty ? key : "\(path).\(key)"
            guard schema.keys.contains(key) else {
                let hint = nearest(key, in: schema.keys).map { " (did you mean '\(path.isEmpty ? $0 : "\(path).\($0)")'?)" } ?? ""
                throw UnknownKey(description: "\(file): unknown key '\(full)'\(hint); valid keys here: \(schema.keys.sorted().joined(separator: ", "))")
            }
            if let sub = schema.nested[key] { try check(value, path: full, file: file, schema: sub) }
        }
    }

    /// The valid key at the smallest edit distance (≤ 3), if any.
    public static func nearest(_ key: String, in keys: [String]) -> String? {
        let scored = keys.map { ($0, distance(key.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 }
        return scored.flatMap { $0.1 <= 3 ? $0.0 : nil }
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
