import Foundation

/// Where a run's outputs go: `reports/<command>/<UTC timestamp>_<slug>/` (never overwritten; a
/// second run in the same second gets a suffix), with `reports/<command>/latest` pointing at the
/// newest, and a `run.json` that says what produced it — so a result can be reproduced or challenged.
public struct RunFolder: Sendable {
    public let url: URL

    /// Creates the folder: `out` when given, else a new timestamped one under `reports/<command>/`.
    public static func create(command: String, slug: String, out: String?, now: Date = Date()) throws -> RunFolder {
        let fm = FileManager.default
        if let out {
            let url = URL(fileURLWithPath: out).standardizedFileURL
            do { try fm.createDirectory(at: url, withIntermediateDirectories: true) } catch {
                throw RunFolderError("--out \(out): cannot create the folder (\(Self.reason(error))); nothing was written")
            }
            guard fm.isWritableFile(atPath: url.path) else {
                throw RunFolderError("--out \(out): the folder is not writable; nothing was written")
            }
            return RunFolder(url: url)
        }
        let base = URL(fileURLWithPath: "reports/\(command)").standardizedFileURL
        try fm.createDirectory(at: base, withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        var url = base.appendingPathComponent("\(stamp)_\(slug)")
        var n = 2
        while fm.fileExists(atPath: url.path) {
            url = base.appendingPathComponent("\(stamp)_\(slug)-\(n)")
            n += 1
        }
        try fm.createDirectory(at: url, withIntermediateDirectories: false)
        let latest = base.appendingPathComponent("latest")
        try? fm.removeItem(at: latest)
        try? fm.createSymbolicLink(atPath: latest.path, withDestinationPath: url.lastPathComponent)
        return RunFolder(url: url)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The POSIX reason inside a Foundation file error ("Not a directory", "Permission denied").
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? any Error).map({ $0 as NSError }),
           underlying.domain == NSPOSIXErrorDomain, let message = strerror(Int32(underlying.code)) {
            return String(cString: message)
        }
        return ns.localizedDescription
    }
}

/// Why a run folder could not be made, naming the path.
public struct RunFolderError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// `run.json`: the command line, settings, inputs with their SHA-256, version and git commit.
public struct RunRecord: Codable, Sendable {
    public struct Input: Codable, Sendable {
        public var path: String
        public var sha256: String?
    }

    public var command: [String]
    public var createdAt: String
    public var version: String
    public var gitCommit: String?
    public var settings: [String: String]
    public var inputs: [Input]

    public init(command: [String] = CommandLine.arguments, version: String, settings: [String: String], inputs: [String]) {
        self.command = command
        createdAt = ISO8601DateFormatter().string(from: Date())
        self.version = version
        gitCommit = Self.gitCommit()
        self.settings = settings
        self.inputs = inputs.map { Input(path: $0, sha256: Self.hash($0)) }
    }

    /// A file's SHA-256; a folder's (e.g. a checkpoint) over its files' names and bytes in order.
    static func hash(_ path: String) -> String? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        guard isDir.boolValue else { return FileHash.file(path) }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        var bytes = Data()
        for name in names {
            bytes += Data(name.utf8)
            bytes += FileManager.default.contents(atPath: path + "/" + name) ?? Data()
        }
        return FileHash.hex(bytes)
    }

    /// `git rev-parse HEAD` of the working directory, when git and a repository are there.
    static func gitCommit() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    public func write(to folder: RunFolder) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: folder.url.appendingPathComponent("run.json"), options: .atomic)
    }
}
