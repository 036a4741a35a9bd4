import BaaSCrypto
import Synchronization

/// Accepts agents' channels over mutual TLS: the controller's end of the agent gateway.
///
/// Every accepted connection runs the acceptor side of `ChannelSession` (answering the hello,
/// heartbeats, silence detection) and reports to `handler`. Authorise on
/// `ChannelConnection.peerIdentity`, the verified client certificate.
///
/// - Note: Thread-safe. Handler callbacks run on the event loops (see `ChannelHandler`).
public final class ChannelServer: Sendable {
    /// The port bound (useful with port 0).
    public let port: UInt16
    private let listener: Listener
    private let registry = Registry()

    /// The open channels, shared with the per-connection callbacks.
    private final class Registry: Sendable {
        let channels = Mutex<[ObjectIdentifier: ChannelConnection]>([:])
    }

    /// Binds `host:port` and starts accepting.
    ///
    /// - Parameters:
    ///   - tls: a server context that requires client certificates.
    ///   - configuration: the hello this end answers with and its timers.
    /// - Throws: `NetError` `net.listen` when the address cannot be bound.
    public init(host: String = "127.0.0.1", port: UInt16 = 0, tls: ReloadableTLSContext,
                group: EventLoopGroup = .shared, configuration: ChannelConfiguration,
                handler: any ChannelHandler, backlog: Int32 = 4096) throws {
        let registry = self.registry
        listener = try Listener(host: host, port: port, tls: tls, group: group, backlog: backlog) { _ in
            ChannelSocketHandler(
                side: .acceptor, configuration: configuration, handler: handler,
                onEstablished: { channel in registry.channels.withLock { $0[ObjectIdentifier(channel)] = channel } },
                onClose: { channel, _ in
                    if let channel { registry.channels.withLock { $0[ObjectIdentifier(channel)] = nil } }
                })
        }
        self.port = listener.port
    }

    /// Channels that finished their handshake and are still open.
    public var openChannelCount: Int { registry.channels.withLock { $0.count } }

    /// The open channels, for broadcasting or looking one up by peer.
    public var openChannels: [ChannelConnection] { registry.channels.withLock { Array($0.values) } }

    /// Stops accepting and says goodbye on every open channel (agents reconnect elsewhere or later).
    public func close(reason: String = "the controller is shutting down") {
        listener.close()
        let channels = registry.channels.withLock { open in
            defer { open = [:] }
            return Array(open.values)
        }
        for channel in channels { channel.close(reason: reason) }
    }
}
