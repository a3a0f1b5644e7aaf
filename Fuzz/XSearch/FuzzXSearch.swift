import Connectors
import Foundation
import FuzzReplyServer
import FuzzSupport
import TradingCore

/// Fuzzes X API v2 recent-search pages through `XClient.searchRecent`, the call `sentrade posts
/// fetch --source x` makes: a loopback server answers with the input (status, `x-rate-limit-*` and
/// `Retry-After` headers, body), so page decoding, `next_token` paging (capped at 2 pages), author
/// follower expansion, `created_at` parsing, cashtag matching and X's error shapes (`errors[]`,
/// problem JSON, plain text) all run as in production. A hostile reply must end in posts or a
/// thrown error, never a trap; every post returned must carry a symbol of the query.
let server = ReplyServer()
let client = XClient(bearer: Secret("x-fuzz-bearer"), baseURL: server.baseURL, timeout: 5, retry: .none)
let query = XQuery(symbols: ["AAPL", "MSFT"])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXSearch(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    server.set(input: Fuzz.data(start, count))
    let result = Fuzz.blocking { try await client.searchRecent(query, maxPages: 2) }
    if case .success(let found) = result {
        for post in found.posts {
            Fuzz.check(!post.symbols.isEmpty && post.symbols.allSatisfy(query.symbols.contains), "post \(post.id) has symbols \(post.symbols)")
        }
    }
    return 0
}

@main enum FuzzXSearchMain { static func main() { Fuzz.runDriver() } }
