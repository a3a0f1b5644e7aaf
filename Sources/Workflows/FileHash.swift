import Crypto
import Foundation

/// SHA-256 of files and bytes, as hex: what run records and reports stamp next to every input so
/// a result can be reproduced or challenged.
public enum FileHash {
    public static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The file's SHA-256, or nil when it cannot be read.
    public static func file(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map(hex)
    }
}
