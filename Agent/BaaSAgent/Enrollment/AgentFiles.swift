import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Small file helpers of the agent: atomic writes with a given mode.
enum AgentFiles {
    /// Writes `bytes` to `path` through a temporary file and a rename, created with `mode`.
    ///
    /// - Throws: `AgentError` `agent.state_unwritable`.
    static func save(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw AgentError("agent.state_unwritable", "cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        fchmod(fd, mode)
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AgentError("agent.state_unwritable", "cannot save \(path): \(reason)")
        }
    }

    static func save(_ text: String, to path: String, mode: mode_t) throws {
        try save(Array(text.utf8), to: path, mode: mode)
    }

    /// Creates `path` and its parents (mode 0700 for new ones).
    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw AgentError("agent.state_unwritable", "cannot create \(path): \(error)")
        }
    }
}
