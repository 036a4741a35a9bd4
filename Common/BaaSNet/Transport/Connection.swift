import BaaSCrypto
import CLinux
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection on an event loop, with or without TLS, delivering bytes to a `ConnectionHandler`.
///
/// Created by a `Listener` (server side) or `Connection.connect` (client side). All socket and
/// TLS work happens on `eventLoop`'s thread; the public methods are thread-safe and hop to that
/// thread when called from elsewhere. Writes are queued without limit: use `queuedWriteBytes`
/// (loop thread) or your own accounting for backpressure.
public final class Connection: @unchecked Sendable, EventLoopSelectable {
    /// The loop that owns this connection's socket.
    public let eventLoop: EventLoop
    /// The peer's `address:port`.
    public let remoteAddress: String
    /// Whether the connection runs TLS.
    public var isTLS: Bool { tls != nil }

    private enum State {
        case idle
        case connecting
        case handshaking
        case active
        /// Closed for the handler; draining what the peer still sends so the kernel does not
        /// answer it with a reset that would destroy our last response in flight.
        case lingering
        case closed
    }

    private let fd: Int32
    private let tls: TLSSession?
    private var handler: ConnectionHandler?
    private var makeHandler: (@Sendable (Connection) -> ConnectionHandler)?
    private var state = State.idle
    private var interest: UInt32 = 0
    private var registered = false
    private var readingEnabled = true
    private var readWantsWrite = false
    private var writeWantsRead = false
    private var handshakeWantsWrite = false
    private var writeQueue: [[UInt8]] = []
    private var writeOffset = 0
    private var closeWhenFlushed = false
    private var deadline: UInt64 = 0
    private var deadlineTimer: UInt64 = 0
    private var deadlineTimerAt: UInt64 = 0
    private var handshakeTimeout: Duration
    private var connectContinuation: CheckedContinuation<Void, any Error>?
    private let identity = Mutex<PeerIdentity?>(nil)

    init(fd: Int32, remoteAddress: String, tls: TLSSession?, eventLoop: EventLoop, handshakeTimeout: Duration,
         handler: ConnectionHandler?, makeHandler: (@Sendable (Connection) -> ConnectionHandler)?) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.tls = tls
        self.eventLoop = eventLoop
        self.handshakeTimeout = handshakeTimeout
        self.handler = handler
        self.makeHandler = makeHandler
    }

    deinit {
        if state != .closed { Glibc.close(fd) }
    }

    /// The verified certificate of the peer (TLS with peer verification only); set before
    /// `connectionDidBecomeActive`.
    public var peerIdentity: PeerIdentity? {
        identity.withLock { $0 }
    }

    /// The negotiated TLS version (`TLSv1.3`), or `nil` for plain TCP.
    public var tlsVersion: String? {
        tls?.protocolVersion
    }

    // MARK: - Public operations (thread-safe)

    /// Queues `bytes` for sending, in order. Ignored once the connection is closed or closing.
    public func write(_ bytes: [UInt8]) {
        if eventLoop.inEventLoop {
            enqueue(bytes)
        } else {
            eventLoop.execute { self.enqueue(bytes) }
        }
    }

    /// Sends what is queued, then closes (with TLS close_notify). Gives up after 10 s if the peer
    /// does not take the data.
    public func close() {
        if eventLoop.inEventLoop {
            closeGracefully()
        } else {
            eventLoop.execute { self.closeGracefully() }
        }
    }

    /// Closes at once, dropping queued bytes; the handler sees `error`.
    public func abort(_ error: NetError? = nil) {
        if eventLoop.inEventLoop {
            finishClose(error: error)
        } else {
            eventLoop.execute { self.finishClose(error: error) }
        }
    }

    /// Stops or resumes delivering received bytes (backpressure); the kernel buffers meanwhile.
    public func setReading(_ enabled: Bool) {
        if eventLoop.inEventLoop {
            changeReading(enabled)
        } else {
            eventLoop.execute { self.changeReading(enabled) }
        }
    }

    /// Arms (or with `nil` clears) the connection's single deadline: when it passes, the handler's
    /// `connectionDeadlineExpired` runs. Setting it again replaces the previous one; cheap enough
    /// to call on every request.
    public func setDeadline(after delay: Duration?) {
        let absolute = delay.map { EventLoop.now() + $0.nanoseconds } ?? 0
        if eventLoop.inEventLoop {
            armDeadline(absolute)
        } else {
            eventLoop.execute { self.armDeadline(absolute) }
        }
    }

    /// Loop thread only: bytes queued but not yet taken by the kernel.
    public var queuedWriteBytes: Int {
        writeQueue.reduce(0) { $0 + $1.count } - writeOffset
    }

    // MARK: - Start

    /// Loop thread: registers an accepted socket and starts the server side.
    func startAccepted() {
        if let makeHandler {
            handler = makeHandler(self)
            self.makeHandler = nil
        }
        if !register(events: baas_EPOLLIN) { return }
        if tls != nil {
            state = .handshaking
            armDeadline(EventLoop.now() + handshakeTimeout.nanoseconds)
            advanceHandshake()
        } else {
            becomeActive()
        }
    }

    /// Loop thread: registers a socket whose connect is in progress.
    func startConnecting(continuation: CheckedContinuation<Void, any Error>) {
        connectContinuation = continuation
        state = .connecting
        armDeadline(EventLoop.now() + handshakeTimeout.nanoseconds)
        _ = register(events: baas_EPOLLOUT)
    }

    private func register(events: UInt32) -> Bool {
        do {
            try eventLoop.register(fd, self, events: events)
            interest = events
            registered = true
            return true
        } catch {
            finishClose(error: error as? NetError)
            return false
        }
    }

    // MARK: - Events

    func handleEvents(_ events: UInt32) {
        switch state {
        case .idle, .closed:
            return
        case .lingering:
            drainWhileLingering()
        case .connecting:
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 {
                finishClose(error: NetError.system("net.connect", "connect to \(remoteAddress)", errno: error))
                return
            }
            if tls != nil {
                state = .handshaking
                advanceHandshake()
            } else {
                becomeActive()
            }
        case .handshaking:
            advanceHandshake()
        case .active:
            if !writeQueue.isEmpty || readWantsWrite {
                readWantsWrite = false
                flush()
            }
            if state == .active, readingEnabled || writeWantsRead {
                writeWantsRead = false
                if readingEnabled { readAvailable() } else { flush() }
            } else if state == .active, events & (baas_EPOLLHUP | baas_EPOLLERR) != 0 {
                finishClose(error: nil)
            }
        }
    }

    private func advanceHandshake() {
        guard let tls else { return }
        switch tls.handshake() {
        case .complete:
            identity.withLock { $0 = tls.peerIdentity() }
            becomeActive()
        case .wantRead:
            handshakeWantsWrite = false
            updateInterest()
        case .wantWrite:
            handshakeWantsWrite = true
            updateInterest()
        case .closed:
            finishClose(error: NetError("net.tls_handshake", "\(remoteAddress) closed the connection during the TLS handshake"))
        case .failed(let error):
            // Linger so our alert reaches the peer instead of being destroyed by a reset.
            startLingering(error: NetError("net.tls_handshake", "TLS handshake with \(remoteAddress) failed: \(error.message)"))
        }
    }

    private func becomeActive() {
        state = .active
        deadline = 0
        updateInterest()
        if let continuation = connectContinuation {
            connectContinuation = nil
            continuation.resume()
        }
        handler?.connectionDidBecomeActive(self)
        if state == .active, readingEnabled { readAvailable() }
        if state == .active, !writeQueue.isEmpty { flush() }
    }

    // MARK: - Reading

    private func readOnce() -> TLSSession.Result {
        let buffer = eventLoop.readBuffer
        if let tls { return tls.read(into: buffer) }
        let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
        if count > 0 { return .complete(count) }
        if count == 0 { return .closed }
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .wantRead }
        if code == ECONNRESET { return .closed }
        return .failed(CryptoError("net.io", "read from \(remoteAddress) failed: \(String(cString: strerror(code)))"))
    }

    private func readAvailable() {
        var rounds = 0
        while state == .active, readingEnabled {
            switch readOnce() {
            case .complete(let count):
                let bytes = Array(UnsafeRawBufferPointer(rebasing: eventLoop.readBuffer[0..<count]))
                handler?.connection(self, didReceive: bytes)
                rounds += 1
                let buffered = tls?.hasBufferedInput ?? false
                // A short read with nothing left inside OpenSSL means the socket is very likely
                // drained; the level-triggered epoll reports it again otherwise. This saves a
                // read() that would only say EAGAIN on every request.
                if !buffered, count < eventLoop.readBuffer.count / 2 { return }
                if rounds >= 16 {
                    if buffered {
                        eventLoop.execute { if self.state == .active, self.readingEnabled { self.readAvailable() } }
                    }
                    return
                }
            case .wantRead:
                return
            case .wantWrite:
                readWantsWrite = true
                updateInterest()
                return
            case .closed:
                finishClose(error: nil)
                return
            case .failed(let error):
                finishClose(error: NetError(error.code.hasPrefix("net.") ? error.code : "net.tls", error.message))
                return
            }
        }
    }

    private func changeReading(_ enabled: Bool) {
        guard state != .closed, readingEnabled != enabled else { return }
        readingEnabled = enabled
        guard state == .active else { return }
        updateInterest()
        if enabled { readAvailable() }
    }

    // MARK: - Writing

    private func enqueue(_ bytes: [UInt8]) {
        guard state != .closed, state != .lingering, !closeWhenFlushed, !bytes.isEmpty else { return }
        if writeQueue.count >= 2, writeQueue[writeQueue.count - 1].count + bytes.count <= 16 * 1024 {
            writeQueue[writeQueue.count - 1].append(contentsOf: bytes)
        } else {
            writeQueue.append(bytes)
        }
        if state == .active, writeQueue.count == 1 { flush() }
    }

    private func writeOnce(_ bytes: UnsafeRawBufferPointer) -> TLSSession.Result {
        if let tls { return tls.write(bytes) }
        let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if count >= 0 { return .complete(count) }
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .wantWrite }
        if code == EPIPE || code == ECONNRESET { return .closed }
        return .failed(CryptoError("net.io", "write to \(remoteAddress) failed: \(String(cString: strerror(code)))"))
    }

    private func flush() {
        while state == .active, !writeQueue.isEmpty {
            let result = writeQueue[0].withUnsafeBytes { raw in
                writeOnce(UnsafeRawBufferPointer(rebasing: raw[writeOffset...]))
            }
            switch result {
            case .complete(let count):
                writeOffset += count
                if writeOffset == writeQueue[0].count {
                    writeQueue.removeFirst()
                    writeOffset = 0
                }
            case .wantWrite:
                updateInterest()
                return
            case .wantRead:
                writeWantsRead = true
                updateInterest()
                return
            case .closed:
                closeAfterFailedWrite()
                return
            case .failed(let error):
                finishClose(error: NetError(error.code.hasPrefix("net.") ? error.code : "net.tls", error.message))
                return
            }
        }
        if state == .active, closeWhenFlushed {
            startLingering()
            return
        }
        updateInterest()
    }

    private func updateInterest() {
        guard registered, state != .closed else { return }
        var wanted: UInt32 = 0
        switch state {
        case .connecting:
            wanted = baas_EPOLLOUT
        case .handshaking:
            wanted = baas_EPOLLIN | (handshakeWantsWrite ? baas_EPOLLOUT : 0)
        case .active:
            if readingEnabled || writeWantsRead { wanted |= baas_EPOLLIN }
            if (!writeQueue.isEmpty && !writeWantsRead) || readWantsWrite { wanted |= baas_EPOLLOUT }
        case .lingering:
            wanted = baas_EPOLLIN
        case .idle, .closed:
            return
        }
        if wanted != interest {
            interest = wanted
            eventLoop.modify(fd, events: wanted)
        }
    }

    // MARK: - Closing and deadlines

    private func closeGracefully() {
        guard state != .closed, state != .lingering else { return }
        guard state == .active else {
            finishClose(error: nil)
            return
        }
        guard !writeQueue.isEmpty else {
            startLingering()
            return
        }
        closeWhenFlushed = true
        readingEnabled = false
        armDeadline(EventLoop.now() + 10_000_000_000)
        updateInterest()
    }

    /// The peer is gone for writing; what it sent before (a TLS alert saying why) may still be
    /// readable, and is the better reason to report.
    private func closeAfterFailedWrite() {
        for _ in 0..<4 {
            switch readOnce() {
            case .complete(let count):
                let bytes = Array(UnsafeRawBufferPointer(rebasing: eventLoop.readBuffer[0..<count]))
                handler?.connection(self, didReceive: bytes)
                if state != .active { return }
            case .failed(let error):
                finishClose(error: NetError(error.code.hasPrefix("net.") ? error.code : "net.tls", error.message))
                return
            case .wantRead, .wantWrite, .closed:
                finishClose(error: nil)
                return
            }
        }
        finishClose(error: nil)
    }

    /// Sends close_notify (after a good session) and FIN, tells the handler (with `error`, if the
    /// handshake failed), then reads and discards until the peer closes too (at most 2 s).
    private func startLingering(error: NetError? = nil) {
        tls?.shutdown()
        Glibc.shutdown(fd, Int32(SHUT_WR))
        state = .lingering
        writeQueue = []
        let handler = self.handler
        self.handler = nil
        deadline = 0
        armDeadline(EventLoop.now() + 2_000_000_000)
        updateInterest()
        if let continuation = connectContinuation {
            connectContinuation = nil
            continuation.resume(throwing: error ?? NetError("net.closed", "\(remoteAddress) closed the connection"))
        }
        handler?.connectionDidClose(self, error: error)
        if state == .lingering { drainWhileLingering() }
    }

    private func drainWhileLingering() {
        let buffer = eventLoop.readBuffer
        for _ in 0..<16 {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { continue }
            if count < 0, errno == EAGAIN || errno == EINTR { return }
            finishClose(error: nil)
            return
        }
    }

    private func finishClose(error: NetError?) {
        guard state != .closed else { return }
        if state == .lingering {
            state = .closed
            if registered { eventLoop.deregister(fd) }
            Glibc.close(fd)
            if deadlineTimer != 0 { eventLoop.cancelTimer(deadlineTimer) }
            return
        }
        let wasActive = state == .active
        state = .closed
        if wasActive, error == nil { tls?.shutdown() }
        if registered { eventLoop.deregister(fd) }
        Glibc.close(fd)
        if deadlineTimer != 0 { eventLoop.cancelTimer(deadlineTimer) }
        writeQueue = []
        let handler = self.handler
        self.handler = nil
        if let continuation = connectContinuation {
            connectContinuation = nil
            continuation.resume(throwing: error ?? NetError("net.closed", "\(remoteAddress) closed the connection"))
        }
        handler?.connectionDidClose(self, error: error)
    }

    private func armDeadline(_ absolute: UInt64) {
        guard state != .closed else { return }
        deadline = absolute
        guard absolute != 0 else { return }
        if deadlineTimer == 0 || absolute < deadlineTimerAt {
            if deadlineTimer != 0 { eventLoop.cancelTimer(deadlineTimer) }
            scheduleDeadlineTimer(at: absolute)
        }
    }

    private func scheduleDeadlineTimer(at absolute: UInt64) {
        deadlineTimerAt = absolute
        var id: UInt64 = 0
        id = eventLoop.addTimer(at: absolute) { [weak self] in self?.deadlineTimerFired() }
        deadlineTimer = id
    }

    private func deadlineTimerFired() {
        deadlineTimer = 0
        guard state != .closed, deadline != 0 else { return }
        let now = EventLoop.now()
        if now < deadline {
            scheduleDeadlineTimer(at: deadline)
            return
        }
        deadline = 0
        switch state {
        case .connecting, .handshaking:
            finishClose(error: NetError("net.timeout", "connection setup with \(remoteAddress) timed out"))
        case .active where closeWhenFlushed:
            finishClose(error: NetError("net.timeout", "\(remoteAddress) did not take the last bytes in time"))
        case .lingering:
            finishClose(error: nil)
        case .active:
            if let handler { handler.connectionDeadlineExpired(self) } else { finishClose(error: nil) }
        case .idle, .closed:
            return
        }
    }
}
