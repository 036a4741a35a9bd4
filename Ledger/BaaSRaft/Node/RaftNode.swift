/// One Raft participant as a pure state machine: no I/O, no clock, no threads.
///
/// Feed it `tick()`s, received messages (`step(_:)`) and requests (`propose(_:)`,
/// `proposeConfChange(_:)`, `transferLeadership(to:)`); then drain its output with `ready()`,
/// carry that out in the order `Ready` documents, and hand it back with `advance(_:)`.
/// Membership changes take effect on this node when their entry is applied, i.e. in `advance`.
///
/// A driver loop, in outline:
///
///     let node = try RaftNode(config: RaftConfig(id: 1), storage: storage, random: generator)
///     // every 100 ms: node.tick(); on each message from a peer: node.step(message)
///     while let ready = node.ready() {
///         persist(ready.snapshot, ready.entries, ready.hardState)   // durably, in this order
///         transport.send(ready.messages)
///         apply(ready.snapshot, ready.committedEntries)
///         node.advance(ready)
///     }
///
/// - Note: Single-threaded by contract: all calls must come from one thread (or one serial
///   executor). Between `ready()` and `advance(_:)` no other call may be made. The only randomness
///   (election timeouts) comes from the generator passed to `init`, so a seeded generator makes a
///   whole cluster replayable.
public final class RaftNode {
    /// This node's id.
    public let id: UInt64
    let config: RaftConfig
    var log: RaftLog
    private var random: any RandomNumberGenerator

    /// The current term.
    public internal(set) var term: UInt64 = 0
    /// The node voted for in `term`, 0 when none.
    public internal(set) var vote: UInt64 = 0
    /// The node's role.
    public internal(set) var role: RaftRole = .follower
    /// The leader this node knows of, 0 when none.
    public internal(set) var leader: UInt64 = 0
    /// The configuration as of the applied index.
    public internal(set) var confState = ConfState()

    var progress: [UInt64: Progress] = [:]
    var votes: [UInt64: Bool] = [:]
    var messages: [RaftMessage] = []
    var electionElapsed = 0
    var heartbeatElapsed = 0
    var randomizedElectionTimeout = 0
    /// The voter a leadership transfer is handing over to, 0 when none.
    public internal(set) var leadTransferee: UInt64 = 0
    /// A membership change is not proposed while an entry at or below this index is unapplied.
    var pendingConfIndex: UInt64 = 0

    private var previousHardState: HardState
    private var previousSoftState: SoftState

    /// Starts (or restarts) a node from what `storage` holds.
    ///
    /// A founding member's storage is `InMemoryRaftStorage(bootstrapVoters:)` or its durable
    /// equivalent; a node joining later starts from an empty storage and is brought up to date by
    /// the leader once a membership change adds it. Throws `raft.invalid_config` for a bad config
    /// or a hard state that does not fit the log, and whatever `storage` throws while loading.
    public init(config: RaftConfig, storage: any RaftLogStorage, random: some RandomNumberGenerator) throws {
        try config.validate()
        self.id = config.id
        self.config = config
        self.random = random
        log = try RaftLog(storage: storage)
        let (hardState, confState) = try storage.initialState()
        let snapshotIndex = try storage.snapshot().metadata.index
        let commit = max(hardState.commit, snapshotIndex)
        guard commit + 1 >= log.firstIndex, commit <= log.lastIndex else {
            throw RaftError.invalidConfig(
                "the stored commit index \(commit) is outside the log \(log.firstIndex)...\(log.lastIndex)")
        }
        log.restoreCommit(commit)
        let applied = config.applied > 0 ? config.applied : snapshotIndex
        guard applied <= log.committed else {
            throw RaftError.invalidConfig("applied \(applied) is past the commit index \(log.committed)")
        }
        log.restoreApplied(applied)
        term = hardState.term
        vote = hardState.vote
        previousHardState = hardState
        previousSoftState = SoftState(leader: 0, role: .follower)
        switchConfig(to: confState)
        becomeFollower(term: hardState.term, leader: 0)
    }

    /// The index of the last entry in the log.
    public var lastIndex: UInt64 { log.lastIndex }
    /// The highest index known committed.
    public var commitIndex: UInt64 { log.committed }
    /// The highest index handed to (and confirmed applied by) the application.
    public var appliedIndex: UInt64 { log.applied }
    /// The persisted part of the state.
    public var hardState: HardState { HardState(term: term, vote: vote, commit: log.committed) }
    /// Who leads and what this node is.
    public var softState: SoftState { SoftState(leader: leader, role: role) }

    /// Whether this node may campaign: it votes and is not waiting to persist a snapshot.
    var isPromotable: Bool { confState.isVoter(id) && log.unstable.snapshot == nil }

    func resetRandomizedElectionTimeout() {
        randomizedElectionTimeout = Int.random(in: config.electionTicks, using: &random)
    }

    var electionTimeout: Int { config.electionTicks.lowerBound }

    func send(to: UInt64, term: UInt64? = nil, _ kind: RaftMessage.Kind) {
        messages.append(RaftMessage(from: id, to: to, term: term ?? self.term, kind: kind))
    }

    // MARK: - Output

    /// Whether `ready()` would return something.
    public var hasReady: Bool {
        softState != previousSoftState || hardState != previousHardState || !log.unstable.entries.isEmpty
            || log.unstable.snapshot != nil || !messages.isEmpty || log.hasNextCommittedEntries
    }

    /// The work the application must now do, or nil when there is none. Messages are handed out
    /// once: call `advance(_:)` with the result before calling anything else.
    public func ready() -> Ready? {
        guard hasReady else { return nil }
        let soft = softState
        let hard = hardState
        let ready = Ready(
            softState: soft != previousSoftState ? soft : nil,
            hardState: hard != previousHardState ? hard : nil,
            entries: log.unstable.entries,
            snapshot: log.unstable.snapshot,
            committedEntries: log.nextCommittedEntries(maxCount: config.maxCommittedEntriesPerReady),
            messages: messages)
        messages = []
        return ready
    }

    /// Records that `ready` was carried out: its entries and snapshot are stable, its committed
    /// entries applied. Applies the membership changes among those entries, except those at the
    /// indices in `refused`: an application that carries data in a change's `context` refuses the
    /// change when it refused that data — and must decide the same on every node (etcd applies
    /// an empty change in that case).
    public func advance(_ ready: Ready, refusingConfChangesAt refused: Set<UInt64> = []) {
        if let soft = ready.softState { previousSoftState = soft }
        if let hard = ready.hardState { previousHardState = hard }
        if let snapshot = ready.snapshot {
            log.unstable.stableSnapshotTo(index: snapshot.metadata.index)
            log.appliedTo(snapshot.metadata.index)
        }
        if let last = ready.entries.last {
            log.unstable.stableTo(index: last.index, term: last.term)
        }
        for entry in ready.committedEntries {
            log.appliedTo(entry.index)
            if entry.kind == .confChange, !refused.contains(entry.index), let change = try? ConfChange(decoding: entry.data) {
                applyConfChange(change)
            }
        }
    }

    // MARK: - Inputs

    /// Advances logical time by one tick: followers count towards an election, leaders towards
    /// a heartbeat and a quorum check.
    public func tick() {
        if role == .leader {
            tickLeader()
        } else {
            tickElection()
        }
    }

    /// Proposes application data; returns where it will sit in the log if it commits.
    /// Throws `raft.not_leader` (with the leader hint) on a non-leader and
    /// `raft.transfer_in_progress` while leadership is being handed over.
    @discardableResult
    public func propose(_ data: [UInt8]) throws -> LogPosition {
        try checkCanPropose()
        return appendAndBroadcast(kind: .normal, data: data)
    }

    /// Proposes a membership change; only one may be pending (proposed and not yet applied).
    /// Throws `raft.not_leader`, `raft.transfer_in_progress`, `raft.conf_change_pending`, or
    /// `raft.invalid_conf_change` (adding a learner that is a voter, promoting a non-learner,
    /// demoting a non-voter, removing or demoting the last voter, node id 0).
    @discardableResult
    public func proposeConfChange(_ change: ConfChange) throws -> LogPosition {
        try checkCanPropose()
        guard pendingConfIndex <= log.applied else { throw RaftError.confChangePending }
        try validate(change)
        let position = appendAndBroadcast(kind: .confChange, data: change.encoded())
        pendingConfIndex = position.index
        return position
    }

    /// Starts handing leadership to `target`, a voter: once its log is current it is told to
    /// campaign at once. Proposals are refused until the transfer ends; it is abandoned after an
    /// election timeout. Throws `raft.not_leader` on a non-leader and `raft.invalid_conf_change`
    /// when `target` is not a voter.
    public func transferLeadership(to target: UInt64) throws {
        guard role == .leader else { throw RaftError.notLeader(leader) }
        guard target != id else { return }
        guard confState.isVoter(target), let pr = progress[target] else {
            throw RaftError.invalidConfChange("node \(target) is not a voter and cannot lead")
        }
        if leadTransferee == target { return }
        leadTransferee = target
        electionElapsed = 0
        if pr.match == log.lastIndex {
            send(to: target, .timeoutNow)
        } else {
            sendAppend(to: target)
        }
    }

    /// Starts an election now (a pre-vote round first when enabled), as if the election timeout
    /// had elapsed. Ignored on a leader, a learner, or while a membership change awaits applying.
    public func campaign() {
        hup(transfer: false)
    }

    /// Tells the leader whether the snapshot it sent to `nodeID` arrived; on failure the leader
    /// probes the follower again (and sends another snapshot if still needed).
    public func reportSnapshot(to nodeID: UInt64, success: Bool) {
        guard role == .leader, let pr = progress[nodeID], pr.state == .snapshot else { return }
        if !success { pr.forgetPendingSnapshot() }
        pr.becomeProbe()
        pr.probeSent = true
    }

    /// Tells the leader that a message to `nodeID` could not be delivered, so it stops streaming
    /// to it optimistically and probes instead.
    public func reportUnreachable(_ nodeID: UInt64) {
        guard role == .leader, let pr = progress[nodeID], pr.state == .replicate else { return }
        pr.becomeProbe()
    }

    private func checkCanPropose() throws {
        guard role == .leader, progress[id] != nil else { throw RaftError.notLeader(leader) }
        guard leadTransferee == 0 else { throw RaftError.transferInProgress(leadTransferee) }
    }

    private func appendAndBroadcast(kind: RaftEntry.Kind, data: [UInt8]) -> LogPosition {
        let index = log.lastIndex + 1
        appendEntries([RaftEntry(term: term, index: index, kind: kind, data: data)])
        broadcastAppend()
        return LogPosition(term: term, index: index)
    }
}
