#if canImport(Glibc)
import Glibc
#endif

/// Reads files under a `/proc`-like root. The root is injectable so collectors can be tested
/// against a fixture tree; reading is kept apart from parsing (the parsers are pure functions).
public struct ProcFileSystem: Sendable {
    public let root: String

    public init(root: String = "/proc") {
        self.root = root
    }

    /// The whole text of `root/relativePath`.
    /// - Throws: `AgentError` `agent.proc_unreadable` naming the file.
    public func read(_ relativePath: String) throws -> String {
        let path = root + "/" + relativePath
        guard let file = fopen(path, "r") else {
            throw AgentError("agent.proc_unreadable", "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The names in directory `root/relativePath` (without `.` and `..`).
    public func list(_ relativePath: String) throws -> [String] {
        let path = root + "/" + relativePath
        guard let dir = opendir(path) else {
            throw AgentError("agent.proc_unreadable", "cannot list \(path): \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The target of symbolic link `root/relativePath`, or nil when it is not readable.
    public func readLink(_ relativePath: String) -> String? {
        let path = root + "/" + relativePath
        var buffer = [CChar](repeating: 0, count: 256)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
