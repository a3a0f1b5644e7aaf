import Foundation
import TradingCore

/// One labelled text, for training and evaluation.
public struct LabeledText: Sendable, Hashable {
    public var text: String
    public var label: SentimentLabel

    public init(text: String, label: SentimentLabel) {
        self.text = text
        self.label = label
    }
}

/// Reads labelled sentiment data: CSV with a header (default columns `sentence,label`, as in the
/// shared FPB file) or the original Financial PhraseBank `sentence@label` lines in ISO-8859-1.
/// Files that are not valid UTF-8 are read as ISO-8859-1, so either encoding works for both layouts.
public enum LabeledDataset {
    public static func load(path: String, textColumn: String = "sentence", labelColumn: String = "label") throws(SentimentError) -> [LabeledText] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        let text = String(data: data, encoding: .utf8) ?? String(String.UnicodeScalarView(data.map { Unicode.Scalar($0) }))
        let firstLine = text.prefix(while: { $0 != "\n" && $0 != "\r\n" })
        let rows: [LabeledText]
        if isAtFormat(firstLine) {
            rows = try parseAtFormat(text, path: path)
        } else {
            rows = try parseCSV(text, path: path, textColumn: textColumn, labelColumn: labelColumn)
        }
        guard !rows.isEmpty else { throw .emptyDataset(path: path) }
        return rows
    }

    /// Parses a label spelling: positive/negative/neutral/mixed (any case), pos/neg/neu, 1/-1/0.
    public static func label(_ raw: some StringProtocol) -> SentimentLabel? {
        switch raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "positive", "pos", "1", "bullish": return .positive
        case "negative", "neg", "-1", "bearish": return .negative
        case "neutral", "neu", "0": return .neutral
        case "mixed": return .mixed
        default: return nil
        }
    }

    static func isAtFormat(_ line: Substring) -> Bool {
        guard let at = line.lastIndex(of: "@") else { return false }
        return label(line[line.index(after: at)...]) != nil
    }

    static func parseAtFormat(_ text: String, path: String) throws(SentimentError) -> [LabeledText] {
        var out: [LabeledText] = []
        for (n, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let at = trimmed.lastIndex(of: "@") else {
                throw .badLabel(path: path, line: n + 1, field: "label", value: "")
            }
            let raw = trimmed[trimmed.index(after: at)...]
            guard let l = label(raw) else { throw .badLabel(path: path, line: n + 1, field: "label", value: String(raw)) }
            out.append(LabeledText(text: String(trimmed[..<at]), label: l))
        }
        return out
    }

    static func parseCSV(_ text: String, path: String, textColumn: String, labelColumn: String) throws(SentimentError) -> [LabeledText] {
        let records = CSVRecords.parse(text)
        guard let header = records.first?.fields else { return [] }
        guard let ti = header.firstIndex(of: textColumn) else {
            throw .missingColumn(path: path, column: textColumn, header: header)
        }
        guard let li = header.firstIndex(of: labelColumn) else {
            throw .missingColumn(path: path, column: labelColumn, header: header)
        }
        var out: [LabeledText] = []
        for record in records.dropFirst() where !(record.fields.count == 1 && record.fields[0].isEmpty) {
            let raw = li < record.fields.count ? record.fields[li] : ""
            guard let l = label(raw), ti < record.fields.count else {
                throw .badLabel(path: path, line: record.line, field: labelColumn, value: raw)
            }
            out.append(LabeledText(text: record.fields[ti], label: l))
        }
        return out
    }
}

/// A minimal RFC 4180 CSV reader (quoted fields, doubled quotes, newlines inside quotes) that
/// remembers each record's starting line for error messages.
public enum CSVRecords {
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    public static func parse(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1, recordLine = 1
        let bytes = Array(text.utf8)
        var i = 0
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true) }
        while i < bytes.count {
            let c = bytes[i]
            if inQuotes {
                if c == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { inQuotes = false }
                } else {
                    if c == 0x0A { line += 1 }
                    field.append(c)
                }
            } else if c == 0x22 {
                inQuotes = true
            } else if c == 0x2C {
                endField()
            } else if c == 0x0A || c == 0x0D {
                if c == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields.removeAll()
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
