import Foundation

/// Errors of the Sentiment module. Each names the input (file, line, field, value) and what to do.
public enum SentimentError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case missingColumn(path: String, column: String, header: [String])
    case badLabel(path: String, line: Int, field: String, value: String)
    case emptyDataset(path: String)
    case badModel(path: String, reason: String)
    case invalidArgument(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read (\(reason)); check the path and permissions"
        case let .missingColumn(path, column, header):
            return "\(path):1: no column '\(column)' in header \(header); pass --text-col/--label-col"
        case let .badLabel(path, line, field, value):
            return "\(path):\(line): field '\(field)' has label '\(value)'; expected positive, negative, neutral or mixed"
        case let .emptyDataset(path):
            return "\(path): no labelled rows found; expected CSV `sentence,label` or FPB `sentence@label` lines"
        case let .badModel(path, reason):
            return "\(path): not a usable sentiment model (\(reason)); retrain with `sentrade sentiment train`"
        case let .invalidArgument(name, value, reason):
            return "argument \(name)=\(value): \(reason)"
        }
    }
}
