import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request as the in-test server saw it.
struct TestRequest: Sendable {
    var method: String
    var uri: String
    var headers: [(String, String)]
    var body: Data

    var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
    var query: [String: String] {
        guard let q = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var out: [String: String] = [:]
        for item in q.split(separator: "&") {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
            out[key] = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
        }
        return out
    }
    func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// What the in-test server does with a request: reply, never reply, or drop the connection.
enum TestAction: Sendable {
    case reply(status: Int, headers: [(String, String)], body: Data)
    case hang
    case drop

    static func json(_ status: Int = 200, _ text: String, headers: [(String, String)] = []) -> TestAction {
        .reply(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(text.utf8))
    }
}

/// A lock-protected value for handler state shared across event-loop callbacks and tests.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
    var current: Value { withLock { $0 } }
}

/// An HTTP/1.1 server on 127.0.0.1 (free port) built on SwiftNIO, replaying scripted replies and
/// faults so connectors can be tested against real sockets.
final class TestHTTPServer: Sendable {
    typealias Handler = @Sendable (TestRequest) -> TestAction
    let group: MultiThreadedEventLoopGroup
    let channel: Channel
    let requests: Locked<[TestRequest]>
    var port: Int { channel.localAddress?.port ?? 0 }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(handler: @escaping Handler) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let requests = Locked<[TestRequest]>([])
        self.group = group
        self.requests = requests
        self.channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RequestHandler(handler: handler, log: requests))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    var count: Int { requests.current.count }
    func requests(path: String) -> [TestRequest] { requests.current.filter { $0.path == path } }
}

private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let handler: TestHTTPServer.Handler
    let log: Locked<[TestRequest]>
    var head: HTTPRequestHead?
    var body = Data()

    init(handler: @escaping TestHTTPServer.Handler, log: Locked<[TestRequest]>) {
        self.handler = handler
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = Data()
        case .body(var buffer):
            if let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let head else { return }
            let request = TestRequest(method: head.method.rawValue, uri: head.uri,
                                      headers: head.headers.map { ($0.name, $0.value) }, body: body)
            log.withLock { $0.append(request) }
            switch handler(request) {
            case .hang:
                break
            case .drop:
                context.close(promise: nil)
            case let .reply(status, headers, data):
                var responseHead = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status))
                for (name, value) in headers { responseHead.headers.add(name: name, value: value) }
                responseHead.headers.replaceOrAdd(name: "Content-Length", value: String(data.count))
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                var buffer = context.channel.allocator.buffer(capacity: data.count)
                buffer.writeBytes(data)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
            self.head = nil
        }
    }
}
