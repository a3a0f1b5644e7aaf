import Foundation

/// Paths written inside a config file are relative to that file, not to wherever the command was
/// started: a config and the data beside it move together (the training and live configs both
/// resolve through here). Absolute paths and `~` paths are kept as given.
public struct ConfigPaths: Sendable {
    /// The folder holding the config file.
    public var base: URL

    public init(configFile path: String) {
        base = URL(fileURLWithPath: path).deletingLastPathComponent()
    }

    /// `p` against the config's folder; `ckpt:`/`model:` prefixes (policy and analyzer specs) are kept.
    public func resolve(_ p: String?) -> String? {
        guard let p, !p.isEmpty else { return p }
        for prefix in ["ckpt:", "model:"] where p.hasPrefix(prefix) {
            return prefix + (resolve(String(p.dropFirst(prefix.count))) ?? "")
        }
        guard !p.hasPrefix("/"), !p.hasPrefix("~") else { return p }
        return base.appendingPathComponent(p).standardizedFileURL.path
    }
}
