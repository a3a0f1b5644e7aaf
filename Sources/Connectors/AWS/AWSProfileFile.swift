import Foundation

/// The shared AWS config files (`~/.aws/credentials`, `~/.aws/config`): INI sections of
/// `key = value`, where the config file names non-default profiles `[profile NAME]`.
public struct AWSProfileFile: Sendable {
    /// Section name (profile name, `profile ` prefix removed) → lowercased key → value.
    public var profiles: [String: [String: String]]

    public init(profiles: [String: [String: String]] = [:]) { self.profiles = profiles }

    /// Parses INI text. `isConfigFile` strips the `profile ` prefix of section names.
    public init(text: String, isConfigFile: Bool) {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if isConfigFile, name.hasPrefix("profile ") {
                    name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
                }
                current = name
                if profiles[name] == nil { profiles[name] = [:] }
                continue
            }
            guard let section = current, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            profiles[section, default: [:]][key] = value
        }
        self.profiles = profiles
    }

    /// Reads a file; a missing or unreadable file is an empty profile set.
    public static func load(path: String, isConfigFile: Bool) -> AWSProfileFile {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return AWSProfileFile() }
        return AWSProfileFile(text: text, isConfigFile: isConfigFile)
    }

    public func value(_ key: String, profile: String) -> String? {
        profiles[profile]?[key.lowercased()].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Where the shared files and profile name come from (environment, with the SDK defaults).
public struct AWSSharedConfig: Sendable {
    public var profile: String
    public var credentials: AWSProfileFile
    public var config: AWSProfileFile

    public init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        profile = environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
        credentials = AWSProfileFile.load(
            path: environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials", isConfigFile: false)
        config = AWSProfileFile.load(path: environment["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config", isConfigFile: true)
    }

    /// A key from the credentials file, else the config file.
    public func value(_ key: String) -> String? {
        credentials.value(key, profile: profile) ?? config.value(key, profile: profile)
    }
}

/// Region resolution: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`.
public enum AWSRegion {
    public static func resolve(environment: [String: String], fallback: String = "us-east-1") -> String {
        if let region = environment["AWS_REGION"], !region.isEmpty { return region }
        if let region = environment["AWS_DEFAULT_REGION"], !region.isEmpty { return region }
        return AWSSharedConfig(environment: environment).value("region") ?? fallback
    }
}
