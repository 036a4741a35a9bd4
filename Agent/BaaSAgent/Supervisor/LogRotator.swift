#if canImport(Glibc)
import Glibc
#endif

/// Rotates a node's log file in place: `node.log` → `node.log.1` → … → `node.log.<kept>`, then
/// truncates `node.log`. The node keeps its descriptor (opened with O_APPEND), so it goes on
/// writing at the start of the emptied file; nothing needs restarting.
enum LogRotator {
    /// Rotates `path` when it is larger than `maxBytes`; returns whether it did.
    @discardableResult
    static func rotateIfNeeded(_ path: String, maxBytes: Int, kept: Int) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) > maxBytes, kept > 0 else { return false }
        for index in stride(from: kept - 1, through: 1, by: -1) {
            rename("\(path).\(index)", "\(path).\(index + 1)")
        }
        guard copy(path, to: "\(path).1") else { return false }
        return truncate(path, 0) == 0
    }

    private static func copy(_ source: String, to destination: String) -> Bool {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return false }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard output >= 0 else { return false }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(input, &buffer, buffer.count)
            if n == 0 { return true }
            if n < 0 { return false }
            guard write(output, buffer, n) == n else { return false }
        }
    }
}
