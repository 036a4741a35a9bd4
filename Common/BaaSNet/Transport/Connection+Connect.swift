import BaaSCrypto
import CLinux
#if canImport(Glibc)
import Glibc
#endif

extension Connection {
    /// Opens a connection to `host:port`, with TLS when `tls` is given, and returns once it is
    /// active (handshake done, `peerIdentity` set when the context verifies the server).
    ///
    /// `host` may be an IP literal or a name (resolved with the system resolver, which blocks).
    /// With TLS 1.3 a server that rejects our client certificate only says so after the
    /// handshake: the failure reaches the handler as `connectionDidClose(error:)` on the first read.
    ///
    /// - Parameters:
    ///   - serverName: the name checked against the server certificate (default: `host`).
    ///   - timeout: limit for TCP connect plus handshake.
    /// - Throws: `NetError` `net.resolve`, `net.connect`, `net.tls_handshake` or `net.timeout`.
    public static func connect(host: String, port: UInt16, tls: TLSContext?, serverName: String? = nil,
                               on eventLoop: EventLoop = EventLoopGroup.shared.next(),
                               timeout: Duration = .seconds(10),
                               handler: sending ConnectionHandler) async throws -> Connection {
        let address = try SocketAddress(host: host, port: port)
        let fd = baas_socket_stream_nonblocking(address.family)
        guard fd >= 0 else { throw NetError.system("net.connect", "socket") }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if result != 0, errno != EINPROGRESS {
            let error = NetError.system("net.connect", "connect to \(address.description)")
            Glibc.close(fd)
            throw error
        }
        let session: TLSSession?
        do {
            session = try tls.map { try TLSSession(context: $0, fileDescriptor: fd, serverName: serverName ?? host) }
        } catch {
            Glibc.close(fd)
            throw NetError("net.tls", "\(error)")
        }
        let connection = Connection(fd: fd, remoteAddress: address.description, tls: session, eventLoop: eventLoop,
                                    handshakeTimeout: timeout, handler: handler, makeHandler: nil)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            eventLoop.execute { connection.startConnecting(continuation: continuation) }
        }
        return connection
    }
}
