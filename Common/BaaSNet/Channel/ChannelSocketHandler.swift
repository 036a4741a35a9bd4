import BaaSCrypto
import Synchronization

/// Joins a `Connection` (mutual TLS on an event loop) to a `ChannelConnection`: bytes up, frames
/// down, and the channel's tick on the connection's deadline timer.
///
/// Everything it asks of the `Connection` goes through `eventLoop.execute`, because a write or
/// close on the loop thread may call the connection handler back at once, and the channel calls
/// its transport with its lock held. The tasks run in order, so frames keep their order.
final class ChannelSocketHandler: ConnectionHandler, ChannelTransport, @unchecked Sendable {
    private let side: ChannelSession.Side
    private let configuration: ChannelConfiguration
    private let handler: any ChannelHandler
    private let onEstablished: @Sendable (ChannelConnection) -> Void
    private let onClose: @Sendable (ChannelConnection?, NetError?) -> Void
    // Set on the loop thread when the connection becomes active, cleared when it closes.
    private let connection = Mutex<Connection?>(nil)
    private let channel = Mutex<ChannelConnection?>(nil)

    init(side: ChannelSession.Side, configuration: ChannelConfiguration, handler: any ChannelHandler,
         onEstablished: @escaping @Sendable (ChannelConnection) -> Void = { _ in },
         onClose: @escaping @Sendable (ChannelConnection?, NetError?) -> Void = { _, _ in }) {
        self.side = side
        self.configuration = configuration
        self.handler = handler
        self.onEstablished = onEstablished
        self.onClose = onClose
    }

    // MARK: - ConnectionHandler (loop thread)

    func connectionDidBecomeActive(_ connection: Connection) {
        self.connection.withLock { $0 = connection }
        let observer = ChannelObservingHandler(inner: handler, onEstablished: onEstablished)
        let channel = ChannelConnection(side: side, configuration: configuration, transport: self,
                                        handler: observer, peerIdentity: connection.peerIdentity)
        self.channel.withLock { $0 = channel }
    }

    func connection(_ connection: Connection, didReceive bytes: [UInt8]) {
        channel.withLock { $0 }?.received(bytes)
    }

    func connectionDidClose(_ connection: Connection, error: NetError?) {
        self.connection.withLock { $0 = nil }
        let channel = self.channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        channel?.transportClosed()
        onClose(channel, channel?.closeReason.flatMap { $0 } ?? error)
    }

    func connectionDeadlineExpired(_ connection: Connection) {
        channel.withLock { $0 }?.tick()
    }

    // MARK: - ChannelTransport (any thread, possibly under the channel's lock)

    func send(_ bytes: [UInt8]) {
        guard let connection = connection.withLock({ $0 }) else { return }
        connection.eventLoop.execute { connection.write(bytes) }
    }

    func close() {
        guard let connection = connection.withLock({ $0 }) else { return }
        connection.eventLoop.execute { connection.close() }
    }

    func scheduleTick(after delay: Duration) {
        guard let connection = connection.withLock({ $0 }) else { return }
        connection.eventLoop.execute { connection.setDeadline(after: delay) }
    }
}

/// Forwards to the application's handler and tells the server or client when a channel opens.
private struct ChannelObservingHandler: ChannelHandler {
    let inner: any ChannelHandler
    let onEstablished: @Sendable (ChannelConnection) -> Void

    func established(_ connection: ChannelConnection) {
        onEstablished(connection)
        inner.established(connection)
    }

    func request(method: String, body: [UInt8], on connection: ChannelConnection) async -> ChannelResponse {
        await inner.request(method: method, body: body, on: connection)
    }

    func event(name: String, body: [UInt8], on connection: ChannelConnection) {
        inner.event(name: name, body: body, on: connection)
    }

    func closed(_ connection: ChannelConnection, error: NetError?) {
        inner.closed(connection, error: error)
    }
}
