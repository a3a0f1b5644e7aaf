import Connectors
import Foundation

/// API keys for the fetch commands: from the environment, or from a Secrets Manager JSON secret
/// (`--secret-id`) holding `APCA_API_KEY_ID`, `APCA_API_SECRET_KEY` and/or `X_BEARER_TOKEN`.
enum DataKeys {
    static func overrides(secretID: String?) async throws -> [String: Secret] {
        guard let secretID, !secretID.isEmpty else { return [:] }
        return try await SecretsManagerClient().getSecretDictionary(id: secretID)
    }

    /// `YYYY-MM-DD` (midnight UTC) or a full RFC 3339 time.
    static func date(_ text: String, option: String) throws -> Date {
        guard let date = RFC3339.parse(text) else {
            throw ConnectorError.invalidRequest("--\(option) '\(text)' is not a date (use YYYY-MM-DD or 2024-01-02T14:30:00Z)")
        }
        return date
    }

    static func symbols(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
    }
}
