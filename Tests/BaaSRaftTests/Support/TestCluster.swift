import BaaSRaft

/// A small cluster on a perfect in-order network, for scripted scenarios: every message is
/// delivered unless its sender or receiver is isolated.
final class TestCluster {
    var nodes: [UInt64: RaftNode] = [:]
    var storages: [UInt64: InMemoryRaftStorage] = [:]
    var machines: [UInt64: KVStateMachine] = [:]
    var isolated: Set<UInt64> = []
    /// Membership changes whose context is this are refused by every node's application.
    var refusedContext: [UInt8]?
    var crashed: Set<UInt64> = []
    private var inFlight: [RaftMessage] = []
    private var random: SeededRandom
    let preVote: Bool
    let checkQuorum: Bool
    let maxAppendBytes: Int
    /// Messages for which this returns true are lost, as if the link failed.
    var drop: ((RaftMessage) -> Bool)?
    /// Every message delivered, in order.
    var delivered: [RaftMessage] = []
    /// Snapshot requests that reached followers, as the transport would report them.
    private(set) var snapshotsSent = 0

    let maxEntriesPerAppend: Int
    let maxInflight: Int

    init(voters: [UInt64], preVote: Bool = true, checkQuorum: Bool = true, maxAppendBytes: Int = 1 << 20,
         maxEntriesPerAppend: Int = 4, maxInflight: Int = 256, seed: UInt64 = 1) throws {
        self.maxInflight = maxInflight
        self.maxAppendBytes = maxAppendBytes
        self.maxEntriesPerAppend = maxEntriesPerAppend
        self.preVote = preVote
        self.checkQuorum = checkQuorum
        random = SeededRandom(seed: seed)
        for id in voters {
            storages[id] = InMemoryRaftStorage(bootstrapVoters: voters)
            try start(id)
        }
        settle()
    }

    private func start(_ id: UInt64) throws {
        let config = RaftConfig(id: id, electionTicks: 10..<20, heartbeatTicks: 2,
                                preVote: preVote, checkQuorum: checkQuorum, maxEntriesPerAppend: maxEntriesPerAppend,
                                maxAppendBytes: maxAppendBytes, maxInflight: maxInflight,
                                maxCommittedEntriesPerReady: 5)
        nodes[id] = try RaftNode(config: config, storage: storages[id]!, random: SeededRandom(seed: random.next()))
        machines[id] = KVStateMachine(snapshot: (try? storages[id]!.snapshot().data) ?? [])
    }

    /// Adds a node with an empty storage; it takes part once a membership change includes it.
    func addEmptyNode(_ id: UInt64) throws {
        storages[id] = InMemoryRaftStorage()
        try start(id)
    }

    func crash(_ id: UInt64) {
        crashed.insert(id)
        nodes[id] = nil
        machines[id] = nil
    }

    func restart(_ id: UInt64) throws {
        crashed.remove(id)
        try start(id)
    }

    func node(_ id: UInt64) -> RaftNode { nodes[id]! }

    var leaders: [UInt64] { nodes.values.filter { $0.role == .leader }.map(\.id).sorted() }

    /// Handles every node's `Ready` and delivers messages until the cluster is quiet.
    func settle(maxRounds: Int = 1000) {
        for _ in 0..<maxRounds {
            var worked = false
            for id in nodes.keys.sorted() {
                while let ready = nodes[id]?.ready() {
                    worked = true
                    handle(ready, at: id)
                }
            }
            let batch = inFlight
            inFlight = []
            for message in batch {
                worked = true
                guard !isolated.contains(message.from), !isolated.contains(message.to),
                      drop?(message) != true, let receiver = nodes[message.to] else {
                    if case .snapshot = message.kind { nodes[message.from]?.reportSnapshot(to: message.to, success: false) }
                    continue
                }
                delivered.append(message)
                receiver.step(message)
                if case .snapshot = message.kind {
                    snapshotsSent += 1
                    nodes[message.from]?.reportSnapshot(to: message.to, success: true)
                }
            }
            if !worked { return }
        }
    }

    private func handle(_ ready: Ready, at id: UInt64) {
        let storage = storages[id]!
        if let snapshot = ready.snapshot {
            try! storage.apply(snapshot: snapshot)
            machines[id] = KVStateMachine(snapshot: snapshot.data)
        }
        try! storage.append(ready.entries)
        if let hardState = ready.hardState { storage.setHardState(hardState) }
        inFlight += ready.messages
        for entry in ready.committedEntries { machines[id]!.apply(entry) }
        let refused = ready.committedEntries.filter { entry in
            entry.kind == .confChange && refusedContext != nil
                && (try? ConfChange(decoding: entry.data))?.context == refusedContext
        }.map(\.index)
        nodes[id]!.advance(ready, refusingConfChangesAt: Set(refused))
    }

    func tick(_ count: Int = 1) {
        for _ in 0..<count {
            for id in nodes.keys.sorted() { nodes[id]!.tick() }
            settle()
        }
    }

    /// Ticks until `condition` holds; false if it did not within `limit` ticks.
    @discardableResult
    func tick(until condition: () -> Bool, limit: Int = 500) -> Bool {
        for _ in 0..<limit {
            if condition() { return true }
            tick()
        }
        return condition()
    }

    /// Makes `id` the leader by having it campaign.
    func elect(_ id: UInt64) {
        node(id).campaign()
        settle()
    }

    @discardableResult
    func propose(_ key: UInt8, _ value: String, via id: UInt64) throws -> LogPosition {
        let position = try node(id).propose(KVStateMachine.command(key: key, value: Array(value.utf8)))
        settle()
        return position
    }

    /// Takes a snapshot of `id`'s applied state and compacts its log through it.
    func compact(_ id: UInt64) throws {
        let machine = machines[id]!
        let storage = storages[id]!
        try storage.createSnapshot(at: machine.appliedIndex, confState: node(id).confState,
                                   data: machine.snapshotData())
        try storage.compact(through: machine.appliedIndex)
    }

    func log(of id: UInt64) -> [RaftEntry] {
        let storage = storages[id]!
        let first = try! storage.firstIndex()
        let last = try! storage.lastIndex()
        return (try? storage.entries(from: first, to: last + 1, maxCount: .max)) ?? []
    }
}
