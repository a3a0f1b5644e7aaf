import Foundation
import FuzzCheckpoint
import FuzzSupport
@testable import Live
import Serving

/// Fuzzes `sentrade serve`'s request handling (`InferenceServer.handle`, the SageMaker inference
/// contract) on a model folder with a real policy checkpoint: routing, the Content-Type/Accept
/// checks, the JSON body, Comprehend-shaped sentiment requests (`TextList`) and decision requests
/// (`bars`, `posts`, `position`) through the same pipeline, history and policy the backtest uses.
/// The first byte picks method, path and headers; the rest is the body. The endpoint is reachable
/// by anyone who can reach the port: every request must get a JSON reply with a 2xx or 4xx status.
/// A 5xx means the server blamed itself for a request, so it is a finding too.
/// (`HTTPServerRequest` has no public initialiser, hence `@testable import Live`.)
let root = CheckpointFixture.save(as: "model/policy").deletingLastPathComponent()
let model: InferenceModel = {
    do {
        return try InferenceModel(directory: root.path)
    } catch {
        fatalError("fuzz harness setup: cannot load the model folder: \(error)")
    }
}()
let contentTypes = ["application/json", "application/json; charset=utf-8", "text/csv", ""]
let accepts: [String?] = [nil, "application/json", "*/*", "text/csv"]
let paths = ["/invocations", "/endpoints/sentrade/invocations", "/ping", "/invocations?x=1"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServeRequest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let input = Fuzz.data(start, count)
    let selector = Int(input[input.startIndex])
    var headers: [(String, String)] = []
    if !contentTypes[selector & 3].isEmpty { headers.append(("Content-Type", contentTypes[selector & 3])) }
    if let accept = accepts[(selector >> 2) & 3] { headers.append(("Accept", accept)) }
    let request = HTTPServerRequest(method: selector & 0x40 == 0 ? "POST" : "GET", uri: paths[(selector >> 4) & 3],
                                    headers: headers, body: Data(input.dropFirst()))
    switch InferenceServer.handle(request, model: model) {
    case .drop:
        Fuzz.fail("serve dropped the connection")
    case let .reply(status, _, body):
        Fuzz.check((200..<500).contains(status), "serve answered \(status): \(String(decoding: body, as: UTF8.self))")
        Fuzz.check((try? JSONSerialization.jsonObject(with: body)) is [String: Any], "reply body is not a JSON object")
    }
    return 0
}

@main enum FuzzServeRequestMain { static func main() { Fuzz.runDriver() } }
