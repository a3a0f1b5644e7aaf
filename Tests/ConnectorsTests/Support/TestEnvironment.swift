import Connectors
import Foundation
import XCTest

/// Shared test settings: CI mode, the repository root, and fast retry policies.
enum TestEnv {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The package root (…/wt-connectors or the CI clone), from this file's path.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Retries with waits scaled down 1000× so fault tests take milliseconds.
    static func fastRetry(_ attempts: Int = 4) -> RetryPolicy {
        RetryPolicy(maxAttempts: attempts, baseDelay: 0.5, maxDelay: 20, maxServerDelay: 120, timeScale: 0.001)
    }

    /// Skips (or, under CI=true, fails) when a required service or file is missing.
    static func require(_ condition: Bool, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard !condition else { return }
        if isCI {
            XCTFail("required under CI=true: \(message)", file: file, line: line)
            throw XCTSkip(message)
        }
        throw XCTSkip(message)
    }
}
