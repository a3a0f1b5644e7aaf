import Connectors
import Foundation
import FuzzSupport

/// Fuzzes SigV4 canonicalisation and signing (`SigV4Signer`), which every AWS call goes through
/// with URLs, query strings and header values that carry user data (secret names, endpoint names,
/// texts): URL splitting into host/path/query, path normalisation (dot segments, percent-decoding,
/// re-encoding), query sorting and encoding, header folding, header-signed requests and presigned
/// URLs. Input: line 1 method, line 2 URL, then `name: value` header lines up to an empty line,
/// then the body. Any request must sign without trapping, and the signature must be 64 hex digits.
let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE",
                                                     secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                     sessionToken: "session-token"),
                         region: "us-east-1", service: "service")
let date = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z, the test suite's date

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSigV4(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Fuzz.data(start, count)
    let head: String, body: Data
    if let blank = input.range(of: Data("\n\n".utf8)) {
        head = String(decoding: input[input.startIndex..<blank.lowerBound], as: UTF8.self)
        body = Data(input[blank.upperBound...])
    } else {
        head = String(decoding: input, as: UTF8.self)
        body = Data()
    }
    let lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let method = lines.first ?? "GET"
    let url = lines.count > 1 ? lines[1] : "https://example.amazonaws.com/"
    let headers: [(String, String)] = lines.dropFirst(2).map { line in
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        return (String(line[..<colon]), String(line[line.index(after: colon)...]))
    }
    let signed = signer.sign(HTTPRequestSpec(method: method, url: url, headers: headers, body: body), date: date)
    guard let authorization = signed.headers.last(where: { $0.0 == "Authorization" })?.1,
          let signature = authorization.components(separatedBy: "Signature=").last else {
        Fuzz.fail("signed request has no Authorization header")
    }
    Fuzz.check(signature.count == 64 && signature.allSatisfy(\.isHexDigit), "bad signature '\(signature)'")
    let presigned = signer.presign(method: method, url: url, expires: 300, date: date)
    Fuzz.check(presigned.contains("X-Amz-Signature="), "presigned URL without a signature")
    _ = SigV4Signer.canonicalQuery(String(decoding: body, as: UTF8.self))
    _ = SigV4Signer.canonicalPath(String(decoding: body, as: UTF8.self))
    _ = SigV4Signer.parseAmzDate(method)
    return 0
}

@main enum FuzzSigV4Main { static func main() { Fuzz.runDriver() } }
