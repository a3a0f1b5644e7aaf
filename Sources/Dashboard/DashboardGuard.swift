import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An API error with its HTTP status, rendered as `{"error": "…", "status": 400}`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    struct Body: Encodable {
        var error: String
        var status: Int
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = (try? JSONEncoder().encode(Body(error: message, status: status.code))) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

/// Applied to every route: the Host check (a page on another site cannot read a loopback
/// dashboard through DNS rebinding), the token when bound beyond loopback, security headers,
/// and errors as JSON.
struct Guard: RouterMiddleware {
    typealias Context = DashboardContext
    let config: DashboardConfig

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            try admit(request)
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        } catch let error as HTTPError {
            response = try APIError(error.status, error.body ?? error.status.reasonPhrase).response(from: request, context: context)
        } catch {
            response = try APIError(.internalServerError, "\(error)").response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        for (name, value) in [("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY")] {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }

    func admit(_ request: Request) throws {
        if config.isLoopback {
            let host = request.head.authority ?? ""
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.split(separator: ":").first ?? "")
            guard ["127.0.0.1", "localhost", "::1"].contains(name) || name.hasPrefix("127.") else {
                throw APIError(.forbidden, "unexpected Host '\(host)': a loopback dashboard answers only to 127.0.0.1 or localhost")
            }
        } else {
            let presented = Self.bearer(request) ?? request.uri.queryParameters.get("token").map { String($0) }
            guard config.accepts(presented) else {
                throw APIError(.unauthorized, "this dashboard is bound to \(config.host): every request needs the token (Authorization: Bearer … or ?token=…)")
            }
        }
    }

    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization], value.hasPrefix("Bearer ") else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
}
