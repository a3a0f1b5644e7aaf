import Foundation
import FuzzDriver

/// What every harness needs around libFuzzer's `LLVMFuzzerTestOneInput`: the input as `Data` or
/// text, a private scratch folder for APIs that read files (the CLI's own code path), and a way to
/// wait for an async API from libFuzzer's synchronous callback.
public enum Fuzz {
    /// The input bytes, copied.
    public static func data(_ start: UnsafeRawPointer, _ count: Int) -> Data {
        Data(bytes: start, count: count)
    }

    /// The input decoded as UTF-8 (invalid sequences become U+FFFD, as `String(decoding:)` does
    /// for files read by the CLI).
    public static func text(_ start: UnsafeRawPointer, _ count: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// A folder of this process's own (`/tmp/sentrade-fuzz-<pid>`), removed at normal exit unless
    /// `SENTRADE_FUZZ_KEEP=1` (to look at the files a harness writes, e.g. to make seeds).
    public static let directory: String = {
        let path = NSTemporaryDirectory() + "sentrade-fuzz-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            fatalError("fuzz harness setup: cannot create \(path): \(error)")
        }
        if ProcessInfo.processInfo.environment["SENTRADE_FUZZ_KEEP"] != "1" {
            atexit { try? FileManager.default.removeItem(atPath: Fuzz.directory) }
        }
        return path
    }()

    /// Writes `data` to `name` inside `directory` (subfolders created) and returns its path. A
    /// failure here is the harness's environment, not a finding, but it must not pass silently.
    @discardableResult
    public static func write(_ data: Data, to name: String) -> String {
        let path = directory + "/" + name
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            fatalError("fuzz harness setup: cannot write \(path): \(error)")
        }
        return path
    }

    /// Runs `body` on the concurrency pool and waits for it; thrown errors come back as `.failure`.
    public static func blocking<T>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, Error> {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        guard let result = box.result else { fatalError("fuzz harness: async call finished without a result") }
        return result
    }
}

/// Carries a result out of the task; written once before the semaphore is signalled.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}

extension Fuzz {
    /// The body of every harness's `main`: hands the command line to libFuzzer and exits with its
    /// status (non-zero after a crash, leak or timeout).
    public static func runDriver() -> Never {
        exit(sentrade_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
    }
}

extension Fuzz {
    /// A property the code under test promises; a breach is a finding. Unlike `precondition`, the
    /// message is printed in release builds too, so the crash report says what broke.
    public static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                             file: StaticString = #fileID, line: UInt = #line) {
        if !condition() { fail(message(), file: file, line: line) }
    }

    /// A finding: stops with the message (libFuzzer saves the input).
    public static func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        fatalError("finding: \(message)", file: file, line: line)
    }
}
