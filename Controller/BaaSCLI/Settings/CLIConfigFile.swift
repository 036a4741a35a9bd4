import Foundation

/// `$XDG_CONFIG_HOME/baas/config.json` (or `~/.config/baas/config.json`): the controller address,
/// the session token and the CA file that `baasctl login` stored.
///
/// The file holds a bearer token, so it is written with mode 0600 (and its folder 0700).
public struct CLIConfigFile: Sendable, Equatable, Codable {
    public var controller: String?
    public var token: String?
    public var caFile: String?

    enum CodingKeys: String, CodingKey {
        case controller, token
        case caFile = "ca_file"
    }

    public init(controller: String? = nil, token: String? = nil, caFile: String? = nil) {
        self.controller = controller
        self.token = token
        self.caFile = caFile
    }

    /// Where the file lives for `environment`: `XDG_CONFIG_HOME` if set and absolute, else `HOME/.config`.
    public static func path(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return xdg + "/baas/config.json"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/baas/config.json"
    }

    /// Reads the file; a missing file is an empty configuration.
    /// - Throws: `CLIError.file` when the file exists but is not readable JSON of this shape.
    public static func load(path: String) throws -> CLIConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return CLIConfigFile() }
        guard let data = FileManager.default.contents(atPath: path),
              let file = try? JSONDecoder().decode(CLIConfigFile.self, from: data) else {
            throw CLIError.file("Cannot read \(path); fix or delete it and log in again.")
        }
        return file
    }

    /// Writes the file with mode 0600, creating its folder with mode 0700.
    ///
    /// The file is created under a temporary name with mode 0600 and renamed over the old one, so
    /// the token is never readable by others, not even for a moment.
    /// - Throws: `CLIError.file` when the folder or file cannot be written.
    public func save(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError.file("Cannot create \(folder); check its permissions or set XDG_CONFIG_HOME.")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = Array((try? encoder.encode(self)) ?? Data())
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CLIError.file("Cannot write \(path); check the permissions of \(folder).")
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
        let complete = offset == bytes.count && fchmod(descriptor, 0o600) == 0 && fsync(descriptor) == 0
        close(descriptor)
        guard complete, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CLIError.file("Cannot write \(path); check the free space and permissions of \(folder).")
        }
    }
}
