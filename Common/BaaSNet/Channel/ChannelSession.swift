/// The protocol of one channel connection as a state machine without I/O or clocks.
///
/// Bytes in (`receive`), time in (`tick`, and `now` on every call, a monotonic `Duration` from
/// any fixed origin), events out, and bytes to send collected in `takeOutbound()`. The
/// initiator (the agent, which dials) queues its hello at creation; the acceptor answers with
/// the highest version both speak, or with a goodbye `net.channel_version` when there is none.
/// Heartbeats go out when nothing was sent for `heartbeatInterval`; a peer silent for
/// `peerSilenceTimeout` is dropped with `net.channel_peer_silent`.
///
/// Errors on the wire never throw: they end the session with a `.closed(error)` event and a
/// goodbye in the outbound bytes. Methods that send throw `net.channel_closed` /
/// `net.channel_not_open` when the state forbids it.
///
/// - Note: A value type with no locking: the connection that owns it calls it from one thread.
public struct ChannelSession: Sendable {
    /// Whether this end dialled (and speaks first) or accepted.
    public enum Side: Sendable { case initiator, acceptor }

    public enum State: Sendable, Equatable {
        case handshaking
        /// Open with the negotiated protocol version.
        case open(version: UInt16)
        case closed
    }

    private struct Pending: Sendable {
        let method: String
        let deadline: Duration
    }

    public let side: Side
    public let configuration: ChannelConfiguration
    public private(set) var state: State = .handshaking
    /// The peer's hello once the handshake finished.
    public private(set) var peer: ChannelHello?

    private var decoder: FrameDecoder
    private var outbound: [UInt8] = []
    private var pending: [UInt64: Pending] = [:]
    private var nextRequestID: UInt64 = 1
    private var lastSent: Duration
    private var lastReceived: Duration

    /// - Parameter now: the current monotonic time; the silence timer starts here.
    public init(side: Side, configuration: ChannelConfiguration, now: Duration) {
        self.side = side
        self.configuration = configuration
        self.decoder = FrameDecoder(maxPayloadSize: configuration.maxPayloadSize)
        self.lastSent = now
        self.lastReceived = now
        if side == .initiator {
            queue(.hello(configuration.hello), now: now)
        }
    }

    public var isOpen: Bool {
        if case .open = state { return true }
        return false
    }

    /// Requests sent and not yet answered.
    public var pendingRequestCount: Int { pending.count }

    /// Whether `takeOutbound()` has bytes to write.
    public var hasOutbound: Bool { !outbound.isEmpty }

    /// The bytes to write to the connection, in order; the session forgets them.
    public mutating func takeOutbound() -> [UInt8] {
        defer { outbound = [] }
        return outbound
    }

    /// The latest time by which `tick` must be called for heartbeats and timeouts to be on time;
    /// nil once closed.
    public var nextDeadline: Duration? {
        guard state != .closed else { return nil }
        var deadline = lastReceived + configuration.peerSilenceTimeout
        if isOpen { deadline = min(deadline, lastSent + configuration.heartbeatInterval) }
        for request in pending.values { deadline = min(deadline, request.deadline) }
        return deadline
    }

    // MARK: - Input

    /// Feeds bytes read from the connection, in any chunking.
    public mutating func receive(_ bytes: some Collection<UInt8>, now: Duration) -> [ChannelEvent] {
        guard state != .closed else { return [] }
        lastReceived = now
        decoder.append(bytes)
        var events: [ChannelEvent] = []
        while state != .closed {
            let payload: [UInt8]
            do {
                guard let next = try decoder.next() else { break }
                payload = next
            } catch let error as NetError {
                events += fail(error, now: now)
                break
            } catch {
                events += fail(.frameMalformed("\(error)"), now: now)
                break
            }
            do {
                events += handle(try ChannelMessage(decoding: payload), now: now)
            } catch let error as NetError {
                events += fail(error, now: now)
            } catch {
                events += fail(.frameMalformed("\(error)"), now: now)
            }
        }
        return events
    }

    /// Sends heartbeats and expires requests and silent peers whose time has come.
    public mutating func tick(now: Duration) -> [ChannelEvent] {
        guard state != .closed else { return [] }
        if now - lastReceived >= configuration.peerSilenceTimeout {
            let what = isOpen ? "sent nothing, not even a heartbeat," : "did not finish the handshake"
            return fail(NetError("net.channel_peer_silent",
                                 "the peer \(what) for \(Self.describe(configuration.peerSilenceTimeout)); the connection is dropped "
                                 + "(a reconnecting agent comes back by itself)"), now: now)
        }
        var events: [ChannelEvent] = []
        for (id, request) in pending.sorted(by: { $0.key < $1.key }) where request.deadline <= now {
            pending[id] = nil
            events.append(.requestFailed(id: id, method: request.method, error: NetError(
                "net.channel_request_timeout",
                "request '\(request.method)' got no answer in time; the peer may be overloaded or "
                + "the method slow, retry later")))
        }
        if isOpen && now - lastSent >= configuration.heartbeatInterval {
            queue(.heartbeat, now: now)
        }
        return events
    }

    /// The connection under the session broke: every pending request fails.
    public mutating func connectionLost(now: Duration) -> [ChannelEvent] {
        guard state != .closed else { return [] }
        return finish(NetError("net.channel_closed", "the connection to the peer was lost"), now: now)
    }

    // MARK: - Output

    /// Sends a request and returns its id; the answer arrives as `.response` or `.requestFailed`.
    ///
    /// - Throws: `net.channel_not_open` before the handshake, `net.channel_closed` after close,
    ///   `net.frame_too_large` when the body does not fit a frame.
    public mutating func request(_ method: String, body: [UInt8] = [], timeout: Duration? = nil,
                                 now: Duration) throws -> UInt64 {
        try requireOpen()
        let id = nextRequestID
        try send(.request(id: id, method: method, body: body), now: now)
        nextRequestID &+= 1
        pending[id] = Pending(method: method, deadline: now + (timeout ?? configuration.requestTimeout))
        return id
    }

    /// Answers the peer's request `id`.
    ///
    /// - Throws: like `request`.
    public mutating func respond(to id: UInt64, status: UInt16, body: [UInt8] = [], now: Duration) throws {
        try requireOpen()
        try send(.response(id: id, status: status, body: body), now: now)
    }

    /// Sends a one-way event.
    ///
    /// - Throws: like `request`.
    public mutating func sendEvent(_ name: String, body: [UInt8] = [], now: Duration) throws {
        try requireOpen()
        try send(.event(name: name, body: body), now: now)
    }

    /// Says goodbye and ends the session; pending requests fail with `net.channel_closed`.
    /// An empty `code` is a normal close.
    public mutating func close(code: String = "", reason: String = "closing", now: Duration) -> [ChannelEvent] {
        guard state != .closed else { return [] }
        queue(.goodbye(code: code, reason: reason), now: now)
        return finish(code.isEmpty ? nil : NetError(code, reason), now: now)
    }

    // MARK: - Internals

    private func requireOpen() throws {
        switch state {
        case .open: return
        case .handshaking:
            throw NetError("net.channel_not_open",
                           "the channel is still negotiating its version; wait for it to be established")
        case .closed:
            throw NetError("net.channel_closed", "the channel is closed; reconnect before sending")
        }
    }

    private mutating func send(_ message: ChannelMessage, now: Duration) throws {
        try Frame.append(message.encoded(), to: &outbound, maxPayloadSize: configuration.maxPayloadSize)
        lastSent = now
    }

    /// For messages the session builds itself, which always fit a frame.
    private mutating func queue(_ message: ChannelMessage, now: Duration) {
        let payload = message.encoded()
        if (try? Frame.append(payload, to: &outbound, maxPayloadSize: configuration.maxPayloadSize)) == nil {
            try? Frame.append(payload.prefix(configuration.maxPayloadSize), to: &outbound,
                              maxPayloadSize: configuration.maxPayloadSize)
        }
        lastSent = now
    }

    private mutating func handle(_ message: ChannelMessage, now: Duration) -> [ChannelEvent] {
        if case .goodbye(let code, let reason) = message {
            return finish(code.isEmpty ? nil : NetError(code, reason), now: now)
        }
        switch state {
        case .closed:
            return []
        case .handshaking:
            return handshake(message, now: now)
        case .open:
            switch message {
            case .hello, .helloAck:
                return fail(.frameMalformed("a second hello on an open channel"), now: now)
            case .request(let id, let method, let body):
                return [.request(id: id, method: method, body: body)]
            case .response(let id, let status, let body):
                // A late answer to a request that already timed out is dropped on purpose.
                guard let request = pending.removeValue(forKey: id) else { return [] }
                return [.response(id: id, method: request.method, status: status, body: body)]
            case .event(let name, let body):
                return [.event(name: name, body: body)]
            case .heartbeat, .goodbye:
                return []
            }
        }
    }

    private mutating func handshake(_ message: ChannelMessage, now: Duration) -> [ChannelEvent] {
        let mine = configuration.hello
        switch (side, message) {
        case (.acceptor, .hello(let theirs)):
            let low = max(mine.versions.lowerBound, theirs.versions.lowerBound)
            let high = min(mine.versions.upperBound, theirs.versions.upperBound)
            guard low <= high else {
                return close(code: "net.channel_version", reason: Self.versionMismatch(
                    local: mine, remote: theirs), now: now)
            }
            var answer = mine
            answer.versions = high...high
            queue(.helloAck(answer), now: now)
            return open(peer: theirs, version: high)
        case (.initiator, .helloAck(let theirs)):
            guard theirs.versions.lowerBound == theirs.versions.upperBound,
                  mine.versions.contains(theirs.versions.lowerBound) else {
                return close(code: "net.channel_version", reason: Self.versionMismatch(
                    local: mine, remote: theirs), now: now)
            }
            return open(peer: theirs, version: theirs.versions.lowerBound)
        default:
            let expected = side == .acceptor ? "a hello" : "a hello acknowledgement"
            return fail(.frameMalformed("expected \(expected) as the first message"), now: now)
        }
    }

    /// Whole seconds as "30 s", shorter spans in milliseconds ("400 ms") so they never read as "0 s".
    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }

    private static func versionMismatch(local: ChannelHello, remote: ChannelHello) -> String {
        "no common channel protocol version: this \(local.role) speaks "
            + "\(local.versions.lowerBound)...\(local.versions.upperBound), the \(remote.role) "
            + "\(remote.identity.isEmpty ? "" : "'\(remote.identity)' ")speaks "
            + "\(remote.versions.lowerBound)...\(remote.versions.upperBound); upgrade the older side"
    }

    private mutating func open(peer hello: ChannelHello, version: UInt16) -> [ChannelEvent] {
        var peer = hello
        peer.versions = version...version
        self.peer = peer
        state = .open(version: version)
        return [.established(peer: peer)]
    }

    /// A protocol failure: tell the peer why, then end.
    private mutating func fail(_ error: NetError, now: Duration) -> [ChannelEvent] {
        queue(.goodbye(code: error.code, reason: error.message), now: now)
        return finish(error, now: now)
    }

    private mutating func finish(_ error: NetError?, now: Duration) -> [ChannelEvent] {
        state = .closed
        var events: [ChannelEvent] = pending.sorted(by: { $0.key < $1.key }).map { id, request in
            .requestFailed(id: id, method: request.method, error: NetError(
                "net.channel_closed",
                "the channel closed before request '\(request.method)' was answered; retry after reconnecting"))
        }
        pending = [:]
        events.append(.closed(error))
        return events
    }
}
