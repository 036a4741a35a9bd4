import BaaSCrypto
import Synchronization

/// One live channel over a transport: send requests and events from any task, and the handler
/// gets the peer's.
///
/// Wraps a `ChannelSession` behind a lock. The transport feeds it bytes (`received`), reports the
/// end of the pipe (`transportClosed`) and calls `tick()` when `ChannelTransport.scheduleTick`
/// asks, which sends heartbeats and expires silent peers and late requests. `ChannelServer` and
/// `ChannelClient` build these over mutual TLS.
///
/// - Note: Public methods are safe from any thread or task. Handler callbacks are made without
///   the lock held.
public final class ChannelConnection: Sendable {
    private struct State: ~Copyable {
        var session: ChannelSession
        var waiters: [UInt64: CheckedContinuation<ChannelResponse, any Error>] = [:]
        var closedWith: NetError??
        var scheduledTick: Duration?
    }

    private let state: Mutex<State>
    private let transport: any ChannelTransport
    private let handler: any ChannelHandler

    /// The verified certificate of the peer when the transport is mutual TLS: authorise on this,
    /// not on the identity the peer claims in its hello.
    public let peerIdentity: PeerIdentity?

    package init(side: ChannelSession.Side, configuration: ChannelConfiguration,
                 transport: any ChannelTransport, handler: any ChannelHandler, peerIdentity: PeerIdentity? = nil) {
        self.peerIdentity = peerIdentity
        self.state = Mutex(State(session: ChannelSession(side: side, configuration: configuration,
                                                         now: ChannelClock.now)))
        self.transport = transport
        self.handler = handler
        flush()
    }

    /// The peer's hello once established.
    public var peer: ChannelHello? { state.withLock { $0.session.peer } }

    /// Whether the handshake finished and the channel has not closed.
    public var isOpen: Bool { state.withLock { $0.session.isOpen } }

    /// Whether the channel has closed, and why (nil inside: a normal goodbye).
    public var closeReason: NetError?? { state.withLock { $0.closedWith } }

    /// Sends a request and waits for its response.
    ///
    /// - Throws: `net.channel_not_open`, `net.channel_closed`, `net.frame_too_large`,
    ///   `net.channel_request_timeout` (after `timeout`, default from the configuration).
    public func request(_ method: String, body: [UInt8] = [], timeout: Duration? = nil) async throws -> ChannelResponse {
        try await withCheckedThrowingContinuation { continuation in
            let failure: (any Error)? = state.withLock { state in
                do {
                    let id = try state.session.request(method, body: body, timeout: timeout, now: ChannelClock.now)
                    state.waiters[id] = continuation
                    return nil
                } catch {
                    return error
                }
            }
            if let failure {
                continuation.resume(throwing: failure)
            } else {
                flush()
            }
        }
    }

    /// Sends a one-way event.
    ///
    /// - Throws: `net.channel_not_open`, `net.channel_closed`, `net.frame_too_large`.
    public func sendEvent(_ name: String, body: [UInt8] = []) throws {
        try state.withLock { try $0.session.sendEvent(name, body: body, now: ChannelClock.now) }
        flush()
    }

    /// Says goodbye and closes the transport; pending requests fail with `net.channel_closed`.
    ///
    /// - Parameter code: empty for a normal close; otherwise a `NetError` code the peer reports
    ///   (for example when a controller turns away a host it no longer trusts), with `reason`
    ///   as its message.
    public func close(code: String = "", reason: String = "closing") {
        let events = state.withLock { $0.session.close(code: code, reason: reason, now: ChannelClock.now) }
        deliver(events)
    }

    // MARK: - Transport side

    /// Bytes read from the transport.
    package func received(_ bytes: some Collection<UInt8>) {
        let events = state.withLock { $0.session.receive(bytes, now: ChannelClock.now) }
        deliver(events)
    }

    /// Heartbeats and timeouts; the transport calls it when `scheduleTick` asked for it.
    package func tick() {
        let events = state.withLock { state in
            // A timer may fire a little early: forget it so the flush always asks for the next one.
            state.scheduledTick = nil
            return state.session.tick(now: ChannelClock.now)
        }
        deliver(events)
    }

    /// The transport is gone (peer closed, reset, or write failure).
    package func transportClosed() {
        let events = state.withLock { $0.session.connectionLost(now: ChannelClock.now) }
        deliver(events)
    }

    // MARK: - Internals

    /// Sends under the lock: two threads flushing at once must not reorder frames, and the
    /// transport promises not to call back synchronously.
    private func flush() {
        state.withLock { state in
            let bytes = state.session.takeOutbound()
            if !bytes.isEmpty { transport.send(bytes) }
            if let deadline = state.session.nextDeadline, deadline != state.scheduledTick {
                state.scheduledTick = deadline
                transport.scheduleTick(after: max(.zero, deadline - ChannelClock.now))
            }
        }
    }

    private func respond(to id: UInt64, with response: ChannelResponse) {
        let sent = state.withLock { state in
            (try? state.session.respond(to: id, status: response.status, body: response.body,
                                        now: ChannelClock.now)) != nil
        }
        if !sent {
            // The body did not fit a frame: tell the peer rather than leave it waiting.
            _ = state.withLock { state in
                try? state.session.respond(to: id, status: 500, body: Array("response too large".utf8),
                                           now: ChannelClock.now)
            }
        }
        flush()
    }

    private func deliver(_ events: [ChannelEvent]) {
        flush()
        for event in events {
            switch event {
            case .established:
                handler.established(self)
            case .request(let id, let method, let body):
                let handler = handler
                Task {
                    let response = await handler.request(method: method, body: body, on: self)
                    self.respond(to: id, with: response)
                }
            case .response(let id, _, let status, let body):
                state.withLock { $0.waiters.removeValue(forKey: id) }?
                    .resume(returning: ChannelResponse(status: status, body: body))
            case .requestFailed(let id, _, let error):
                state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(throwing: error)
            case .event(let name, let body):
                handler.event(name: name, body: body, on: self)
            case .closed(let error):
                state.withLock { $0.closedWith = .some(error) }
                transport.close()
                handler.closed(self, error: error)
            }
        }
    }
}
