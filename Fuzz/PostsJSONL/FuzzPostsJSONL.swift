import Connectors
import Foundation
import FuzzSupport
import MarketData
import TradingCore

/// Fuzzes posts as JSON Lines, the format users bring their own posts in (`PostFileLoader.load`,
/// `--posts FILE`) and the format `sentrade posts fetch` appends to and resumes from
/// (`PostJSONLines.resume`). Fields may be strings, numbers, nested objects or missing; a bad line
/// must be skipped with its line number, never trap. Accepted posts are written back with
/// `PostJSONLines.line` and must load again as the same post (the fetch → train round trip).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPostsJSONL(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Fuzz.data(start, count)
    let path = Fuzz.write(input, to: "posts.jsonl")
    _ = PostJSONLines.resume(path: path)
    guard let result = try? PostFileLoader().load(path: path, defaultSymbol: "FUZZ") else { return 0 }
    let lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
    for skip in result.skipped { Fuzz.check((1...lines).contains(skip.line), "skipped line \(skip.line) of \(lines)") }
    guard !result.posts.isEmpty else { return 0 }
    let written = Fuzz.write(Data(result.posts.map { PostJSONLines.line($0) + "\n" }.joined().utf8), to: "round-trip.jsonl")
    guard let again = try? PostFileLoader().load(path: written) else { Fuzz.fail("written posts do not load") }
    Fuzz.check(again.posts.count == result.posts.count, "round trip lost posts: \(again.skipped)")
    return 0
}

@main enum FuzzPostsJSONLMain { static func main() { Fuzz.runDriver() } }
