@testable import Connectors
import Foundation
import FuzzSupport
import TradingCore

/// Fuzzes the frames of Alpaca's two websockets as the stream clients decode them: a frame is a
/// JSON array of market-data messages or one trading object (`streamMessages`); `trade_updates`
/// messages become order updates (`AlpacaTradeUpdates.update`, with the nested order decoded as
/// `AlpacaOrder`), `b` messages become bars (`AlpacaMarketStream.bar`) and `n` messages news posts
/// (`AlpacaNewsArticle.post`, as the stream does). These are internal helpers of the socket loops,
/// reached with `@testable import` so no socket is needed. Any frame a server sends must be decoded
/// or ignored, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAlpacaStreams(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    for message in streamMessages(Fuzz.text(start, count)) {
        if message["stream"] as? String == "trade_updates", let data = message["data"] as? [String: Any] {
            _ = AlpacaTradeUpdates.update(data)
        }
        switch message["T"] as? String {
        case "b":
            _ = AlpacaMarketStream.bar(message)
        case "n":
            if let json = try? JSONSerialization.data(withJSONObject: message),
               let article = try? JSONDecoder().decode(AlpacaNewsArticle.self, from: json) {
                _ = article.post()
            }
        default:
            break
        }
    }
    return 0
}

@main enum FuzzAlpacaStreamsMain { static func main() { Fuzz.runDriver() } }
