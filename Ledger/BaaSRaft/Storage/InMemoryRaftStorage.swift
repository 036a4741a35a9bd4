/// A `RaftLogStorage` held in memory: for tests, the deterministic simulator, and as the model a
/// durable implementation must behave like.
///
/// - Note: Not thread-safe; use it from the node's thread only. "Persisting" a `Ready` is calling
///   `apply(snapshot:)`, `append(_:)` and `setHardState(_:)` in that order.
public final class InMemoryRaftStorage: RaftLogStorage {
    private var hardState = HardState()
    private var latestSnapshot = RaftSnapshot()
    /// `log[0]` is a placeholder at the snapshot's (index, term); real entries follow it.
    private var log: [RaftEntry] = [RaftEntry(term: 0, index: 0, kind: .empty)]

    /// An empty storage: a node that joins an existing cluster starts from it.
    public init() {}

    /// A storage for one of the founding members of a cluster: its log starts with one committed
    /// `addVoter` entry per voter (term 1), identical on every founding member.
    public convenience init(bootstrapVoters voters: [UInt64]) {
        self.init()
        let entries = voters.sorted().enumerated().map { offset, id in
            RaftEntry(term: 1, index: UInt64(offset + 1), kind: .confChange,
                      data: ConfChange(.addVoter, id).encoded())
        }
        try? append(entries)
        setHardState(HardState(term: 1, vote: 0, commit: UInt64(entries.count)))
    }

    /// The stored hard state and the latest snapshot's configuration.
    public func initialState() throws -> (hardState: HardState, confState: ConfState) {
        (hardState, latestSnapshot.metadata.confState)
    }

    /// Entries `lo..<hi`, at most `maxCount`; see `RaftLogStorage`.
    public func entries(from lo: UInt64, to hi: UInt64, maxCount: Int) throws -> [RaftEntry] {
        let offset = log[0].index
        guard lo > offset else { throw RaftError.compacted }
        guard hi <= lastIndexValue + 1 else { throw RaftError.unavailable }
        guard lo < hi else { return [] }
        let upper = hi - lo > UInt64(max(maxCount, 1)) ? lo + UInt64(max(maxCount, 1)) : hi
        return Array(log[Int(lo - offset)..<Int(upper - offset)])
    }

    /// The term at `index`; see `RaftLogStorage`.
    public func term(at index: UInt64) throws -> UInt64 {
        let offset = log[0].index
        guard index >= offset else { throw RaftError.compacted }
        guard index <= lastIndexValue else { throw RaftError.unavailable }
        return log[Int(index - offset)].term
    }

    /// The first index after the compacted prefix.
    public func firstIndex() throws -> UInt64 { log[0].index + 1 }

    /// The last stored index.
    public func lastIndex() throws -> UInt64 { lastIndexValue }

    /// The latest snapshot (empty until one is created or applied).
    public func snapshot() throws -> RaftSnapshot { latestSnapshot }

    private var lastIndexValue: UInt64 { log[0].index + UInt64(log.count - 1) }

    /// The stored hard state.
    public var storedHardState: HardState { hardState }

    /// Persists a `Ready`'s hard state.
    public func setHardState(_ state: HardState) { hardState = state }

    /// Persists a `Ready`'s entries: entries at or past the first new index are replaced; entries
    /// already compacted are skipped. Throws `raft.unavailable` if the entries would leave a gap.
    public func append(_ entries: [RaftEntry]) throws {
        guard let first = entries.first else { return }
        let offset = log[0].index
        let lastNew = first.index + UInt64(entries.count) - 1
        guard lastNew > offset else { return }
        guard first.index <= lastIndexValue + 1 else { throw RaftError.unavailable }
        let fresh = first.index > offset ? entries[...] : entries[Int(offset + 1 - first.index)...]
        log.removeSubrange(Int(fresh.first!.index - offset)...)
        log.append(contentsOf: fresh)
    }

    /// Persists a `Ready`'s snapshot, replacing the whole log. Throws `raft.snapshot_out_of_date`
    /// if the storage already holds a newer snapshot.
    public func apply(snapshot: RaftSnapshot) throws {
        guard snapshot.metadata.index >= latestSnapshot.metadata.index else { throw RaftError.snapshotOutOfDate }
        latestSnapshot = snapshot
        log = [RaftEntry(term: snapshot.metadata.term, index: snapshot.metadata.index, kind: .empty)]
    }

    /// Records a snapshot the application took of its state at `index` (an applied index), to
    /// serve lagging followers; call `compact(through:)` afterwards to drop the entries it covers.
    @discardableResult
    public func createSnapshot(at index: UInt64, confState: ConfState, data: [UInt8]) throws -> RaftSnapshot {
        guard index > latestSnapshot.metadata.index else { throw RaftError.snapshotOutOfDate }
        guard index <= lastIndexValue else { throw RaftError.unavailable }
        let snapshot = RaftSnapshot(
            metadata: SnapshotMetadata(index: index, term: try term(at: index), confState: confState),
            data: data)
        latestSnapshot = snapshot
        return snapshot
    }

    /// Drops the entries up to and including `index`, which must be covered by a snapshot.
    public func compact(through index: UInt64) throws {
        let offset = log[0].index
        guard index > offset else { throw RaftError.compacted }
        guard index <= lastIndexValue, index <= latestSnapshot.metadata.index else { throw RaftError.unavailable }
        log.removeSubrange(0..<Int(index - offset))
        log[0] = RaftEntry(term: log[0].term, index: log[0].index, kind: .empty)
    }
}
