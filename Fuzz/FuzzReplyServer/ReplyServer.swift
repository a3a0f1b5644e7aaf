import Foundation
import FuzzSupport
import Live
import Logging

/// A loopback HTTP server (the project's own `LoopbackHTTPServer`) that answers every request with
/// the reply taken from the current fuzz input, so a REST client's public methods run end to end
/// (HTTP, status handling, error-body parsing, JSON decoding, mapping to domain values) exactly as
/// the CLI runs them, with no network.
///
/// Input format: an optional head `STATUS\nName: value\n…\n\n` followed by the body. Without a
/// head (or with a status outside 200–599, or one that forbids a body) the reply is a 200 with the
/// whole input as body. Header lines that are not `token: printable text` are dropped: NIO refuses
/// to send them, which would only test NIO.
public final class ReplyServer: @unchecked Sendable {
    public let baseURL: String
    private let server: LoopbackHTTPServer
    private let state: ReplyState

    /// Starts the server. Also silences logging for the whole process: the clients log every
    /// refused reply, which would only slow the fuzzer down.
    public init() {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        let state = ReplyState()
        let started = Fuzz.blocking {
            try await LoopbackHTTPServer(host: "127.0.0.1", port: 0) { _ in state.reply() }
        }
        switch started {
        case .success(let server):
            self.server = server
            self.baseURL = server.baseURL
        case .failure(let error):
            fatalError("fuzz harness setup: cannot start the loopback server: \(error)")
        }
        self.state = state
    }

    /// Sets the reply for the next requests from a fuzz input.
    public func set(input: Data) {
        state.set(Self.reply(from: input))
    }

    static func reply(from input: Data) -> (status: Int, headers: [(String, String)], body: Data) {
        let separator = Data("\n\n".utf8)
        guard let split = input.range(of: separator) else { return (200, [], input) }
        let head = String(decoding: input[input.startIndex..<split.lowerBound], as: UTF8.self)
        let body = Data(input[split.upperBound...])
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, let status = Int(first.trimmingCharacters(in: .whitespaces)),
              (200...599).contains(status), ![204, 205, 304].contains(status) else {
            return (200, [], input)
        }
        lines.removeFirst()
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon], value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let tokenOK = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 && !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains($0) }
            let valueOK = value.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && $0.value < 127 }
            guard tokenOK, valueOK, name.lowercased() != "content-length", name.lowercased() != "transfer-encoding",
                  name.lowercased() != "connection" else { continue }
            headers.append((String(name), value))
        }
        return (status, headers, body)
    }
}

private final class ReplyState: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (status: Int, headers: [(String, String)], body: Data) = (200, [], Data())

    func set(_ reply: (status: Int, headers: [(String, String)], body: Data)) {
        lock.lock()
        current = reply
        lock.unlock()
    }

    func reply() -> HTTPServerAction {
        lock.lock()
        defer { lock.unlock() }
        return .reply(status: current.status, headers: [("Content-Type", "application/json")] + current.headers, body: current.body)
    }
}
