import BaaSRaft
import BaaSSQLite
import Testing
@testable import BaaSLedger

struct RaftStorageTests {
    /// Everything a `RaftNode` can read from a storage.
    struct Observed: Equatable {
        var first: UInt64
        var last: UInt64
        var hardState: HardState
        var confState: ConfState
        var terms: [UInt64]
        var entries: [RaftEntry]
        var snapshot: RaftSnapshot
        var belowFirst: String
        var pastLast: String

        init(_ storage: any RaftLogStorage) throws {
            let first = try storage.firstIndex()
            let last = try storage.lastIndex()
            self.first = first
            self.last = last
            (hardState, confState) = try storage.initialState()
            terms = try (first - 1...last).map { try storage.term(at: $0) }
            entries = try storage.entries(from: first, to: last + 1, maxCount: 1_000)
            snapshot = try storage.snapshot()
            belowFirst = Self.code { _ = try storage.entries(from: first - 1, to: last + 1, maxCount: 10) }
            pastLast = Self.code { _ = try storage.term(at: last + 1) }
            if first > 1 {
                #expect(Self.code { _ = try storage.term(at: first - 2) } == "raft.compacted")
            }
            #expect(try storage.entries(from: first, to: last + 1, maxCount: 2).count == min(2, Int(last + 1 - first)))
        }

        static func code(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "none"
            } catch let error as RaftError {
                return error.code
            } catch {
                return "other"
            }
        }
    }

    static func entries(_ range: ClosedRange<UInt64>, term: UInt64) -> [RaftEntry] {
        range.map { RaftEntry(term: term, index: $0, data: Array("entry \($0) of term \(term)".utf8)) }
    }

    @Test func behavesLikeTheInMemoryStorageAndSurvivesReopening() throws {
        let network = try TestNetwork()
        let path = network.path("raft.db")
        let model = InMemoryRaftStorage(bootstrapVoters: [1, 2, 3])
        var durable = try LedgerRaftStorage(store: LedgerStore(path: path, genesis: network.genesis))
        try durable.bootstrap(voters: [3, 1, 2])
        func compare(_ step: String) throws {
            #expect(try Observed(durable) == Observed(model), "\(step)")
            durable = try LedgerRaftStorage(store: LedgerStore(path: path, genesis: network.genesis))
            #expect(try Observed(durable) == Observed(model), "\(step) after reopening")
        }
        try compare("bootstrap")

        try model.append(Self.entries(4...8, term: 2))
        model.setHardState(HardState(term: 2, vote: 1, commit: 5))
        try durable.persist(entries: Self.entries(4...8, term: 2), hardState: HardState(term: 2, vote: 1, commit: 5))
        try compare("append")

        try model.append(Self.entries(6...7, term: 3))
        try durable.persist(entries: Self.entries(6...7, term: 3))
        try compare("conflicting append truncates")

        let conf = ConfState(voters: [1, 2, 3], learners: [4])
        try model.createSnapshot(at: 5, confState: conf, data: [9, 9])
        try durable.createSnapshot(at: 5, confState: conf, data: [9, 9])
        try compare("snapshot taken")
        try model.compact(through: 4)
        try durable.compact(through: 4)
        try compare("compacted below the snapshot")
        try model.compact(through: 5)
        try durable.compact(through: 5)
        try compare("compacted to the snapshot")

        let received = RaftSnapshot(metadata: SnapshotMetadata(index: 10, term: 4, confState: ConfState(voters: [1, 2])), data: [1, 2, 3])
        try model.apply(snapshot: received)
        model.setHardState(HardState(term: 4, vote: 2, commit: 10))
        try durable.persist(snapshot: received, hardState: HardState(term: 4, vote: 2, commit: 10))
        try compare("snapshot received")

        try model.append(Self.entries(11...12, term: 4))
        try durable.persist(entries: Self.entries(11...12, term: 4))
        try compare("append after snapshot")

        let old = RaftSnapshot(metadata: SnapshotMetadata(index: 3, term: 1), data: [])
        #expect(Observed.code { try durable.persist(snapshot: old) } == "raft.snapshot_out_of_date")
        #expect(Observed.code { try durable.persist(entries: Self.entries(20...21, term: 4)) } == "raft.unavailable")
        try compare("refused writes change nothing")
    }

    @Test func recordedAppliedStateIsWhatARestartStartsFrom() throws {
        let network = try TestNetwork()
        let path = network.path("raft.db")
        do {
            let storage = try LedgerRaftStorage(store: LedgerStore(path: path, genesis: network.genesis))
            try storage.bootstrap(voters: [1])
            #expect(storage.appliedIndex == 0)
            try storage.recordApplied(index: 1, confState: ConfState(voters: [1]))
        }
        let reopened = try LedgerRaftStorage(store: LedgerStore(path: path, genesis: network.genesis))
        #expect(reopened.appliedIndex == 1)
        #expect(try reopened.initialState().confState == ConfState(voters: [1]))
        #expect(try reopened.initialState().hardState == HardState(term: 1, vote: 0, commit: 1))
    }

    /// Runs a single-node Raft over the ledger: blocks are proposed as entries and committed into
    /// the store when their entry commits, the way the node process will do it.
    final class SingleNodeChain {
        let ledger: TestNode
        let storage: LedgerRaftStorage
        let raft: RaftNode

        init(_ network: TestNetwork, path: String) throws {
            let store = try LedgerStore(path: path, genesis: network.genesis)
            ledger = TestNode(store: store, identities: network.identities)
            storage = try LedgerRaftStorage(store: store)
            try storage.bootstrap(voters: [1])
            raft = try RaftNode(config: RaftConfig(id: 1, applied: storage.appliedIndex), storage: storage,
                                random: SystemRandomNumberGenerator())
            try drain()
            raft.campaign()
            try drain()
        }

        func drain() throws {
            while let ready = raft.ready() {
                try storage.persist(snapshot: ready.snapshot, entries: ready.entries, hardState: ready.hardState)
                for entry in ready.committedEntries where entry.kind == .normal {
                    let block = try Block(decoding: entry.data)
                    // A block whose entry landed elsewhere than its proposer predicted is stale.
                    guard block.header.raftIndex == entry.index, block.header.height == ledger.store.head.height + 1 else { continue }
                    let receipts = try ledger.store.commit(block, validator: ledger.validator)
                    #expect(receipts.count == block.transactions.count)
                }
                raft.advance(ready)
                if let last = ready.committedEntries.last {
                    try storage.recordApplied(index: last.index, confState: raft.confState)
                }
            }
        }

        func proposeBlock() throws {
            let selected = ledger.pool.select(maxCount: 1_000, maxBytes: 1 << 20)
            let (block, _) = ledger.store.propose(selected, proposer: 1, timestampMilliseconds: 1_764_000_100_000,
                                                  raftTerm: raft.term, raftIndex: raft.lastIndex + 1)
            try raft.propose(block.encoded())
            try drain()
            ledger.pool.removeCommitted(selected)
        }
    }

    @Test func aSingleNodeChainCommitsBlocksThroughRaftAndResumesAfterRestart() throws {
        let network = try TestNetwork()
        let path = network.path("node.db")
        var root: [UInt8]
        do {
            let chain = try SingleNodeChain(network, path: path)
            #expect(chain.raft.role == .leader)
            for nonce in 0..<3 as Range<UInt64> {
                try chain.ledger.pool.admit(network.users[0].builder.transfer(to: network.users[1].address, amount: 5, nonce: nonce))
                try chain.proposeBlock()
            }
            #expect(chain.ledger.store.head.height == 3)
            root = chain.ledger.store.stateRoot
        }
        let restarted = try SingleNodeChain(network, path: path)
        #expect(restarted.raft.role == .leader)
        #expect(restarted.ledger.store.head.height == 3)
        #expect(restarted.ledger.store.stateRoot == root)
        try restarted.ledger.pool.admit(network.users[0].builder.transfer(to: network.users[1].address, amount: 5, nonce: 3))
        try restarted.proposeBlock()
        #expect(restarted.ledger.store.head.height == 4)
        #expect(restarted.ledger.store.account(network.users[1].address).balance == 1_000_020)
    }

    @Test func aLaggingNodeCatchesUpFromARaftSnapshotCarryingTheLedgerState() throws {
        let network = try TestNetwork()
        let leader = try SingleNodeChain(network, path: network.path("leader.db"))
        for nonce in 0..<3 as Range<UInt64> {
            try leader.ledger.pool.admit(network.users[0].builder.transfer(to: network.users[2].address, amount: 7, nonce: nonce))
            try leader.proposeBlock()
        }
        let applied = leader.storage.appliedIndex
        let snapshot = try leader.storage.createSnapshot(at: applied, confState: leader.raft.confState,
                                                         data: leader.ledger.store.exportSnapshot())
        try leader.storage.compact(through: applied)
        #expect(try leader.storage.firstIndex() == applied + 1)

        let laggingStore = try LedgerStore(path: network.path("lagging.db"), genesis: network.genesis)
        let lagging = try LedgerRaftStorage(store: laggingStore)
        try lagging.persist(snapshot: try leader.storage.snapshot(), hardState: HardState(term: snapshot.metadata.term, vote: 0,
                                                                                         commit: snapshot.metadata.index))
        try laggingStore.importSnapshot(try lagging.snapshot().data)
        try lagging.recordApplied(index: snapshot.metadata.index, confState: snapshot.metadata.confState)
        #expect(laggingStore.stateRoot == leader.ledger.store.stateRoot)
        #expect(laggingStore.head == leader.ledger.store.head)
        #expect(try lagging.firstIndex() == snapshot.metadata.index + 1)
        #expect(try lagging.initialState().confState == leader.raft.confState)
    }
}
