import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// Sends text frames on an open websocket.
public struct WebSocketWriter: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>

    public func send(_ text: String) async throws {
        var buffer = ByteBufferAllocator().buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        try await outbound.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: buffer))
    }

    func control(_ opcode: WebSocketOpcode, _ data: ByteBuffer = ByteBuffer()) async throws {
        try await outbound.write(WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data))
    }
}

/// One websocket connection on SwiftNIO (ws:// and wss://), delivering whole text messages.
/// It answers pings, sends its own every `pingInterval`, and ends the message stream with
/// `.timeout` when nothing arrives for `idleTimeout` — the heartbeat that detects a dead peer —
/// or when the protocol handshake (auth + subscribe) has not called `ready` within
/// `handshakeTimeout`, so a server that accepts the socket but never answers cannot park the bot.
public enum WebSocketSession {
    enum Upgrade: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case refused
    }

    /// Connects, runs `body` with the incoming messages and a writer, and closes when `body` ends.
    public static func run(url: String, service: String, pingInterval: Double = 10, idleTimeout: Double = 30,
                           connectTimeout: Double = 10, handshakeTimeout: Double = 15,
                           _ body: @escaping @Sendable (AsyncThrowingStream<String, Error>, WebSocketWriter,
                                                        _ ready: @escaping @Sendable () -> Void) async throws -> Void) async throws {
        let channel = try await connect(url: url, service: service, connectTimeout: connectTimeout)
        try await channel.executeThenClose { inbound, outbound in
            let writer = WebSocketWriter(outbound: outbound)
            let (messages, continuation) = AsyncThrowingStream<String, Error>.makeStream()
            let lastSeen = LastSeen()
            let handshake = LastSeen()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await frame in inbound {
                            lastSeen.touch()
                            var data = frame.unmaskedData
                            switch frame.opcode {
                            case .text, .binary:
                                continuation.yield(data.readString(length: data.readableBytes) ?? "")
                            case .ping:
                                try await writer.control(.pong, data)
                            case .connectionClose:
                                continuation.finish(throwing: ConnectorError.connection(service: service, message: "server closed the stream"))
                                return
                            default:
                                break
                            }
                        }
                        continuation.finish(throwing: ConnectorError.connection(service: service, message: "stream connection dropped"))
                    } catch {
                        continuation.finish(throwing: ConnectorError.connection(service: service, message: "stream read failed: \(error)"))
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(nanoseconds: UInt64(min(pingInterval, idleTimeout, handshakeTimeout) * 1_000_000_000))
                        if !handshake.isDone, handshake.secondsAgo > handshakeTimeout {
                            continuation.finish(throwing: ConnectorError.timeout(service: service, seconds: handshakeTimeout))
                            return
                        }
                        if lastSeen.secondsAgo > idleTimeout {
                            continuation.finish(throwing: ConnectorError.timeout(service: service, seconds: idleTimeout))
                            return
                        }
                        try? await writer.control(.ping)
                    }
                }
                defer { group.cancelAll() }
                try await body(messages, writer) { handshake.markDone() }
            }
        }
    }

    static func connect(url: String, service: String, connectTimeout: Double) async throws -> NIOAsyncChannel<WebSocketFrame, WebSocketFrame> {
        guard let components = URLComponents(string: url), let host = components.host,
              let scheme = components.scheme?.lowercased(), scheme == "ws" || scheme == "wss" else {
            throw ConnectorError.invalidRequest("not a websocket URL: \(url)")
        }
        let tls = scheme == "wss"
        let port = components.port ?? (tls ? 443 : 80)
        let basePath = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        let path = components.percentEncodedQuery.map { basePath + "?" + $0 } ?? basePath
        let sslContext = tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let hostHeader = (port == 80 && !tls) || (port == 443 && tls) ? host : "\(host):\(port)"
        let result: EventLoopFuture<Upgrade>
        do {
            result = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(Int64(connectTimeout * 1000)))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: sslContext, serverHostname: host))
                        }
                        let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: 1 << 24) { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(NIOWebSocketFrameAggregator(
                                    minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024, maxAccumulatedFrameSize: 1 << 24))
                                return Upgrade.websocket(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                            }
                        }
                        var headers = HTTPHeaders()
                        headers.add(name: "Host", value: hostHeader)
                        headers.add(name: "Content-Length", value: "0")
                        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                        let config = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                            upgradeRequestHead: head, upgraders: [upgrader],
                            notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(.refused) })
                        // Servers (Alpaca too) send their first message right behind the 101 reply, often
                        // in the same TCP read: forward those bytes, the default drops them.
                        var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: config)
                        pipeline.leftOverBytesStrategy = .forwardBytes
                        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                            configuration: pipeline)
                    }
                }
        } catch {
            throw ConnectorError.connection(service: service, message: "cannot connect to \(host):\(port): \(error)")
        }
        switch try await result.get() {
        case .websocket(let channel): return channel
        case .refused: throw ConnectorError.connection(service: service, message: "server refused the websocket upgrade")
        }
    }
}

/// When the last frame arrived (or the handshake started, and whether it finished), shared by
/// the reader and the heartbeat.
final class LastSeen: @unchecked Sendable {
    private let lock = NSLock()
    private var time = Date()
    private var done = false

    func markDone() {
        lock.lock()
        done = true
        lock.unlock()
    }

    var isDone: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }

    func touch() {
        lock.lock()
        time = Date()
        lock.unlock()
    }

    var secondsAgo: Double {
        lock.lock()
        defer { lock.unlock() }
        return Date().timeIntervalSince(time)
    }
}
