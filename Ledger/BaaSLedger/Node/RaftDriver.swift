import BaaSCore
import BaaSRaft
import BaaSSQLite
import Dispatch
import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Drives the node's `RaftNode` on one serial queue: ticks, inbound Raft messages, block
/// proposals, and each `Ready` carried out in the order Raft requires — persist log and hard
/// state (one durable SQLite transaction), send messages, then apply committed blocks, advance
/// and record the applied index (a second durable transaction).
///
/// Blocks are Raft entries: the leader cuts one from the pool every block interval (or as soon as
/// a full block waits), only when everything in its log is applied, so a proposal always builds
/// on the head it will follow. A committed entry whose block is stale (its Raft index or height
/// does not fit) or invalid is skipped on every node alike; its transactions stay pooled.
/// Thread-safe: everything but `deliver` and `status` runs on the driver's queue.
final class RaftDriver: @unchecked Sendable {
    /// What the API shows of consensus.
    struct Status: Sendable {
        var leader: UInt64 = 0
        var term: UInt64 = 0
        var role = RaftRole.follower
        var commitIndex: UInt64 = 0
        var appliedIndex: UInt64 = 0
        var configuration = ConfState()
    }

    /// Applied entries between two snapshots of the state.
    private let snapshotEvery: UInt64

    let nodeID: UInt64
    let store: LedgerStore
    let pool: TransactionPool
    private let validator: BlockValidator
    private let storage: LedgerRaftStorage
    private let raft: RaftNode
    private let metrics: NodeMetrics
    private let waiters: CommitWaiters
    private let logger: Logger
    private let queue = DispatchQueue(label: "baas-ledger.raft")
    private let inbox = Mutex<(messages: [RaftMessage], scheduled: Bool)>(([], false))
    private let published = Mutex(Status())
    private let sender = Mutex<(@Sendable (RaftMessage) -> Bool)?>(nil)
    private let membersChanged = Mutex<(@Sendable ([Member]) -> Void)?>(nil)
    private var timer: DispatchSourceTimer?

    // Queue-confined state.
    private var lastTick: UInt64 = 0
    private var lastProposal: UInt64 = 0
    private var proposed: (index: UInt64, hash: [UInt8], changes: StateChanges)?
    /// The leader and term last logged: an election shows in the node's log.
    private var loggedLeader: (leader: UInt64, term: UInt64) = (0, 0)
    private var lastSnapshotIndex: UInt64 = 0
    private var previousSnapshotIndex: UInt64 = 0

    /// Opens Raft on `store`'s database; a node with an empty log bootstraps with the genesis
    /// members (validators vote, observers learn) — a node joining later too: it is not in that
    /// configuration and waits, never campaigning, until a membership block adds it.
    ///
    /// - Throws: `SQLiteError`, `RaftError` when the stored Raft state is unusable.
    init(nodeID: UInt64, store: LedgerStore, pool: TransactionPool, validator: BlockValidator, metrics: NodeMetrics,
         waiters: CommitWaiters, logger: Logger, snapshotEvery: UInt64 = 5_000) throws {
        self.nodeID = nodeID
        self.snapshotEvery = snapshotEvery
        self.store = store
        self.pool = pool
        self.validator = validator
        self.metrics = metrics
        self.waiters = waiters
        self.logger = logger
        storage = try LedgerRaftStorage(store: store)
        let genesis = Membership.confState(of: store.genesis.members)
        try storage.bootstrap(voters: genesis.voters, learners: genesis.learners)
        let parameters = store.parameters
        let election = Int(parameters.electionTicks)
        raft = try RaftNode(config: RaftConfig(id: nodeID, electionTicks: election..<(2 * election),
                                               heartbeatTicks: Int(parameters.heartbeatTicks), maxEntriesPerAppend: 4,
                                               maxInflight: 64, applied: storage.appliedIndex),
                            storage: storage, random: SystemRandomNumberGenerator())
        lastSnapshotIndex = try storage.snapshot().metadata.index
        previousSnapshotIndex = lastSnapshotIndex
    }

    /// Starts ticking; `send` delivers a message to its peer and says whether there was a link;
    /// `onMembersChanged` hears the members after each applied block that changed them (on the
    /// driver's queue; it must not block).
    func start(send: @escaping @Sendable (RaftMessage) -> Bool,
               onMembersChanged: (@Sendable ([Member]) -> Void)? = nil) {
        sender.withLock { $0 = send }
        membersChanged.withLock { $0 = onMembersChanged }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: .milliseconds(10), leeway: .milliseconds(2))
        timer.setEventHandler { [self] in onTimer() }
        queue.sync {
            lastTick = Self.now()
            self.timer = timer
            handleReadies()
        }
        timer.resume()
    }

    /// Stops the timer and waits for the queue to finish what it was doing.
    func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
        }
    }

    /// Hands a Raft message from a peer to the node (any thread).
    func deliver(_ message: RaftMessage) {
        let schedule = inbox.withLock { inbox -> Bool in
            inbox.messages.append(message)
            if inbox.scheduled { return false }
            inbox.scheduled = true
            return true
        }
        if schedule { queue.async { [self] in drainInbox() } }
    }

    /// Consensus as of the last `Ready` handled (any thread).
    var status: Status { published.withLock { $0 } }

    // MARK: - Queue

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    private func drainInbox() {
        let messages = inbox.withLock { inbox -> [RaftMessage] in
            inbox.scheduled = false
            defer { inbox.messages = [] }
            return inbox.messages
        }
        guard timer != nil else { return }
        for message in messages { raft.step(message) }
        handleReadies()
        maybePropose()
    }

    private func onTimer() {
        let parameters = store.parameters
        let now = Self.now()
        let tick = parameters.tickMilliseconds * 1_000_000
        if now - lastTick >= tick {
            lastTick = now
            raft.tick()
        }
        handleReadies()
        maybePropose()
    }

    private func maybePropose() {
        guard raft.role == .leader, raft.leadTransferee == 0, raft.appliedIndex == raft.lastIndex else { return }
        let pending = pool.count
        guard pending > 0 else { return }
        let parameters = store.parameters
        let now = Self.now()
        guard UInt64(pending) >= parameters.maxTransactionsPerBlock
            || now - lastProposal >= parameters.blockIntervalMilliseconds * 1_000_000 else { return }
        let selected = Membership.limitedToOneChange(
            pool.select(maxCount: Int(parameters.maxTransactionsPerBlock), maxBytes: Int(parameters.maxBlockBytes)))
        guard !selected.isEmpty else { return }
        let index = raft.lastIndex + 1
        let milliseconds = UInt64(Date().timeIntervalSince1970 * 1000)
        let (block, changes) = store.propose(selected, proposer: nodeID, timestampMilliseconds: milliseconds,
                                             raftTerm: raft.term, raftIndex: index)
        do {
            // A block whose membership transaction succeeded is a Raft membership entry.
            if var change = Membership.changes(from: store.members, to: changes.members).first {
                change.context = block.encoded()
                try raft.proposeConfChange(change)
            } else {
                try raft.propose(block.encoded())
            }
            proposed = (index, block.hash(store.genesis.hashAlgorithm), changes)
            lastProposal = now
            handleReadies()
        } catch let error as RaftError where error.code == "raft.invalid_conf_change" {
            // The ledger allowed a change Raft cannot make (say, it would remove the last voter):
            // drop the transaction, or it would block every later block.
            let dropped = selected.filter { Membership.changesMembers($0.transaction.payload) }
            pool.removeCommitted(dropped)
            logger.warning("dropped a membership transaction that consensus refuses",
                           ["error": .string(error.message), "transactions": .integer(Int64(dropped.count))])
        } catch {
            logger.debug("proposal refused", ["error": .error(error)])
        }
    }

    private func handleReadies() {
        while let ready = raft.ready() {
            let membersBefore = store.members
            do {
                try storage.persist(snapshot: ready.snapshot, entries: ready.entries, hardState: ready.hardState)
            } catch {
                fail("cannot persist the Raft log", error)
            }
            let send = sender.withLock { $0 }
            var unreachable: Set<UInt64> = []
            var snapshotReports: [(UInt64, Bool)] = []
            for message in ready.messages {
                let delivered = send?(message) ?? false
                if case .snapshot = message.kind { snapshotReports.append((message.to, delivered)) }
                if !delivered { unreachable.insert(message.to) }
            }
            if let snapshot = ready.snapshot, !snapshot.isEmpty {
                restore(snapshot)
            }
            applyCommitted(ready)
            // Blocks and snapshots both change the members; the links follow them.
            let membersAfter = store.members
            if membersAfter != membersBefore, let notify = membersChanged.withLock({ $0 }) { notify(membersAfter) }
            for id in unreachable { raft.reportUnreachable(id) }
            for (id, success) in snapshotReports { raft.reportSnapshot(to: id, success: success) }
            maybeSnapshot()
        }
        // Logged before it is published: whoever sees the new leader finds it in the log.
        if raft.leader != 0, raft.leader != loggedLeader.leader || raft.term != loggedLeader.term {
            loggedLeader = (raft.leader, raft.term)
            logger.info("leader elected", ["leader": .integer(Int64(raft.leader)), "term": .integer(Int64(raft.term)),
                                           "height": .integer(Int64(store.head.height))])
        }
        published.withLock {
            $0 = Status(leader: raft.leader, term: raft.term, role: raft.role, commitIndex: raft.commitIndex,
                        appliedIndex: raft.appliedIndex, configuration: raft.confState)
        }
    }

    private func restore(_ snapshot: RaftSnapshot) {
        do {
            try store.importSnapshot(snapshot.data)
            logger.info("state restored from a snapshot", ["index": .integer(Int64(snapshot.metadata.index)),
                                                           "height": .integer(Int64(store.head.height))])
        } catch let error as LedgerError {
            logger.warning("snapshot not imported", ["error": .string(error.message)])
        } catch {
            fail("cannot import a snapshot", error)
        }
        lastSnapshotIndex = snapshot.metadata.index
        previousSnapshotIndex = snapshot.metadata.index
    }

    /// Applies a `Ready`'s committed blocks, advances Raft and records the applied index in one
    /// SQLite transaction (each block a savepoint of it), so a whole batch of blocks costs one
    /// fsync instead of one per block plus one for the index. The pool and the waiters hear of
    /// the blocks only once that transaction is durable.
    ///
    /// A membership entry's change is applied (in `advance`) only when its block was applied and
    /// changed the members exactly so; every node decides alike, since all run the same blocks.
    private func applyCommitted(_ ready: Ready) {
        guard let last = ready.committedEntries.last else {
            raft.advance(ready)
            return
        }
        var committed: [(transactions: [VerifiedTransaction], header: BlockHeader)] = []
        var refused: Set<UInt64> = []
        do {
            try store.database.transaction { _ in
                for entry in ready.committedEntries {
                    switch entry.kind {
                    case .normal where !entry.data.isEmpty:
                        if let block = apply(entry.data, at: entry.index) { committed.append(block) }
                    case .confChange:
                        // Without a context it is a bootstrap entry and carries no block.
                        guard let change = try? ConfChange(decoding: entry.data), !change.context.isEmpty else { continue }
                        let before = store.members
                        if let block = apply(change.context, at: entry.index) { committed.append(block) }
                        let made = Membership.changes(from: before, to: store.members)
                        if made != [ConfChange(change.kind, change.nodeID)] {
                            refused.insert(entry.index)
                            logger.warning("refused a membership change whose block did not make it",
                                           ["index": .integer(Int64(entry.index)), "node": .integer(Int64(change.nodeID))])
                        } else {
                            logger.info("membership changed", ["change": .string("\(change.kind)"),
                                                               "node": .integer(Int64(change.nodeID)),
                                                               "index": .integer(Int64(entry.index))])
                        }
                    default:
                        continue
                    }
                }
                raft.advance(ready, refusingConfChangesAt: refused)
                try storage.recordApplied(index: last.index, confState: raft.confState)
            }
        } catch {
            fail("cannot store the committed blocks", error)
        }
        for (verified, header) in committed {
            pool.removeCommitted(verified)
            waiters.committed(verified.map(\.hash), height: header.height) { latencies in
                for latency in latencies { metrics.observeCommitLatency(latency) }
                metrics.committed(transactions: verified.count, blockTimestampMilliseconds: header.timestampMilliseconds)
            }
        }
    }

    /// Validates, executes and writes one committed block; nil when it is skipped or refused.
    /// Call inside `applyCommitted`'s transaction.
    private func apply(_ data: [UInt8], at index: UInt64) -> (transactions: [VerifiedTransaction], header: BlockHeader)? {
        let block: Block
        do {
            block = try Block(decoding: data)
        } catch {
            metrics.blockRejected()
            logger.warning("a committed entry is not a block; skipped", ["index": .integer(Int64(index))])
            return nil
        }
        let head = store.head
        guard block.header.height == head.height + 1 else { return nil }
        guard block.header.raftIndex == index else {
            logger.info("skipped a stale block proposal", ["index": .integer(Int64(index))])
            return nil
        }
        // Only this node's own proposal may skip execution: another leader's block at the same
        // index may hold other transactions over the same parent.
        let precomputed = proposed.flatMap { own in
            own.index == index && own.hash == block.hash(store.genesis.hashAlgorithm) ? own.changes : nil
        }
        proposed = nil
        do {
            let verified = try store.commitVerified(block, validator: validator, precomputed: precomputed).verified
            return (verified, block.header)
        } catch let error as LedgerError {
            metrics.blockRejected()
            logger.warning("refused a committed block", ["height": .integer(Int64(block.header.height)),
                                                         "error": .string(error.message)])
            return nil
        } catch {
            fail("cannot store block \(block.header.height)", error)
        }
    }

    private func maybeSnapshot() {
        let applied = raft.appliedIndex
        guard applied >= lastSnapshotIndex + snapshotEvery else { return }
        do {
            try storage.createSnapshot(at: applied, confState: raft.confState, data: store.exportSnapshot())
            if previousSnapshotIndex > 0, previousSnapshotIndex >= (try storage.firstIndex()) {
                try storage.compact(through: previousSnapshotIndex)
            }
            previousSnapshotIndex = applied
            lastSnapshotIndex = applied
        } catch {
            logger.warning("snapshot failed", ["error": .error(error)])
        }
    }

    /// The disk failed under consensus: a node that cannot persist must not go on voting.
    private func fail(_ what: String, _ error: any Error) -> Never {
        logger.critical("\(what); stopping the node", ["error": .error(error)])
        exit(70)
    }
}
