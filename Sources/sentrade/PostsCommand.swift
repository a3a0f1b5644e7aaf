import ArgumentParser
import Connectors
import Foundation
import TradingCore

/// `sentrade posts …`: bring social posts and news onto disk.
struct PostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posts",
        abstract: "Fetch posts (X recent search, Alpaca news) as JSON lines.",
        subcommands: [PostsFetch.self])
}

/// `sentrade posts fetch --source x|alpaca-news --symbols … [--out FILE]`.
struct PostsFetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch posts about symbols as JSON lines (stdout by default); resumable with since_id.",
        discussion: HelpText.reflow("""
            X needs X_BEARER_TOKEN; Alpaca news needs APCA_API_KEY_ID / APCA_API_SECRET_KEY; or pass
            --secret-id. With --out FILE, a re-run appends only posts newer than the file's newest
            (X: since_id of its largest id; news: after its newest time). X_API_URL and ALPACA_DATA_URL
            point the clients at other hosts. The output loads with `sentrade backtest --posts FILE`.

            Examples:
              sentrade posts fetch --source x --symbols AAPL,TSLA --out posts/x.jsonl
              sentrade posts fetch --source alpaca-news --symbols AAPL --from 2024-01-01 --out posts/news.jsonl
              sentrade posts fetch --source x --symbols NVDA --since-id 1790000000000000000
            """))

    @Option(help: "`x` or `alpaca-news`.") var source: String
    @Option(help: "Comma-separated symbols.") var symbols: String
    @Option(help: "Append to this JSON-lines file (default: stdout).") var out: String?
    @Option(name: .customLong("since-id"), help: "X: only posts newer than this id.") var sinceID: String?
    @Option(help: "Earliest post time (YYYY-MM-DD or RFC 3339).") var from: String?
    @Option(help: "Latest post time (news only).") var to: String?
    @Option(name: .customLong("max-pages"), help: "X: pages of 100 to read at most.") var maxPages = 10
    @Option(name: .customLong("max-posts"), help: "News: articles to read at most.") var maxPosts = 1000
    @Option(name: .customLong("secret-id"), help: "Secrets Manager secret holding the keys as JSON.") var secretID: String?

    func run() async throws {
        let list = DataKeys.symbols(symbols)
        guard !list.isEmpty else { throw ValidationError("--symbols is empty") }
        let resume = out.map(PostJSONLines.resume) ?? PostJSONLines.Resume()
        let overrides = try await DataKeys.overrides(secretID: secretID)
        var posts: [Post]
        var note: String
        switch source {
        case "x":
            let client = try XClient.fromEnvironment(overrides: overrides)
            let since = sinceID ?? resume.sinceID
            let result = try await client.searchRecent(XQuery(symbols: list), sinceID: since,
                                                       startTime: try from.map { try DataKeys.date($0, option: "from") },
                                                       maxPages: maxPages)
            posts = result.posts
            note = "next since_id \(result.newestID ?? "-")"
            if let remaining = result.rateLimit?.remaining { note += ", rate limit remaining \(remaining)" }
            if !result.unparsable.isEmpty {
                note += ", \(result.unparsable.count) tweets without a parsable created_at left out (first: \(result.unparsable[0].id) "
                    + "'\(result.unparsable[0].createdAt ?? "missing")')"
            }
        case "alpaca-news":
            let config = try AlpacaConfig.fromEnvironment(overrides: overrides)
            let start = try resume.newestTime.map { $0.addingTimeInterval(1) } ?? from.map { try DataKeys.date($0, option: "from") }
            posts = try await AlpacaMarketDataClient(config: config).newsPosts(
                symbols: list, start: start, end: try to.map { try DataKeys.date($0, option: "to") }, maxArticles: maxPosts)
            note = "newest \(posts.map(\.time).max().map(RFC3339.format) ?? "-")"
        default:
            throw ValidationError("--source must be x or alpaca-news")
        }
        posts = posts.filter { !resume.ids.contains($0.id) }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        let text = posts.map { PostJSONLines.line($0) + "\n" }.joined()
        if let out {
            try appendText(text, toFile: out)
            print("\(posts.count) new posts -> \(out) (\(note))")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
            FileHandle.standardError.write(Data("\(posts.count) posts (\(note))\n".utf8))
        }
    }
}
