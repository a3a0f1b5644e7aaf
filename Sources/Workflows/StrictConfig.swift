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

    /// Parses `text` (YAML or JSON) and checks every mapping key against `schema`. Works on the
    /// node tree (`Yams.compose`), not `Yams.load`: Yams's untyped constructor traps on a key that
    /// is itself a mapping or list (`? {a: 1}: x`), so such keys are refused here, anywhere in the file.
    public static func check(_ text: String, file: String, schema: Schema) throws {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw UnknownKey(description: "\(file): not valid YAML: \(error)") }
        try check(node, path: "", file: file, schema: schema)
    }

    /// Checks the keys of `node` against `schema` (nil: only that every key is a plain scalar).
    static func check(_ node: Node?, path: String, file: String, schema: Schema?) throws {
        switch node {
        case .mapping(let map)?:
            for (keyNode, value) in map {
                // `<<: *base` merges another mapping's keys into this one.
                if keyNode.tag.rawValue == Tag.Name.merge.rawValue {
                    for merged in value.sequence.map(Array.init) ?? [value] { try check(merged, path: path, file: file, schema: schema) }
                    continue
                }
                guard let key = keyNode.scalar?.string else {
                    let line = keyNode.mark.map { ":\($0.line)" } ?? ""
                    throw UnknownKey(description: "\(file)\(line): a key\(path.isEmpty ? "" : " under '\(path)'") is a mapping or list; keys must be plain names")
                }
                let full = path.isEmpty ? key : "\(path).\(key)"
                guard let schema else {
                    try check(value, path: full, file: file, schema: nil)
                    continue
                }
                guard schema.keys.contains(key) else {
                    let hint = nearest(key, in: schema.keys).map { " (did you mean '\(path.isEmpty ? $0 : "\(path).\($0)")'?)" } ?? ""
                    throw UnknownKey(description: "\(file): unknown key '\(full)'\(hint); valid keys here: \(schema.keys.sorted().joined(separator: ", "))")
                }
                try check(value, path: full, file: file, schema: schema.nested[key])
            }
        case .sequence(let list)?:
            for item in list { try check(item, path: path, file: file, schema: nil) }
        default:
            return
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
