import Testing
import BaaSRaft

@Suite struct InMemoryRaftStorageTests {
    private func entries(_ range: ClosedRange<UInt64>, term: UInt64) -> [RaftEntry] {
        range.map { RaftEntry(term: term, index: $0, data: [UInt8(truncatingIfNeeded: $0)]) }
    }

    @Test func bootstrapHoldsOneCommittedAddVoterPerMember() throws {
        let storage = InMemoryRaftStorage(bootstrapVoters: [3, 1, 2])
        #expect(try storage.firstIndex() == 1)
        #expect(try storage.lastIndex() == 3)
        let log = try storage.entries(from: 1, to: 4, maxCount: 10)
        #expect(try log.map { try ConfChange(decoding: $0.data) } == [ConfChange(.addVoter, 1), ConfChange(.addVoter, 2), ConfChange(.addVoter, 3)])
        #expect(try storage.initialState().hardState == HardState(term: 1, vote: 0, commit: 3))
    }

    @Test func appendReplacesAConflictingTail() throws {
        let storage = InMemoryRaftStorage()
        try storage.append(entries(1...5, term: 1))
        try storage.append(entries(4...6, term: 2))
        #expect(try storage.lastIndex() == 6)
        #expect(try storage.term(at: 3) == 1)
        #expect(try storage.term(at: 4) == 2)
        #expect(throws: RaftError.unavailable) { try storage.append(self.entries(9...9, term: 2)) }
    }

    @Test func readsOutsideTheLogThrowCompactedOrUnavailable() throws {
        let storage = InMemoryRaftStorage()
        try storage.append(entries(1...10, term: 1))
        try storage.createSnapshot(at: 6, confState: ConfState(voters: [1]), data: [42])
        try storage.compact(through: 4)
        #expect(try storage.firstIndex() == 5)
        #expect(try storage.term(at: 4) == 1)
        #expect(throws: RaftError.compacted) { try storage.term(at: 3) }
        #expect(throws: RaftError.compacted) { try storage.entries(from: 4, to: 6, maxCount: 10) }
        #expect(throws: RaftError.unavailable) { try storage.entries(from: 5, to: 12, maxCount: 10) }
        #expect(try storage.entries(from: 5, to: 11, maxCount: 2).map(\.index) == [5, 6])
        // Compaction stops at the snapshot: entries past it are still needed.
        #expect(throws: RaftError.self) { try storage.compact(through: 7) }
        #expect(throws: RaftError.snapshotOutOfDate) {
            try storage.createSnapshot(at: 5, confState: ConfState(voters: [1]), data: [])
        }
    }

    @Test func applyingASnapshotReplacesTheLog() throws {
        let storage = InMemoryRaftStorage()
        try storage.append(entries(1...3, term: 1))
        let snapshot = RaftSnapshot(metadata: SnapshotMetadata(index: 20, term: 4, confState: ConfState(voters: [1, 2])),
                                    data: [7])
        try storage.apply(snapshot: snapshot)
        #expect(try storage.firstIndex() == 21)
        #expect(try storage.lastIndex() == 20)
        #expect(try storage.term(at: 20) == 4)
        #expect(try storage.initialState().confState == ConfState(voters: [1, 2]))
        #expect(try storage.snapshot() == snapshot)
        // Entries the snapshot covers are skipped, the rest appended.
        try storage.append(entries(19...22, term: 4))
        #expect(try storage.lastIndex() == 22)
        #expect(throws: RaftError.snapshotOutOfDate) {
            try storage.apply(snapshot: RaftSnapshot(metadata: SnapshotMetadata(index: 10, term: 3)))
        }
    }
}
