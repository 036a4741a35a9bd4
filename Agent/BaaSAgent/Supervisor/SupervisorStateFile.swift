import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The supervisor's record of what it runs, kept in `<state>/nodes.json` so a restarted agent
/// re-attaches to running nodes instead of starting them again. Written atomically (temporary
/// file, fsync, rename), so a crash mid-write leaves the previous version.
struct SupervisorStateFile: Sendable {
    struct Entry: Codable, Equatable, Sendable {
        var spec: NodeProcessSpec
        var handle: ProcessLauncher.Handle?
        var failed: Bool
    }

    let path: String

    init(directory: String) {
        self.path = directory + "/nodes.json"
    }

    func load() throws -> [Entry] {
        guard let file = fopen(path, "r") else {
            if errno == ENOENT { return [] }
            throw AgentError("agent.state_unreadable", "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            bytes += buffer[0..<n]
            if n < buffer.count { break }
        }
        do {
            return try JSONDecoder().decode([Entry].self, from: Data(bytes))
        } catch {
            throw AgentError("agent.state_corrupt",
                             "\(path) is not a valid node list (\(error)); move it aside to let the agent start from the controller's desired state")
        }
    }

    func save(_ entries: [Entry]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(entries)
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw AgentError("agent.state_unwritable", "cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AgentError("agent.state_unwritable",
                             "cannot save \(path): \(reason); the previous node list is kept (is the disk full?)")
        }
    }
}
