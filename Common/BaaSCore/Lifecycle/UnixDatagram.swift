#if canImport(Glibc)
import Glibc
#endif

/// One datagram to a unix socket by path: how systemd's notify and journal protocols are spoken
/// (`SystemdNotifier`, `JournalLogSink`) without libsystemd.
enum UnixDatagram {
    /// Sends `bytes` as one datagram to `path` (a filesystem path, or `@name` for the abstract
    /// namespace), from `descriptor` when given (an unconnected `SOCK_DGRAM` unix socket) or from a
    /// socket made and closed for this send. Returns whether the whole datagram was sent (flags as
    /// libsystemd's: `MSG_NOSIGNAL`).
    static func send(_ bytes: [UInt8], to path: String, from descriptor: Int32? = nil) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(path.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !pathBytes.isEmpty, pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes[0] == 0 ? 0 : 1))
        let socketDescriptor = descriptor ?? makeSocket()
        guard socketDescriptor >= 0 else { return false }
        defer { if descriptor == nil { close(socketDescriptor) } }
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                sendto(socketDescriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, length)
            }
        }
        return sent == bytes.count
    }

    /// A close-on-exec unix datagram socket, or -1.
    static func makeSocket() -> Int32 {
        socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }
}
