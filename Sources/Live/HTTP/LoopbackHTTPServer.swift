import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A request as the small built-in HTTP servers see it.
public struct HTTPServerRequest: Sendable {
    public var method: String
    public var uri: String
    public var headers: [(String, String)]
    public var body: Data

    public var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
    public var query: [String: String] {
        guard let q = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var out: [String: String] = [:]
        for item in q.split(separator: "&") {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
            out[key] = kv.count > 1 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[1])) : ""
        }
        return out
    }
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// What a handler answers: a reply, or (for fault injection) a dropped connection.
public enum HTTPServerAction: Sendable {
    case reply(status: Int, headers: [(String, String)], body: Data)
    case drop

    public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> HTTPServerAction {
        .reply(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(text.utf8))
    }
    public static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8") -> HTTPServerAction {
        .reply(status: status, headers: [("Content-Type", contentType)], body: Data(text.utf8))
    }
}

/// A minimal HTTP/1.1 server on SwiftNIO for the runner's `/health` and `/metrics` and for the
/// simulated Alpaca: binds 127.0.0.1 by default (port 0 picks a free one), caps request bodies,
/// and answers each request with a synchronous handler (state lives behind locks in the caller).
public final class LoopbackHTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPServerRequest) -> HTTPServerAction
    let group: MultiThreadedEventLoopGroup
    let channel: Channel
    public var port: Int { channel.localAddress?.port ?? 0 }
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Called for each websocket connection upgraded on `webSocketPath`, with the connection's
    /// channel (to push frames) and each text message it receives (nil once, when it opens).
    public typealias WebSocketHandler = @Sendable (_ channel: Channel, _ message: String?) -> Void

    public init(host: String = "127.0.0.1", port: Int = 0, maxBodyBytes: Int = 1 << 20,
                webSocketPath: String? = nil, webSocket: WebSocketHandler? = nil, handler: @escaping Handler) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.group = group
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    let http = RequestHandler(handler: handler, maxBodyBytes: maxBodyBytes)
                    guard let webSocketPath, let webSocket else {
                        return channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(http) }
                    }
                    let upgrader = NIOWebSocketServerUpgrader(
                        shouldUpgrade: { channel, head in
                            channel.eventLoop.makeSucceededFuture(head.uri.hasPrefix(webSocketPath) ? HTTPHeaders() : nil)
                        },
                        upgradePipelineHandler: { channel, _ in
                            channel.pipeline.addHandler(WebSocketTextHandler(callback: webSocket))
                        })
                    return channel.pipeline.configureHTTPServerPipeline(
                        withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                            context.pipeline.removeHandler(http, promise: nil)
                        })
                    ).flatMap { channel.pipeline.addHandler(http) }
                }
                .bind(host: host, port: port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

private final class RequestHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let handler: LoopbackHTTPServer.Handler
    let maxBodyBytes: Int
    var head: HTTPRequestHead?
    var body = Data()
    var tooLarge = false

    init(handler: @escaping LoopbackHTTPServer.Handler, maxBodyBytes: Int) {
        self.handler = handler
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = Data()
            tooLarge = false
        case .body(var buffer):
            if body.count + buffer.readableBytes > maxBodyBytes { tooLarge = true }
            if !tooLarge, let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let head else { return }
            self.head = nil
            let action: HTTPServerAction = tooLarge
                ? .json(413, #"{"error":"request body larger than \#(maxBodyBytes) bytes"}"#)
                : handler(HTTPServerRequest(method: head.method.rawValue, uri: head.uri,
                                            headers: head.headers.map { ($0.name, $0.value) }, body: body))
            switch action {
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
        }
    }
}

/// Hands a websocket's text messages to a callback and answers pings; frames are pushed by whoever
/// holds the channel (`LoopbackHTTPServer.sendText`).
private final class WebSocketTextHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    let callback: LoopbackHTTPServer.WebSocketHandler

    init(callback: @escaping LoopbackHTTPServer.WebSocketHandler) { self.callback = callback }

    func handlerAdded(context: ChannelHandlerContext) { callback(context.channel, nil) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        var payload = frame.unmaskedData
        switch frame.opcode {
        case .text:
            callback(context.channel, payload.readString(length: payload.readableBytes) ?? "")
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: payload)), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }
}

extension LoopbackHTTPServer {
    /// Pushes one text frame to a websocket connection (any thread).
    public static func sendText(_ text: String, on channel: Channel) {
        var buffer = channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: buffer), promise: nil)
    }
}
