import BaaSCore
import BaaSCrypto
import BaaSNet
import Dispatch
import FoundationEssentials
import Synchronization

/// One ledger node: its store, pool and Raft driver, P2P links to its peers and the JSON API,
/// all from a `NodeConfiguration`.
///
/// `start` opens and binds everything (so the caller can report readiness), `run` serves until
/// its task is cancelled (a `ServiceGroup` does that on SIGTERM) and then stops cleanly. Every
/// write reaches disk before it is acknowledged: a block is final once its Raft entry commits,
/// and a restart resumes from exactly the stored head. Thread-safe.
public final class LedgerNode: Service, @unchecked Sendable {
    public let configuration: NodeConfiguration
    let store: LedgerStore
    let pool: TransactionPool
    let metrics = NodeMetrics()
    let waiters = CommitWaiters()
    private let driver: RaftDriver
    private let logger: Logger
    private let group: EventLoopGroup
    private let gossip = Mutex<(batch: [[UInt8]], scheduled: Bool)>(([], false))
    private let state = Mutex<(network: PeerNetwork?, server: HTTPServer?)>((nil, nil))
    private let wasMember = Atomic<Bool>(false)

    /// Opens the node's data (creating it on first start) from `configuration`.
    ///
    /// - Throws: `ledger.config`, `ledger.invalid_genesis`, `ledger.store`, `SQLiteError`,
    ///   `RaftError`, `CryptoError` — each naming what to fix.
    public init(configuration: NodeConfiguration, logger: Logger = Logger(label: "ledger.node")) throws {
        self.configuration = configuration
        self.logger = logger.with(["node": .integer(Int64(configuration.nodeId))])
        let genesis = try Genesis.load(path: configuration.genesis)
        guard configuration.join == true || genesis.members.contains(where: { $0.nodeID == configuration.nodeId }) else {
            throw LedgerError("ledger.config", "node \(configuration.nodeId) is not a member in the genesis; check nodeId, "
                                + "or set \"join\": true for a node that a membership transaction adds to a running network")
        }
        do {
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw LedgerError("ledger.config", "cannot create the data directory \(configuration.dataDirectory): \(error)")
        }
        store = try LedgerStore(path: configuration.dataDirectory + "/ledger.db", genesis: genesis)
        let verifier = TransactionVerifier(genesis: genesis, identities: try NetworkIdentities(genesis: genesis), view: store)
        pool = TransactionPool(verifier: verifier, view: store)
        driver = try RaftDriver(nodeID: configuration.nodeId, store: store, pool: pool,
                                validator: BlockValidator(verifier: verifier), metrics: metrics, waiters: waiters,
                                logger: self.logger, snapshotEvery: configuration.snapshotInterval ?? 5_000)
        group = try EventLoopGroup(loopCount: 2)
    }

    /// Binds the P2P and API listeners and starts consensus.
    ///
    /// - Throws: `ledger.config` when a TLS file cannot be read, the PKCS#11 error (module, token,
    ///   PIN, key) when the key is in a token, `CryptoError` when the TLS identity is unusable,
    ///   `NetError` `net.listen` when an address is taken.
    public func start() throws {
        let identity = try NodeIdentity(configuration: configuration)
        let serverTLS = ReloadableTLSContext(try identity.context(role: .server))
        let clientTLS = try identity.context(role: .client)
        let p2p = try NodeConfiguration.split(configuration.p2pListen, what: "p2pListen")
        let api = try NodeConfiguration.split(configuration.apiListen, what: "apiListen")
        let driver = self.driver
        let network = PeerNetwork(nodeID: configuration.nodeId, peers: try peers(members: store.members), listenHost: p2p.host,
                                  listenPort: p2p.port, serverTLS: serverTLS, clientTLS: clientTLS, group: group,
                                  logger: logger) { [weak self] peer, message in
            switch message {
            case .raft(let raft):
                guard raft.from == peer else { return }
                driver.deliver(raft)
            case .transactions(let transactions):
                self?.admitGossip(transactions)
            }
        }
        let log = logger
        let server = HTTPServer(configuration: .init(host: api.host, port: api.port, tls: serverTLS,
                                                     log: { log.warning("api", ["detail": .string($0)]) }),
                                router: NodeAPI(node: self).router(), group: group)
        try network.start()
        do {
            try server.start()
        } catch {
            network.stop()
            throw error
        }
        state.withLock { $0 = (network, server) }
        driver.start(send: { message in network.send(.raft(message), to: message.to) },
                     onMembersChanged: { [weak self] members in
                         guard let self else { return }
                         let wasMember = self.wasMember.load(ordering: .relaxed)
                         guard let peers = try? self.peers(members: members) else { return }
                         if wasMember && !members.contains(where: { $0.nodeID == self.configuration.nodeId }) {
                             self.logger.warning("this node was removed from the network: it no longer takes part; stop it and delete its data")
                         }
                         network.updatePeers(peers)
                     })
        logger.info("node started", ["p2p": .string(configuration.p2pListen), "api": .string(configuration.apiListen),
                                     "height": .integer(Int64(store.head.height)),
                                     "key": .string(identity.isInToken ? "pkcs11" : "file")])
    }

    /// Whom to link with, given the members in force: every other member, at the address its
    /// membership carries (else the configured one). A node that is not (yet) a member — one
    /// joining, catching up from genesis — also links with every configured peer, since the
    /// members it knows may be stale; a member removed from the network links with none.
    func peers(members: [Member]) throws -> [UInt64: (host: String, port: UInt16)] {
        let configured = try configuration.peerAddresses()
        let me = configuration.nodeId
        let isMember = members.contains { $0.nodeID == me }
        var result: [UInt64: (host: String, port: UInt16)] = [:]
        for member in members where member.nodeID != me {
            if !member.p2pAddress.isEmpty, let address = try? NodeConfiguration.split(member.p2pAddress, what: "member") {
                result[member.nodeID] = address
            } else if let address = configured[member.nodeID] {
                result[member.nodeID] = address
            }
        }
        if !isMember {
            guard !wasMember.load(ordering: .relaxed) else { return [:] }
            for (id, address) in configured where result[id] == nil { result[id] = address }
        } else {
            wasMember.store(true, ordering: .relaxed)
        }
        return result
    }

    /// Serves until cancelled, then stops.
    public func run() async throws {
        if state.withLock({ $0.server == nil }) { try start() }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
        stop()
    }

    /// Closes the listeners and links and stops consensus; the data stays consistent on disk.
    public func stop() {
        let (network, server) = state.withLock { state in defer { state = (nil, nil) }; return state }
        server?.stop()
        network?.stop()
        driver.stop()
        logger.info("node stopped", ["height": .integer(Int64(store.head.height))])
    }

    /// The bound API port (0 before `start`).
    public var apiPort: UInt16 { state.withLock { $0.server?.port ?? 0 } }

    /// The bound P2P port (0 before `start`).
    public var p2pPort: UInt16 { state.withLock { $0.network?.port ?? 0 } }

    // MARK: - Transactions

    /// Admits signed transactions submitted by a client (nil: one that could not be decoded)
    /// and gossips those admitted to the peers, each with its own result; with `wait`, answers
    /// once those admitted have committed here (`committed`) or the timeout passed (`pending`).
    func submit(_ transactions: [[UInt8]?], wait: Duration?) async -> [NodeAPIModels.SubmitResult] {
        let algorithm = store.genesis.hashAlgorithm
        let hashes = transactions.map { $0.map { Digest.hash($0, algorithm: algorithm) } ?? [] }
        // Registered before admission, so a commit at any later moment is seen.
        let ticket = wait.map { _ in waiters.register(hashes) }
        let decodable = transactions.compactMap { $0.flatMap { $0.isEmpty ? nil : $0 } }
        var outcomes = pool.admit(batch: decodable).makeIterator()
        var results: [NodeAPIModels.SubmitResult] = []
        results.reserveCapacity(transactions.count)
        var admitted: [[UInt8]] = []
        admitted.reserveCapacity(decodable.count)
        var admittedHashes: [[UInt8]] = []
        for (bytes, hash) in zip(transactions, hashes) {
            guard let bytes, !bytes.isEmpty, let outcome = outcomes.next() else {
                metrics.transactionRejected()
                results.append(.init(hash: "", status: "rejected", code: "ledger.malformed",
                                     message: "the transaction is empty or not hex; send its signed encoding"))
                continue
            }
            switch outcome {
            case .success(let tx):
                admittedHashes.append(tx.hash)
                admitted.append(bytes)
                results.append(.init(hash: Hex.encode(tx.hash), status: "pending"))
            case .failure(let error):
                results.append(rejection(error, hash: hash))
            }
        }
        waiters.admitted(admittedHashes)
        enqueueGossip(admitted)
        guard let wait, let ticket else { return results }
        let pending = results.indices.filter { results[$0].status == "pending" }
        let heights = await waiters.wait(ticket, for: pending, timeout: wait)
        for index in pending where index < heights.count {
            if let height = heights[index] { results[index] = .init(hash: results[index].hash, status: "committed", height: height) }
        }
        return results
    }

    /// The answer for a transaction the pool refused: already committed or pending is no refusal.
    private func rejection(_ error: LedgerError, hash: [UInt8]) -> NodeAPIModels.SubmitResult {
        if let (height, _, _) = try? store.receipt(transaction: hash) {
            return .init(hash: Hex.encode(hash), status: "committed", height: height)
        }
        if error.code == "ledger.duplicate", pool.contains(hash) {
            return .init(hash: Hex.encode(hash), status: "pending")
        }
        metrics.transactionRejected()
        return .init(hash: Hex.encode(hash), status: "rejected", code: error.code, message: error.message)
    }

    private func enqueueGossip(_ transactions: [[UInt8]]) {
        guard !transactions.isEmpty else { return }
        let schedule = gossip.withLock { gossip -> Bool in
            gossip.batch.append(contentsOf: transactions)
            if gossip.scheduled { return false }
            gossip.scheduled = true
            return true
        }
        guard schedule else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(5)) { [self] in
            let batch = gossip.withLock { gossip -> [[UInt8]] in
                gossip.scheduled = false
                defer { gossip.batch = [] }
                return gossip.batch
            }
            guard !batch.isEmpty, let network = state.withLock({ $0.network }) else { return }
            network.broadcast(.transactions(batch))
        }
    }

    private func admitGossip(_ transactions: [[UInt8]]) {
        DispatchQueue.global().async { [pool] in
            _ = pool.admit(batch: transactions)
        }
    }

    // MARK: - Views

    func statusModel() -> NodeAPIModels.Status {
        let raft = driver.status
        let head = store.head
        let role: String = switch raft.role {
        case .leader: "leader"
        case .candidate, .preCandidate: "candidate"
        case .follower: raft.configuration.isLearner(configuration.nodeId) ? "observer"
            : raft.configuration.contains(configuration.nodeId) ? "follower" : "not_a_member"
        }
        return NodeAPIModels.Status(
            nodeId: configuration.nodeId, chainId: store.genesis.chainID, height: head.height,
            headHash: Hex.encode(head.hash(store.genesis.hashAlgorithm)), leader: raft.leader, term: raft.term, role: role,
            commitIndex: raft.commitIndex, peers: state.withLock { $0.network?.connectedPeers ?? [] }, poolSize: pool.count,
            voters: raft.configuration.voters, learners: raft.configuration.learners)
    }

    func metricsText() -> String {
        let raft = driver.status
        let (peers, clients) = state.withLock { ($0.network?.connectedPeers.count ?? 0, $0.server?.connectionCount ?? 0) }
        return metrics.render(height: store.head.height, poolSize: pool.count, peers: peers, clients: clients,
                              isLeader: raft.role == .leader, term: raft.term, signatureChecks: pool.verifier.signatureChecks)
    }
}
