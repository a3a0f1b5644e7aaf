import Foundation
import FuzzSupport
import MarketData
import TradingCore

/// Fuzzes StockNet's tweet day files as `StockNetLoader.posts` reads them (one Twitter v1.1 JSON
/// object per line, `created_at` in Twitter's own date format). A corrupt or hostile line must be
/// skipped and reported with its line number, never trap or stop the load: the input is written as
/// the day file `tweets/FUZZ/2014-01-02` of a scratch StockNet root and loaded through the public API.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStockNetTweets(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Fuzz.data(start, count)
    Fuzz.write(input, to: "stocknet/tweets/FUZZ/2014-01-02")
    let loader = StockNetLoader(root: Fuzz.directory + "/stocknet")
    guard let result = try? loader.posts("FUZZ") else { return 0 }
    let lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
    Fuzz.check(result.posts.count + result.skipped.count <= lines, "more posts and skips than lines")
    for skip in result.skipped { Fuzz.check((1...lines).contains(skip.line), "skipped line \(skip.line) of \(lines)") }
    for post in result.posts { Fuzz.check(!post.id.isEmpty && post.symbols == ["FUZZ"], "post without id or symbol") }
    return 0
}

@main enum FuzzStockNetTweetsMain { static func main() { Fuzz.runDriver() } }
