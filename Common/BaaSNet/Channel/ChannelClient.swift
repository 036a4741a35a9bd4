import BaaSCrypto
import Synchronization

/// Keeps one channel open to a server: the agent's end. Dials out over mutual TLS, says hello,
/// and after any loss reconnects with jittered exponential backoff until stopped.
///
/// Call `run()` from a task (it returns when that task is cancelled or `stop()` is called);
/// use `channel` or `waitUntilConnected` to talk to the server.
///
/// - Note: Thread-safe. Handler callbacks run on the event loop (see `ChannelHandler`).
public final class ChannelClient: Sendable {
    private struct State {
        var channel: ChannelConnection?
        var connection: Connection?
        var waiters: [CheckedContinuation<ChannelConnection, Never>] = []
        var stopped = false
        var lastError: NetError?
        var attempts = 0
    }

    public let host: String
    public let port: UInt16
    private let tls: TLSContext
    private let serverName: String?
    private let eventLoop: EventLoop
    private let configuration: ChannelConfiguration
    private let handler: any ChannelHandler
    private let backoff: Mutex<ReconnectBackoff<SystemRandomNumberGenerator>>
    private let state = Mutex(State())

    /// - Parameters:
    ///   - tls: a client context holding this end's certificate and the server's CA.
    ///   - serverName: the name checked against the server certificate (default: `host`).
    ///   - backoff: delays between attempts; its `stableAfter` decides when a flapping server
    ///     stops counting as a failure.
    public init(host: String, port: UInt16, tls: TLSContext, serverName: String? = nil,
                eventLoop: EventLoop = EventLoopGroup.shared.next(), configuration: ChannelConfiguration,
                handler: any ChannelHandler, backoff: ReconnectBackoff<SystemRandomNumberGenerator> = ReconnectBackoff()) {
        self.host = host
        self.port = port
        self.tls = tls
        self.serverName = serverName
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.handler = handler
        self.backoff = Mutex(backoff)
    }

    /// The open channel, or nil while (re)connecting.
    public var channel: ChannelConnection? { state.withLock { $0.channel } }

    /// Why the last attempt or channel failed, for status displays.
    public var lastError: NetError? { state.withLock { $0.lastError } }

    /// Connection attempts made so far (successful or not).
    public var attempts: Int { state.withLock { $0.attempts } }

    /// Waits until a channel is open (returns at once when one is). Without a server this waits
    /// for ever: race it against a timeout where that matters.
    public func waitUntilConnected() async -> ChannelConnection {
        await withCheckedContinuation { continuation in
            let ready: ChannelConnection? = state.withLock { state in
                if let channel = state.channel { return channel }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Stops reconnecting and closes the open channel with a goodbye.
    public func stop() {
        state.withLock { $0.stopped = true }
        hangUp()
    }

    /// Says goodbye on the channel, or drops a connection whose channel is not open yet.
    private func hangUp() {
        let (channel, connection) = state.withLock { ($0.channel, $0.connection) }
        if let channel {
            channel.close(reason: "the agent is stopping")
        } else {
            connection?.close()
        }
    }

    /// Connects, waits for the channel to end, backs off, and again, until cancelled or stopped.
    public func run() async {
        while !Task.isCancelled, !state.withLock({ $0.stopped }) {
            let closed = AsyncStream<NetError?>.makeStream()
            let socketHandler = ChannelSocketHandler(
                side: .initiator, configuration: configuration, handler: handler,
                onEstablished: { [self] channel in
                    let now = ChannelClock.now
                    backoff.withLock { $0.connected(now: now) }
                    let (waiters, stopped) = state.withLock { state in
                        state.channel = channel
                        state.lastError = nil
                        defer { state.waiters = [] }
                        return (state.waiters, state.stopped)
                    }
                    if stopped { channel.close(reason: "the agent is stopping") }
                    for waiter in waiters { waiter.resume(returning: channel) }
                },
                onClose: { [self] _, error in
                    state.withLock { state in
                        state.channel = nil
                        state.connection = nil
                        if let error { state.lastError = error }
                    }
                    closed.continuation.yield(error)
                    closed.continuation.finish()
                })
            state.withLock { $0.attempts += 1 }
            do {
                let connection = try await Connection.connect(host: host, port: port, tls: tls, serverName: serverName,
                                                              on: eventLoop, handler: socketHandler)
                state.withLock { $0.connection = connection }
                if Task.isCancelled || state.withLock({ $0.stopped }) { hangUp() }
                await withTaskCancellationHandler {
                    for await _ in closed.stream { break }
                } onCancel: { [self] in
                    hangUp()
                }
            } catch {
                state.withLock { $0.lastError = error as? NetError ?? NetError("net.connect", "\(error)") }
            }
            let now = ChannelClock.now
            let delay = backoff.withLock { backoff in
                backoff.disconnected(now: now)
                return backoff.nextDelay()
            }
            if Task.isCancelled || state.withLock({ $0.stopped }) { break }
            try? await Task.sleep(for: delay)
        }
        state.withLock { $0.channel = nil }
    }
}
