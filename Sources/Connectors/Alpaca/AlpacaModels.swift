import Foundation
import TradingCore

/// A number Alpaca may send as a JSON string ("12.5") or number; nil when absent or unparsable.
public struct FlexibleDouble: Decodable, Sendable, Hashable {
    public var value: Double?
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { value = nil }
        else if let number = try? container.decode(Double.self) { value = number }
        else if let text = try? container.decode(String.self) { value = Double(text) }
        else { value = nil }
    }
}

/// One Alpaca bar (`t,o,h,l,c,v,n,vw`).
struct AlpacaBarJSON: Decodable {
    var t: String
    var o: Double
    var h: Double
    var l: Double
    var c: Double
    var v: Double
    var n: Double?
    var vw: Double?

    func bar() throws -> Bar {
        guard let time = RFC3339.parse(t) else {
            throw ConnectorError.decoding(service: "alpaca-data", message: "bad bar timestamp \(t)")
        }
        return Bar(time: time, open: o, high: h, low: l, close: c, volume: v)
    }
}

/// Latest quote: bid/ask price and size with the quote time.
public struct AlpacaQuote: Sendable, Hashable {
    public var time: Date
    public var bidPrice: Double
    public var bidSize: Double
    public var askPrice: Double
    public var askSize: Double
}

struct AlpacaQuoteJSON: Decodable {
    var t: String
    var bp: Double?
    var bs: Double?
    var ap: Double?
    var `as`: Double?

    func quote() throws -> AlpacaQuote {
        guard let time = RFC3339.parse(t) else {
            throw ConnectorError.decoding(service: "alpaca-data", message: "bad quote timestamp \(t)")
        }
        return AlpacaQuote(time: time, bidPrice: bp ?? 0, bidSize: bs ?? 0, askPrice: ap ?? 0, askSize: `as` ?? 0)
    }
}

/// A news article from `/v1beta1/news`.
public struct AlpacaNewsArticle: Decodable, Sendable, Hashable {
    public var id: Int
    public var headline: String
    public var author: String?
    public var created_at: String
    public var updated_at: String?
    public var summary: String?
    public var url: String?
    public var symbols: [String]
    public var source: String?

    /// The article as a `Post`: headline plus summary as text, author as author id.
    public func post() -> Post? {
        guard let time = RFC3339.parse(created_at) else { return nil }
        let text = [headline, summary ?? ""].filter { !$0.isEmpty }.joined(separator: ". ")
        return Post(id: "alpaca-news-\(id)", time: time, text: text, authorID: author ?? source ?? "",
                    source: .alpacaNews, lang: "en", symbols: symbols)
    }
}

/// `/v2/account` fields the bot uses (money fields arrive as strings).
public struct AlpacaAccount: Decodable, Sendable {
    public var id: String
    public var status: String
    public var currency: String?
    public var cash: FlexibleDouble?
    public var equity: FlexibleDouble?
    public var buying_power: FlexibleDouble?
    public var portfolio_value: FlexibleDouble?
    public var pattern_day_trader: Bool?
    public var trading_blocked: Bool?
}

/// `/v2/clock`.
public struct AlpacaClock: Decodable, Sendable {
    public var timestamp: String
    public var is_open: Bool
    public var next_open: String
    public var next_close: String
}

/// One `/v2/calendar` session.
public struct AlpacaCalendarDay: Decodable, Sendable, Hashable {
    public var date: String
    public var open: String
    public var close: String
}

/// `/v2/assets` entry.
public struct AlpacaAsset: Decodable, Sendable, Hashable {
    public var id: String
    public var symbol: String
    public var `class`: String?
    public var exchange: String?
    public var status: String?
    public var tradable: Bool?
    public var fractionable: Bool?
}

/// `/v2/positions` entry.
public struct AlpacaPosition: Decodable, Sendable {
    public var symbol: String
    public var qty: FlexibleDouble
    public var side: String?
    public var avg_entry_price: FlexibleDouble?
    public var market_value: FlexibleDouble?
    public var unrealized_pl: FlexibleDouble?
}

/// An order as Alpaca reports it.
public struct AlpacaOrder: Decodable, Sendable {
    public var id: String
    public var client_order_id: String
    public var symbol: String
    public var side: String
    public var type: String?
    public var time_in_force: String?
    public var status: String
    public var qty: FlexibleDouble?
    public var filled_qty: FlexibleDouble?
    public var filled_avg_price: FlexibleDouble?
    public var limit_price: FlexibleDouble?
    public var created_at: String?
    public var updated_at: String?
    public var filled_at: String?
}
