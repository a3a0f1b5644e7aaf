import Foundation

/// Why a data file could not be read. Every case names the file and, where there is one, the line,
/// field and offending value, so a user can open the file and fix it.
public enum MarketDataError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case missingColumns(file: String, missing: [String], header: String)
    case badValue(file: String, line: Int, field: String, value: String, reason: String)
    case wrongFieldCount(file: String, line: Int, expected: Int, found: Int)
    case unsorted(file: String, line: Int, time: String, previous: String)
    case duplicateTimestamp(file: String, line: Int, time: String)
    case empty(file: String)
    case notFound(path: String, what: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .missingColumns(file, missing, header):
            return "\(file):1: missing column(s) \(missing.joined(separator: ", ")) in header '\(header)'"
        case let .badValue(file, line, field, value, reason):
            return "\(file):\(line): field '\(field)' has value '\(value)': \(reason)"
        case let .wrongFieldCount(file, line, expected, found):
            return "\(file):\(line): expected \(expected) fields, found \(found)"
        case let .unsorted(file, line, time, previous):
            return "\(file):\(line): timestamp \(time) is earlier than the previous row's \(previous); rows must be in ascending time order"
        case let .duplicateTimestamp(file, line, time):
            return "\(file):\(line): duplicate timestamp \(time)"
        case let .empty(file):
            return "\(file): no data rows"
        case let .notFound(path, what):
            return "\(path): \(what) not found"
        }
    }
}

/// A line that could not be used but did not stop the load (e.g. one bad tweet in a file of
/// thousands): reported with file and line, and counted.
public struct SkippedLine: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public var description: String { "\(file):\(line): \(reason)" }
}
