import Foundation
import XCTest

/// Locates ../shared/data (the read-only datasets beside the repository) for real-data tests.
///
/// A user's fresh clone has no shared/ folder: tests then skip with a clear message. Under
/// `CI=true` the data is expected, and its absence is a failure rather than a skip.
public enum SharedData {
    /// The package root, derived from this file's location (Tests/TestSupport/SharedData.swift).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `../shared/data/<relative>` if it exists; otherwise skips (or fails under CI=true).
    public static func path(_ relative: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: url.path) { return url.path }
        let message = "shared data \(url.path) is absent; this real-data check is skipped (it runs where ../shared/data exists)"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("CI=true but " + message, file: file, line: line)
            throw XCTSkip("failed: " + message)
        }
        throw XCTSkip(message)
    }
}
