import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// What the scripted websocket server does in reply to a connection event.
enum WSAction: Sendable {
    case send(String)
    /// Close the TCP connection abruptly (no close frame): a drop mid-stream.
    case drop
}

/// A websocket server on 127.0.0.1 driven by a script: `script(connection, message)` is called
/// with message nil when a connection opens and with each text message the client sends.
final class TestWebSocketServer: Sendable {
    typealias Script = @Sendable (_ connection: Int, _ message: String?) -> [WSAction]
    let group: MultiThreadedEventLoopGroup
    let channel: Channel
    let connections: Locked<Int>
    let received: Locked<[(Int, String)]>
    var port: Int { channel.localAddress?.port ?? 0 }
    var url: String { "ws://127.0.0.1:\(port)" }

    init(script: @escaping Script) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let connections = Locked(0)
        let received = Locked<[(Int, String)]>([])
        self.group = group
        self.connections = connections
        self.received = received
        self.channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let upgrader = NIOWebSocketServerUpgrader(
                    shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                    upgradePipelineHandler: { channel, _ in
                        let number = connections.withLock { $0 += 1; return $0 }
                        return channel.pipeline.addHandler(ScriptHandler(number: number, script: script, received: received))
                    })
                return channel.pipeline.configureHTTPServerPipeline(
                    withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

private final class ScriptHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    let number: Int
    let script: TestWebSocketServer.Script
    let received: Locked<[(Int, String)]>

    init(number: Int, script: @escaping TestWebSocketServer.Script, received: Locked<[(Int, String)]>) {
        self.number = number
        self.script = script
        self.received = received
    }

    func handlerAdded(context: ChannelHandlerContext) {
        perform(script(number, nil), context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        var payload = frame.unmaskedData
        switch frame.opcode {
        case .text:
            let text = payload.readString(length: payload.readableBytes) ?? ""
            received.withLock { $0.append((number, text)) }
            perform(script(number, text), context: context)
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: payload)), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    private func perform(_ actions: [WSAction], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .send(let text):
                var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
                buffer.writeString(text)
                context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
            case .drop:
                context.close(promise: nil)
                return
            }
        }
    }
}
