import Foundation

/// Alpaca keys and base URLs. Paper trading is the default; the live trading host is used only
/// when `live` is set explicitly, and a live URL without it is refused, so a typo in an env var
/// cannot turn a paper bot into a live one.
public struct AlpacaConfig: Sendable, CustomStringConvertible {
    public static let paperTradingURL = "https://paper-api.alpaca.markets"
    public static let liveTradingURL = "https://api.alpaca.markets"
    public static let dataURL = "https://data.alpaca.markets"
    public static let streamURL = "wss://stream.data.alpaca.markets"

    public var keyID: String
    public var secretKey: Secret
    public var dataURL: String
    public var tradingURL: String
    /// Market-data stream host (`wss://stream.data.alpaca.markets`); feed paths are appended.
    public var dataStreamURL: String
    public var live: Bool

    public init(keyID: String, secretKey: String, dataURL: String = AlpacaConfig.dataURL,
                tradingURL: String? = nil, dataStreamURL: String = AlpacaConfig.streamURL, live: Bool = false) throws {
        let trading = Self.trim(tradingURL ?? (live ? Self.liveTradingURL : Self.paperTradingURL))
        if !live, trading.contains("://api.alpaca.markets") {
            throw ConnectorError.invalidRequest("the trading URL \(trading) is Alpaca's live host; pass --live (live: true) to trade real money")
        }
        self.keyID = keyID
        self.secretKey = Secret(secretKey)
        self.dataURL = Self.trim(dataURL)
        self.tradingURL = trading
        self.dataStreamURL = Self.trim(dataStreamURL)
        self.live = live
    }

    /// Keys from `APCA_API_KEY_ID` / `APCA_API_SECRET_KEY` (or `overrides`, e.g. from Secrets
    /// Manager); URLs from `ALPACA_DATA_URL`, `ALPACA_TRADING_URL`, `ALPACA_STREAM_URL`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       overrides: [String: Secret] = [:], live: Bool = false) throws -> AlpacaConfig {
        let key = overrides["APCA_API_KEY_ID"]?.value ?? environment["APCA_API_KEY_ID"] ?? ""
        let secret = overrides["APCA_API_SECRET_KEY"]?.value ?? environment["APCA_API_SECRET_KEY"] ?? ""
        guard !key.isEmpty, !secret.isEmpty else {
            throw ConnectorError.missingCredentials(
                "Alpaca keys not found: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or pass --secret-id NAME of a Secrets Manager JSON secret holding them")
        }
        return try AlpacaConfig(keyID: key, secretKey: secret,
                                dataURL: environment["ALPACA_DATA_URL"] ?? Self.dataURL,
                                tradingURL: environment["ALPACA_TRADING_URL"],
                                dataStreamURL: environment["ALPACA_STREAM_URL"] ?? Self.streamURL, live: live)
    }

    public var description: String {
        "AlpacaConfig(key \(keyID.prefix(4))…, secret <redacted>, data \(dataURL), trading \(tradingURL)\(live ? " LIVE" : " paper"))"
    }

    var authHeaders: [(String, String)] {
        [("APCA-API-KEY-ID", keyID), ("APCA-API-SECRET-KEY", secretKey.value), ("Accept", "application/json")]
    }

    var redactor: Redactor { Redactor(secrets: [secretKey]) }

    private static func trim(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// Alpaca's error body `{"code": 40410000, "message": "..."}`.
enum AlpacaErrors {
    static let parse: HTTPErrorParser = { reply in
        if let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any] {
            let code = object["code"].map { "\($0)" }
            let message = (object["message"] as? String) ?? "no error message in the reply"
            return (code, message)
        }
        let text = String(decoding: reply.body.prefix(200), as: UTF8.self)
        return (nil, text.isEmpty ? "no error message in the reply" : text)
    }
}

/// `key=value&…` with RFC 3986 encoding, skipping nil values.
func queryString(_ items: [(String, String?)]) -> String {
    items.compactMap { key, value in value.map { "\(SigV4Signer.uriEncode(key))=\(SigV4Signer.uriEncode($0))" } }
        .joined(separator: "&")
}
