import Crypto
import Foundation

/// AWS Signature Version 4 for header-signed requests, written against the official test suite
/// (there is no AWS SDK for Swift here). Exposes the canonical request and string to sign so
/// tests, and the in-test server that verifies signatures, can compare each step.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Every intermediate of one signature.
    public struct Signature: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var signedHeaders: String
        public var authorization: String
        /// Headers to add to the request: `X-Amz-Date`, the session token if any, `Authorization`.
        public var headers: [(String, String)]
    }

    /// Signs a request. `headers` must include `Host`. With `signSessionToken` false the token
    /// header is added after signing (the test suite's `post-sts-header-after`).
    public func sign(method: String, path: String, query: String, headers: [(String, String)],
                     body: Data, date: Date, signSessionToken: Bool = true) -> Signature {
        let amzDate = Self.amzDate(date)
        let day = String(amzDate.prefix(8))
        var all = headers.filter { $0.0.lowercased() != "authorization" }
        if !all.contains(where: { $0.0.lowercased() == "x-amz-date" }) { all.append(("X-Amz-Date", amzDate)) }
        var added: [(String, String)] = [("X-Amz-Date", amzDate)]
        if let token = credentials.sessionToken, !all.contains(where: { $0.0.lowercased() == "x-amz-security-token" }) {
            if signSessionToken { all.append(("X-Amz-Security-Token", token.value)) }
            added.append(("X-Amz-Security-Token", token.value))
        }
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(all)
        let canonicalRequest = [
            method.uppercased(), Self.canonicalPath(path), Self.canonicalQuery(query),
            canonicalHeaders, signedHeaders, Self.hexSHA256(body),
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Self.hexSHA256(Data(canonicalRequest.utf8))]
            .joined(separator: "\n")
        let signature = Self.hex(Data(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(day: day))))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        added.append(("Authorization", authorization))
        return Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
                         signedHeaders: signedHeaders, authorization: authorization, headers: added)
    }

    /// Signs an `HTTPRequestSpec` in place (adds Host, X-Amz-Date, token, Authorization).
    public func sign(_ request: HTTPRequestSpec, date: Date = Date()) -> HTTPRequestSpec {
        var out = request
        let parts = URLParts(request.url)
        if !out.headers.contains(where: { $0.0.lowercased() == "host" }) {
            out.headers.append(("Host", parts.hostHeader))
        }
        let signature = sign(method: request.method, path: parts.path, query: parts.query,
                             headers: out.headers, body: request.body ?? Data(), date: date)
        out.headers.append(contentsOf: signature.headers)
        return out
    }

    /// A presigned URL (query-string auth): anyone holding it may make this one request until
    /// `expires` seconds after `date`. Signs only `host`; the payload is `UNSIGNED-PAYLOAD` (as S3
    /// expects). The session token, if any, travels as `X-Amz-Security-Token`.
    public func presign(method: String = "GET", url: String, expires: Int, date: Date = Date()) -> String {
        let parts = URLParts(url)
        let amzDate = Self.amzDate(date)
        let scope = "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
        var params: [(String, String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            ("X-Amz-Date", amzDate), ("X-Amz-Expires", String(expires)), ("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken { params.append(("X-Amz-Security-Token", token.value)) }
        let added = params.map { "\(Self.uriEncode($0.0))=\(Self.uriEncode($0.1))" }.joined(separator: "&")
        let query = parts.query.isEmpty ? added : parts.query + "&" + added
        let canonicalRequest = [method.uppercased(), Self.canonicalPath(parts.path), Self.canonicalQuery(query),
                                "host:\(parts.hostHeader)\n", "host", "UNSIGNED-PAYLOAD"].joined(separator: "\n")
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Self.hexSHA256(Data(canonicalRequest.utf8))]
            .joined(separator: "\n")
        let signature = Self.hex(Data(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8),
                                                                      using: signingKey(day: String(amzDate.prefix(8))))))
        let base = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        return "\(base)?\(query)&X-Amz-Signature=\(signature)"
    }

    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey.value)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    // MARK: canonical forms

    /// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
    public static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// Parses `YYYYMMDD'T'HHMMSS'Z'`.
    public static func parseAmzDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: text)
    }

    /// Path with dot segments and empty segments removed, each segment URI-encoded once.
    public static func canonicalPath(_ raw: String) -> String {
        let decoded = raw.removingPercentEncoding ?? raw
        var segments: [String] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(uriEncode(String(segment)))
        }
        var path = "/" + segments.joined(separator: "/")
        if decoded.hasSuffix("/"), !segments.isEmpty { path += "/" }
        return path
    }

    /// Query pairs decoded, re-encoded, sorted by key then value.
    public static func canonicalQuery(_ raw: String) -> String {
        guard !raw.isEmpty else { return "" }
        let pairs: [(String, String)] = raw.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (uriEncode(key), uriEncode(value))
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lowercased names, sorted; values trimmed with inner whitespace runs collapsed; repeated
    /// headers joined by commas in their original order.
    public static func canonicalHeaders(_ headers: [(String, String)]) -> (canonical: String, signed: String) {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let key = name.lowercased().trimmingCharacters(in: .whitespaces)
            if values[key] == nil { order.append(key) }
            let collapsed = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                .joined(separator: " ")
            values[key, default: []].append(collapsed)
        }
        let names = order.sorted()
        let canonical = names.map { "\($0):\(values[$0, default: []].joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - . _ ~` as `%XX` of its UTF-8 bytes.
    public static func uriEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    public static func hexSHA256(_ data: Data) -> String { hex(Data(SHA256.hash(data: data))) }

    static func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }
}

/// Host header, path and raw query of an absolute URL, without Foundation's re-encoding.
struct URLParts {
    var hostHeader: String
    var path: String
    var query: String

    init(_ url: String) {
        var rest = Substring(url)
        var defaultPort = "80"
        if let scheme = rest.range(of: "://") {
            if rest[..<scheme.lowerBound].lowercased() == "https" { defaultPort = "443" }
            rest = rest[scheme.upperBound...]
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = String(rest[..<authorityEnd])
        if authority.hasSuffix(":\(defaultPort)") { authority.removeLast(defaultPort.count + 1) }
        hostHeader = authority
        let target = rest[authorityEnd...]
        if let q = target.firstIndex(of: "?") {
            path = String(target[..<q])
            query = String(target[target.index(after: q)...])
        } else {
            path = String(target)
            query = ""
        }
        if path.isEmpty { path = "/" }
    }
}
