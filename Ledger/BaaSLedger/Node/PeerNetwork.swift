import BaaSCore
import BaaSCrypto
import BaaSNet
import Synchronization

/// The node's P2P links over mutual TLS: it accepts connections from peers (and only from
/// certificates of the network's CA whose common name is `node-<id>` of a current peer) and
/// keeps one outbound connection to each peer, reconnecting with backoff. The peers change with
/// the membership (`updatePeers`): a new member is dialled, a removed one dropped.
///
/// Each direction carries frames one way: a node sends on its outbound link and receives on the
/// peer's, so two nodes never race to pick one connection. Received messages go to `onMessage`
/// on an event-loop thread (the handler must not block). Thread-safe.
final class PeerNetwork: Sendable {
    /// Frames larger than this are refused (a block of `maxBlockBytes` plus headroom).
    static let maxFrameBytes = 64 << 20

    private let nodeID: UInt64
    private let peers: Mutex<[UInt64: (host: String, port: UInt16)]>
    private let listenHost: String
    private let listenPort: UInt16
    private let serverTLS: ReloadableTLSContext
    private let clientTLS: TLSContext
    private let group: EventLoopGroup
    private let logger: Logger
    private let onMessage: @Sendable (UInt64, PeerMessage) -> Void
    private let listener = Mutex<Listener?>(nil)
    private let links = Mutex<[UInt64: Connection]>([:])
    private let inbound = Mutex<[ObjectIdentifier: (connection: Connection, peer: UInt64)]>([:])
    private let stopped = Atomic<Bool>(false)
    private let refusedPeers = Atomic<Int>(0)

    init(nodeID: UInt64, peers: [UInt64: (host: String, port: UInt16)], listenHost: String, listenPort: UInt16,
         serverTLS: ReloadableTLSContext, clientTLS: TLSContext, group: EventLoopGroup, logger: Logger,
         onMessage: @escaping @Sendable (UInt64, PeerMessage) -> Void) {
        self.nodeID = nodeID
        self.peers = Mutex(peers)
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.serverTLS = serverTLS
        self.clientTLS = clientTLS
        self.group = group
        self.logger = logger
        self.onMessage = onMessage
    }

    /// Binds the P2P listener and starts dialling every peer.
    ///
    /// - Throws: `NetError` `net.listen` when the address cannot be bound.
    func start() throws {
        let new = try Listener(host: listenHost, port: listenPort, tls: serverTLS, group: group) { [self] connection in
            InboundPeerHandler(network: self)
        }
        listener.withLock { $0 = new }
        for id in peers.withLock({ $0.keys.sorted() }) { dial(id, attempt: 0) }
    }

    /// Makes `current` the peers: dials the new ones (and a moved one at its new address), closes
    /// the links to and from the ones that left.
    func updatePeers(_ current: [UInt64: (host: String, port: UInt16)]) {
        let (added, removed) = peers.withLock { peers -> ([UInt64], [UInt64]) in
            let added = current.filter { id, address in peers[id].map { $0 != address } ?? true }.map(\.key)
            let removed = peers.keys.filter { current[$0] == nil || added.contains($0) }
            peers = current
            return (added.sorted(), removed.sorted())
        }
        for id in removed {
            let link = links.withLock { $0.removeValue(forKey: id) }
            link?.abort()
            let incoming = inbound.withLock { map in map.values.filter { $0.peer == id }.map(\.connection) }
            incoming.forEach { $0.abort() }
            if current[id] == nil { logger.info("peer left the network", ["peer": .integer(Int64(id))]) }
        }
        for id in added {
            logger.info("dialling a new peer", ["peer": .integer(Int64(id))])
            dial(id, attempt: 0)
        }
    }

    /// Whether `id` is a current peer.
    func isPeer(_ id: UInt64) -> Bool { peers.withLock { $0[id] != nil } }

    /// The port the listener is bound to.
    var port: UInt16 { listener.withLock { $0?.port ?? 0 } }

    /// Stops listening and closes every link.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        listener.withLock { $0?.close(); $0 = nil }
        let all = links.withLock { links in defer { links.removeAll() }; return Array(links.values) }
        all.forEach { $0.abort() }
        let incoming = inbound.withLock { map in defer { map.removeAll() }; return map.values.map(\.connection) }
        incoming.forEach { $0.abort() }
    }

    /// Queues `message` for `peer`; false when there is no link to it now.
    @discardableResult
    func send(_ message: PeerMessage, to peer: UInt64) -> Bool {
        guard let connection = links.withLock({ $0[peer] }) else { return false }
        guard let frame = try? Frame.encode(message.encoded(), maxPayloadSize: Self.maxFrameBytes) else {
            logger.error("a P2P message is too large to send", ["peer": .integer(Int64(peer))])
            return false
        }
        connection.write(frame)
        return true
    }

    /// Sends `message` to every connected peer.
    func broadcast(_ message: PeerMessage) {
        let all = links.withLock { $0 }
        guard !all.isEmpty, let frame = try? Frame.encode(message.encoded(), maxPayloadSize: Self.maxFrameBytes) else { return }
        for connection in all.values { connection.write(frame) }
    }

    /// Peers with an open outbound link.
    var connectedPeers: [UInt64] { links.withLock { $0.keys.sorted() } }

    /// Inbound connections refused since start (wrong CA fails the handshake before counting).
    var refusedPeerCount: Int { refusedPeers.load(ordering: .relaxed) }

    // MARK: - Outbound

    private func dial(_ peer: UInt64, attempt: Int) {
        guard !stopped.load(ordering: .relaxed), let address = peers.withLock({ $0[peer] }) else { return }
        let delay: Duration = attempt == 0 ? .zero : .milliseconds(min(100 << min(attempt, 4), 1_000))
        Task { [self] in
            if delay > .zero { try? await Task.sleep(for: delay) }
            guard !stopped.load(ordering: .relaxed) else { return }
            let handler = OutboundPeerHandler { [self] connection in
                let removed = links.withLock { links -> Bool in
                    guard links[peer] === connection else { return false }
                    links[peer] = nil
                    return true
                }
                // A failed connect is retried by the dialler itself; only a link that was up redials here.
                if removed {
                    logger.info("peer link closed", ["peer": .integer(Int64(peer))])
                    dial(peer, attempt: 1)
                }
            }
            do {
                let connection = try await Connection.connect(host: address.host, port: address.port, tls: clientTLS,
                                                              serverName: NodeConfiguration.commonName(of: peer),
                                                              on: group.next(), timeout: .seconds(3), handler: handler)
                handler.connection = connection
                if stopped.load(ordering: .relaxed) {
                    connection.abort()
                    return
                }
                links.withLock { $0[peer] = connection }
                if handler.isClosed {
                    // It dropped before it was listed, so its close found nothing to redial.
                    let removed = links.withLock { $0[peer] === connection ? $0.removeValue(forKey: peer) != nil : false }
                    if removed { dial(peer, attempt: 1) }
                    return
                }
                logger.info("peer link up", ["peer": .integer(Int64(peer))])
            } catch {
                dial(peer, attempt: attempt + 1)
            }
        }
    }

    // MARK: - Inbound

    func accepted(_ connection: Connection, from peer: UInt64) {
        inbound.withLock { $0[ObjectIdentifier(connection)] = (connection, peer) }
    }

    func refused(_ connection: Connection, subject: String) {
        refusedPeers.add(1, ordering: .relaxed)
        logger.warning("refused a P2P connection: the certificate does not name a current member (a joining node is accepted once its membership transaction commits)",
                       ["subject": .string(subject), "remote": .string(connection.remoteAddress)])
    }

    func closed(_ connection: Connection) {
        _ = inbound.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    func received(_ payload: [UInt8], from peer: UInt64, on connection: Connection) {
        do {
            onMessage(peer, try PeerMessage(decoding: payload))
        } catch {
            logger.warning("dropped a malformed P2P message", ["peer": .integer(Int64(peer)), "error": .error(error)])
        }
    }
}

/// The sending side of a link: it reads nothing but must notice when the link drops.
private final class OutboundPeerHandler: ConnectionHandler, @unchecked Sendable {
    private let onClose: @Sendable (Connection) -> Void
    private let closed = Atomic<Bool>(false)
    var connection: Connection?

    var isClosed: Bool { closed.load(ordering: .acquiring) }

    init(onClose: @escaping @Sendable (Connection) -> Void) {
        self.onClose = onClose
    }

    func connectionDidBecomeActive(_ connection: Connection) {}
    func connection(_ connection: Connection, didReceive bytes: [UInt8]) {}
    func connectionDidClose(_ connection: Connection, error: NetError?) {
        closed.store(true, ordering: .releasing)
        onClose(connection)
    }
}

/// The receiving side of a link: checks who the peer is, then splits frames.
private final class InboundPeerHandler: ConnectionHandler {
    private let network: PeerNetwork
    private var peer: UInt64 = 0
    private var decoder = FrameDecoder(maxPayloadSize: PeerNetwork.maxFrameBytes)

    init(network: PeerNetwork) {
        self.network = network
    }

    func connectionDidBecomeActive(_ connection: Connection) {
        let name = connection.peerIdentity?.commonName ?? ""
        guard name.hasPrefix("node-"), let id = UInt64(name.dropFirst(5)), network.isPeer(id) else {
            network.refused(connection, subject: connection.peerIdentity?.subject ?? "none")
            connection.abort(NetError("net.forbidden", "the peer certificate does not name a member of this network"))
            return
        }
        peer = id
        network.accepted(connection, from: id)
    }

    func connection(_ connection: Connection, didReceive bytes: [UInt8]) {
        guard peer != 0 else { return }
        decoder.append(bytes)
        do {
            while let payload = try decoder.next() {
                network.received(payload, from: peer, on: connection)
            }
        } catch {
            connection.abort(error as? NetError)
        }
    }

    func connectionDidClose(_ connection: Connection, error: NetError?) {
        network.closed(connection)
    }
}
