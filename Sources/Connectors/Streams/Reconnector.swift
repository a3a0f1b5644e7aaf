import Foundation
import Logging

/// The reconnect policy shared by every stream: run a session; when it drops, wait a jittered
/// exponential backoff and run it again; give up after `retry.maxAttempts` consecutive failures
/// (a session that authenticated resets the count). Fatal errors (bad keys, no subscription) end
/// the stream at once instead of hammering the server.
struct Reconnector: Sendable {
    var service: String
    var retry: RetryPolicy
    var logger: Logger

    /// Consecutive failures, reset by `markHealthy` from inside a session.
    final class Health: @unchecked Sendable {
        private let lock = NSLock()
        private var failures = 0
        private(set) var sessions = 0

        func markHealthy() { lock.lock(); failures = 0; lock.unlock() }
        func fail() -> Int { lock.lock(); defer { lock.unlock() }; failures += 1; return failures }
        func start() -> Int { lock.lock(); defer { lock.unlock() }; sessions += 1; return sessions }
    }

    /// Runs `session` until cancelled, a fatal error, or too many consecutive failures.
    func run(isFatal: @Sendable (Error) -> Bool, session: @Sendable (_ number: Int, Health) async throws -> Void) async throws {
        let health = Health()
        while true {
            try Task.checkCancellation()
            let number = health.start()
            do {
                try await session(number, health)
                throw ConnectorError.connection(service: service, message: "stream ended")
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                if isFatal(error) { throw error }
                let failures = health.fail()
                guard failures < retry.maxAttempts else {
                    logger.error("stream gave up", metadata: ["service": "\(service)", "failures": "\(failures)", "error": "\(error)"])
                    throw error
                }
                let wait = retry.backoff(attempt: failures - 1)
                logger.warning("stream dropped; reconnecting", metadata: [
                    "service": "\(service)", "failures": "\(failures)", "error": "\(error)",
                    "wait_s": "\(String(format: "%.3f", wait))",
                ])
                try await retry.sleep(seconds: wait)
            }
        }
    }
}

/// Parses a stream frame: a JSON array of objects (market data) or a single object (trading).
func streamMessages(_ text: String) -> [[String: Any]] {
    guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return [] }
    if let array = root as? [[String: Any]] { return array }
    if let object = root as? [String: Any] { return [object] }
    return []
}

/// JSON text of a small object, for stream control messages.
func streamJSON(_ object: [String: Any]) -> String {
    String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
}

/// An event stream fed by `producer` in its own task; the stream ends when the producer returns
/// or throws, and cancelling the consumer cancels the producer (closing its connection).
func eventStream<Event: Sendable>(
    _ producer: @escaping @Sendable (AsyncThrowingStream<Event, Error>.Continuation) async throws -> Void
) -> AsyncThrowingStream<Event, Error> {
    let (stream, continuation) = AsyncThrowingStream<Event, Error>.makeStream()
    let task = Task {
        do {
            try await producer(continuation)
            continuation.finish()
        } catch {
            continuation.finish(throwing: error)
        }
    }
    continuation.onTermination = { _ in task.cancel() }
    return stream
}
