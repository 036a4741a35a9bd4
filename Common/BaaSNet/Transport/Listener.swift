import BaaSCrypto
import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// A listening TCP socket that accepts connections onto an `EventLoopGroup`, with TLS when given.
///
/// Each accepted connection gets a handler from `makeHandler` (called on the connection's loop
/// thread) and, with TLS, a session from the context `tls.current` holds at accept time, so a
/// `ReloadableTLSContext.reload` takes effect for the next connection without a restart.
/// Thread-safe.
public final class Listener: @unchecked Sendable, EventLoopSelectable {
    /// The port actually bound (useful with port 0).
    public let port: UInt16
    /// The address bound.
    public let host: String

    private let fd: Int32
    private let acceptLoop: EventLoop
    private let group: EventLoopGroup
    private let tls: ReloadableTLSContext?
    private let handshakeTimeout: Duration
    private let makeHandler: @Sendable (Connection) -> ConnectionHandler
    private var closed = false

    /// Binds `host:port` and starts accepting.
    ///
    /// - Parameters:
    ///   - port: 0 picks a free port (read it from `port`).
    ///   - handshakeTimeout: a client that has not finished the TLS handshake by then is dropped.
    /// - Throws: `NetError` `net.listen` when the address cannot be bound.
    public init(host: String = "127.0.0.1", port: UInt16 = 0, tls: ReloadableTLSContext?,
                group: EventLoopGroup, handshakeTimeout: Duration = .seconds(10), backlog: Int32 = 1024,
                makeHandler: @escaping @Sendable (Connection) -> ConnectionHandler) throws {
        let address = try SocketAddress(host: host, port: port)
        let fd = baas_socket_stream_nonblocking(address.family)
        guard fd >= 0 else { throw NetError.system("net.listen", "socket") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0 else {
            let error = NetError.system("net.listen", "bind \(address.description)")
            Glibc.close(fd)
            throw error
        }
        guard listen(fd, backlog) == 0 else {
            let error = NetError.system("net.listen", "listen on \(address.description)")
            Glibc.close(fd)
            throw error
        }
        self.fd = fd
        self.host = host
        self.port = SocketAddress.local(of: fd).port
        self.group = group
        self.acceptLoop = group.loops[0]
        self.tls = tls
        self.handshakeTimeout = handshakeTimeout
        self.makeHandler = makeHandler
        acceptLoop.execute {
            do { try self.acceptLoop.register(fd, self, events: baas_EPOLLIN) } catch { self.close() }
        }
    }

    /// Stops accepting; open connections stay up. Thread-safe, idempotent.
    public func close() {
        acceptLoop.execute {
            guard !self.closed else { return }
            self.closed = true
            self.acceptLoop.deregister(self.fd)
            Glibc.close(self.fd)
        }
    }

    /// Out of descriptors or memory: a level-triggered listener would spin, so stop watching it
    /// for a moment and let connections close.
    private func pauseAccepting() {
        acceptLoop.modify(fd, events: 0)
        acceptLoop.schedule(after: .milliseconds(100)) {
            if !self.closed { self.acceptLoop.modify(self.fd, events: baas_EPOLLIN) }
        }
    }

    func handleEvents(_ events: UInt32) {
        for _ in 0..<64 where !closed {
            var address = SocketAddress()
            address.length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutableBytes(of: &address.storage) { raw in
                baas_accept_nonblocking(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &address.length)
            }
            if client < 0 {
                let code = errno
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
                    pauseAccepting()
                }
                return
            }
            var one: Int32 = 1
            _ = setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let session: TLSSession?
            do {
                session = try tls.map { try TLSSession(context: $0.current, fileDescriptor: client) }
            } catch {
                Glibc.close(client)
                continue
            }
            let loop = group.next()
            let connection = Connection(fd: client, remoteAddress: address.description, tls: session, eventLoop: loop,
                                        handshakeTimeout: handshakeTimeout, handler: nil, makeHandler: makeHandler)
            if loop === acceptLoop {
                connection.startAccepted()
            } else {
                loop.execute { connection.startAccepted() }
            }
        }
    }
}
