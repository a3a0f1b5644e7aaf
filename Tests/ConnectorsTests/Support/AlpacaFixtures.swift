import Foundation

/// Realistic Alpaca payloads (shapes from apis.md / alpaca-py).
enum AlpacaFixtures {
    static func bar(_ t: String, _ c: Double) -> String {
        #"{"t":"\#(t)","o":\#(c - 1),"h":\#(c + 1),"l":\#(c - 2),"c":\#(c),"v":1000,"n":12,"vw":\#(c)}"#
    }

    /// Page `index` of a 3-page multi-symbol bars reply.
    static func barsPage(_ index: Int) -> String {
        switch index {
        case 0:
            return #"{"bars":{"AAPL":[\#(bar("2024-01-02T05:00:00Z", 185)),\#(bar("2024-01-03T05:00:00Z", 184))]},"next_page_token":"QUFQTHwy"}"#
        case 1:
            return #"{"bars":{"AAPL":[\#(bar("2024-01-04T05:00:00Z", 182))],"MSFT":[\#(bar("2024-01-02T05:00:00Z", 370))]},"next_page_token":"TVNGVHwx"}"#
        default:
            return #"{"bars":{"MSFT":[\#(bar("2024-01-03T05:00:00Z", 371)),\#(bar("2024-01-04T05:00:00Z", 368))]},"next_page_token":null}"#
        }
    }

    static func order(id: String, clientID: String, symbol: String = "AAPL", status: String = "accepted") -> String {
        #"{"id":"\#(id)","client_order_id":"\#(clientID)","created_at":"2024-01-02T15:00:00.123456Z","symbol":"\#(symbol)","asset_class":"us_equity","qty":"3","filled_qty":"0","filled_avg_price":null,"order_class":"","order_type":"market","type":"market","side":"buy","time_in_force":"day","limit_price":null,"status":"\#(status)","extended_hours":false}"#
    }

    static func news(_ id: Int) -> String {
        #"{"id":\#(id),"headline":"Apple beats estimates \#(id)","author":"Benzinga Newsdesk","created_at":"2024-01-0\#(id % 9 + 1)T14:00:00Z","updated_at":"2024-01-02T14:00:00Z","summary":"Revenue up","content":"","url":"https://example.invalid/\#(id)","images":[],"symbols":["AAPL"],"source":"benzinga"}"#
    }
}
