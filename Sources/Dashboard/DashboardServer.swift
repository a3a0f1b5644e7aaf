import Foundation
import Hummingbird
import Live
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// The request context: Hummingbird's core storage plus the peer's address (journaled with each
/// control as its origin).
public struct DashboardContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remote: String
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remote = source.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "unknown"
    }
}

/// `sentrade dashboard`: a local web page over a live runner's journal — positions, orders, fills,
/// equity and drawdown, risk state, decisions with their explanations, the event log, run health —
/// updated live through server-sent events, with pause / resume / kill controls that queue a
/// journaled request for the runner. The page uses the same JSON API (`/api/v1/…`) scripts can.
public struct DashboardServer: Sendable {
    public let config: DashboardConfig
    let data: DashboardData
    let streams = StreamCounter()

    public init(config: DashboardConfig) throws {
        try config.validate()
        self.config = config
        data = DashboardData(journal: try Journal(path: config.journalPath, durable: false), logFile: config.logFile)
    }

    /// Serves until SIGTERM/SIGINT; `onBound` receives the URL once the socket is listening.
    public func run(logger: Logger, onBound: @escaping @Sendable (String) -> Void) async throws {
        let host = config.host
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: config.port), serverName: "sentrade-dashboard"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                onBound("http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
            },
            logger: logger)
        try await app.runService()
    }

    func makeRouter() -> Router<DashboardContext> {
        let router = Router(context: DashboardContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: Guard(config: config))
        router.get("/") { _, _ in Self.html(DashboardPage.html) }
        router.get("/app.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: DashboardPage.script)))
        }
        router.get("/report") { _, _ in Self.html(try JournalReport.document(data).render()) }
        let api = router.group("api/v1")
        api.get("status") { _, _ in try Self.json(data.status()) }
        api.get("health") { _, _ in try Self.json(data.health()) }
        api.get("positions") { _, _ in try Self.json(data.positions()) }
        api.get("orders") { request, _ in
            let open = try Self.flag(request, "open")
            return try Self.json(data.orders(open: open, limit: try Self.limit(request, default: 200)))
        }
        api.get("trades") { request, _ in try Self.json(data.trades(limit: try Self.limit(request, default: 200))) }
        api.get("equity") { _, _ in try Self.json(data.equity()) }
        api.get("decisions") { request, _ in try Self.json(data.decisions(limit: try Self.limit(request, default: 50))) }
        api.get("logs") { request, _ in try Self.json(data.logs(limit: try Self.limit(request, default: 100))) }
        api.get("stream") { _, _ in try eventStream() }
        for action in JournalControl.Action.allCases {
            api.post(RouterPath(stringLiteral: action.rawValue)) { request, context in
                try await control(action, request: request, context: context)
            }
        }
        // Anything else under the API is a JSON 404, not an HTML page.
        api.get("**") { request, _ -> Response in throw APIError(.notFound, "no such endpoint: GET \(request.uri.path)") }
        api.post("**") { request, _ -> Response in throw APIError(.notFound, "no such endpoint: POST \(request.uri.path)") }
        return router
    }

    /// `POST /api/v1/pause|resume|kill` (token required): queues the action for the runner.
    func control(_ action: JournalControl.Action, request: Request, context: DashboardContext) async throws -> Response {
        guard config.token != nil else {
            throw APIError(.forbidden, "controls are disabled: start the dashboard with SENTRADE_DASHBOARD_TOKEN (or --token-file)")
        }
        guard config.accepts(Guard.bearer(request)) else { throw APIError(.forbidden, "controls need the dashboard token (Authorization: Bearer …)") }
        struct Body: Decodable { var by: String?; var reason: String? }
        let bytes = try await request.body.collect(upTo: 16_384)
        var body = Body()
        if bytes.readableBytes > 0 {
            do { body = try JSONDecoder().decode(Body.self, from: Data(buffer: bytes)) } catch {
                throw APIError(.badRequest, "the request body must be JSON like {\"by\": \"alice\", \"reason\": \"…\"}: \(error)")
            }
        }
        let who = String((body.by ?? "dashboard user").prefix(80))
        let id = try data.journal.requestControl(action, by: who, origin: "dashboard \(context.remote)",
                                                 reason: body.reason.map { String($0.prefix(300)) })
        struct Accepted: Encodable { var id: Int64; var action: String; var state: String; var note: String }
        return try Self.json(Accepted(id: id, action: action.rawValue, state: "pending",
                                      note: "queued in the journal; the runner applies it within about a second (or at its next start)"),
                             status: .accepted)
    }

    /// `GET /api/v1/stream`: `event: change` whenever the journal changes (checked every
    /// `pollInterval`), a comment every 15 s to keep proxies from closing the connection.
    func eventStream() throws -> Response {
        guard streams.acquire(max: config.maxStreams) else {
            throw APIError(.serviceUnavailable, "too many live-update streams open (\(config.maxStreams)); close a tab")
        }
        let journal = data.journal, interval = config.pollInterval, streams = self.streams
        let body = ResponseBody { writer in
            defer { streams.release() }
            var last = ""
            var quiet = 0.0
            // Ends when the client goes away (a write fails) or the server shuts down.
            while !Task.isCancelled, !Task.isShuttingDownGracefully {
                let marker = (try? journal.changeMarker()) ?? last
                if marker != last {
                    last = marker
                    quiet = 0
                    try await writer.write(ByteBuffer(string: "event: change\ndata: {\"marker\":\"\(marker)\"}\n\n"))
                } else if quiet >= 15 {
                    quiet = 0
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
                try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                quiet += interval
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    // MARK: helpers

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }()

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }

    static func limit(_ request: Request, default value: Int) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return value }
        guard let n = Int(text), (1...10_000).contains(n) else {
            throw APIError(.badRequest, "limit '\(text)': must be a whole number from 1 to 10000")
        }
        return n
    }

    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let text = request.uri.queryParameters.get(name) else { return false }
        switch text {
        case "true", "1", "": return true
        case "false", "0": return false
        default: throw APIError(.badRequest, "\(name) '\(text)': must be true or false")
        }
    }
}

/// Counts open event streams (a bounded resource).
final class StreamCounter: Sendable {
    private let count = NIOLockedValueBox(0)
    func acquire(max: Int) -> Bool { count.withLockedValue { c in guard c < max else { return false }; c += 1; return true } }
    func release() { count.withLockedValue { $0 -= 1 } }
}
