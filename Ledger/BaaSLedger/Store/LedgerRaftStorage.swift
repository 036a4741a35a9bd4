import BaaSRaft
import BaaSSQLite

/// BaaSRaft's log storage on the ledger's SQLite file: log entries, the hard state and the latest
/// snapshot, each write durable (`synchronous=FULL`) before it returns.
///
/// Persist a `Ready` with `persist(snapshot:entries:hardState:)`, which writes all three in one
/// SQLite transaction. Bounds and the snapshot's metadata are cached in memory; entries are read
/// from disk.
///
/// - Note: Used from the Raft node's thread only, like every `RaftLogStorage`.
public final class LedgerRaftStorage: RaftLogStorage {
    private let database: SQLiteDatabase
    private var hardState: HardState
    private var snapshotMetadata: SnapshotMetadata
    /// The position just before the first entry still in the log (what was compacted away).
    private var offsetIndex: UInt64
    private var offsetTerm: UInt64
    /// The index of the last entry (`offsetIndex` when the log is empty).
    private var last: UInt64
    /// What the application recorded with `recordApplied`.
    private var applied: (index: UInt64, confState: ConfState)?

    /// Opens the Raft storage kept in `store`'s database.
    ///
    /// - Throws: `SQLiteError`, or `RaftError` (`raft.malformed`) when stored state cannot be read.
    public convenience init(store: LedgerStore) throws {
        try self.init(database: store.database)
    }

    init(database: SQLiteDatabase) throws {
        self.database = database
        hardState = try database.queryFirst("SELECT value FROM raft_state WHERE name = 'hard_state'")
            .map { try HardState(decoding: $0.blob("value")) } ?? HardState()
        snapshotMetadata = try database.queryFirst("SELECT value FROM raft_state WHERE name = 'snapshot_meta'")
            .map { try SnapshotMetadata(decoding: $0.blob("value")) } ?? SnapshotMetadata()
        if let offset = try database.queryFirst("SELECT value FROM raft_state WHERE name = 'log_offset'") {
            var r = BinaryReader(try offset.blob("value"))
            offsetIndex = try r.varint()
            offsetTerm = try r.varint()
        } else {
            offsetIndex = 0
            offsetTerm = 0
        }
        if let row = try database.queryFirst("SELECT value FROM raft_state WHERE name = 'applied'") {
            var r = BinaryReader(try row.blob("value"))
            let index = try r.varint()
            applied = (index, try ConfState(decoding: r.byteString()))
        }
        let maxIndex = try database.queryFirst("SELECT max(idx) AS m FROM raft_log")?.get("m", as: Int64?.self)
        last = max(maxIndex.map { UInt64($0) } ?? 0, offsetIndex)
    }

    /// Writes, for a node whose log is empty, one committed `addVoter` entry per voter and then
    /// one `addLearner` entry per learner (term 1) — the same on every node of the network, so a
    /// node joining later starts with the genesis configuration and the leader's log matches its
    /// own. Does nothing when the log is not empty.
    public func bootstrap(voters: [UInt64], learners: [UInt64] = []) throws {
        guard last == 0, offsetIndex == 0 else { return }
        let changes = voters.sorted().map { ConfChange(.addVoter, $0) } + learners.sorted().map { ConfChange(.addLearner, $0) }
        let entries = changes.enumerated().map { offset, change in
            RaftEntry(term: 1, index: UInt64(offset + 1), kind: .confChange, data: change.encoded())
        }
        try persist(entries: entries, hardState: HardState(term: 1, vote: 0, commit: UInt64(entries.count)))
    }

    // MARK: - RaftLogStorage

    /// The configuration is the one recorded with `recordApplied` when that is not older than the
    /// latest snapshot; start the node with `RaftConfig.applied` = `appliedIndex` to match.
    public func initialState() throws -> (hardState: HardState, confState: ConfState) {
        if let applied, applied.index >= snapshotMetadata.index { return (hardState, applied.confState) }
        return (hardState, snapshotMetadata.confState)
    }

    /// The index recorded by `recordApplied` (0 when none, or when a newer snapshot replaced it):
    /// the `RaftConfig.applied` to restart the node with.
    public var appliedIndex: UInt64 {
        guard let applied, applied.index >= snapshotMetadata.index else { return 0 }
        return applied.index
    }

    /// Records that the application has applied every committed entry through `index`, and the
    /// configuration in force there (`RaftNode.confState`). Call after applying each `Ready`'s
    /// committed entries; an entry applied again after a crash must be harmless (blocks are
    /// skipped by their Raft index, membership changes are idempotent).
    public func recordApplied(index: UInt64, confState: ConfState) throws {
        var w = BinaryWriter()
        w.varint(index)
        w.byteString(confState.encoded())
        try database.run("INSERT OR REPLACE INTO raft_state (name, value) VALUES ('applied', ?)", [.blob(w.bytes)])
        applied = (index, confState)
    }

    public func entries(from lo: UInt64, to hi: UInt64, maxCount: Int) throws -> [RaftEntry] {
        guard lo > offsetIndex else { throw Self.compacted }
        guard hi <= last + 1 else { throw Self.unavailable }
        guard lo < hi else { return [] }
        let limit = min(hi - lo, UInt64(max(maxCount, 1)))
        let rows = try database.query("SELECT entry FROM raft_log WHERE idx >= ? AND idx < ? ORDER BY idx",
                                      [.integer(Int64(lo)), .integer(Int64(lo + limit))])
        let entries = try rows.map { try RaftEntry(decoding: $0.blob("entry")) }
        guard entries.count == Int(limit) else { throw Self.unavailable }
        return entries
    }

    public func term(at index: UInt64) throws -> UInt64 {
        guard index >= offsetIndex else { throw Self.compacted }
        guard index <= last else { throw Self.unavailable }
        if index == offsetIndex { return offsetTerm }
        guard let row = try database.queryFirst("SELECT term FROM raft_log WHERE idx = ?", [.integer(Int64(index))]) else {
            throw Self.unavailable
        }
        return UInt64(try row.int64("term"))
    }

    public func firstIndex() throws -> UInt64 { offsetIndex + 1 }

    public func lastIndex() throws -> UInt64 { last }

    public func snapshot() throws -> RaftSnapshot {
        guard snapshotMetadata.index > 0 else { return RaftSnapshot() }
        let data = try database.queryFirst("SELECT value FROM raft_state WHERE name = 'snapshot_data'")?.blob("value") ?? []
        return RaftSnapshot(metadata: snapshotMetadata, data: data)
    }

    // MARK: - Writes

    /// The stored hard state.
    public var storedHardState: HardState { hardState }

    /// Persists a `Ready` in one SQLite transaction: the snapshot (replacing the whole log), then
    /// the entries (replacing any at or past the first new index), then the hard state.
    ///
    /// - Throws: `raft.snapshot_out_of_date` for a snapshot older than the stored one,
    ///   `raft.unavailable` for entries that would leave a gap, `SQLiteError` when the disk fails
    ///   (nothing is written then).
    public func persist(snapshot: RaftSnapshot? = nil, entries: [RaftEntry] = [], hardState newHardState: HardState? = nil) throws {
        var metadata = snapshotMetadata
        var offset = (offsetIndex, offsetTerm)
        var newLast = last
        try database.transaction { db in
            if let snapshot, !snapshot.isEmpty {
                guard snapshot.metadata.index >= metadata.index else { throw Self.snapshotOutOfDate }
                try db.run("DELETE FROM raft_log")
                try Self.writeSnapshot(snapshot, db)
                metadata = snapshot.metadata
                offset = (snapshot.metadata.index, snapshot.metadata.term)
                try Self.writeOffset(offset, db)
                newLast = snapshot.metadata.index
            }
            if let first = entries.first {
                let lastNew = first.index + UInt64(entries.count) - 1
                if lastNew > offset.0 {
                    guard first.index <= newLast + 1 else { throw Self.unavailable }
                    let fresh = entries.filter { $0.index > offset.0 }
                    try db.run("DELETE FROM raft_log WHERE idx >= ?", [.integer(Int64(fresh[0].index))])
                    for entry in fresh {
                        try db.run("INSERT INTO raft_log (idx, term, entry) VALUES (?, ?, ?)",
                                   [.integer(Int64(entry.index)), .integer(Int64(entry.term)), .blob(entry.encoded())])
                    }
                    newLast = lastNew
                }
            }
            if let newHardState {
                try db.run("INSERT OR REPLACE INTO raft_state (name, value) VALUES ('hard_state', ?)",
                           [.blob(newHardState.encoded())])
            }
        }
        snapshotMetadata = metadata
        (offsetIndex, offsetTerm) = offset
        last = newLast
        if let newHardState { hardState = newHardState }
    }

    /// Records a snapshot the application took of its state at the applied `index`, to serve
    /// lagging followers; call `compact(through:)` afterwards to drop the entries it covers.
    @discardableResult
    public func createSnapshot(at index: UInt64, confState: ConfState, data: [UInt8]) throws -> RaftSnapshot {
        guard index > snapshotMetadata.index else { throw Self.snapshotOutOfDate }
        guard index <= last else { throw Self.unavailable }
        let snapshot = RaftSnapshot(metadata: SnapshotMetadata(index: index, term: try term(at: index), confState: confState),
                                    data: data)
        try database.transaction { db in try Self.writeSnapshot(snapshot, db) }
        snapshotMetadata = snapshot.metadata
        return snapshot
    }

    /// Drops the entries up to and including `index`, which the latest snapshot must cover.
    public func compact(through index: UInt64) throws {
        guard index > offsetIndex else { throw Self.compacted }
        guard index <= last, index <= snapshotMetadata.index else { throw Self.unavailable }
        let offset = (index, try term(at: index))
        try database.transaction { db in
            try db.run("DELETE FROM raft_log WHERE idx <= ?", [.integer(Int64(index))])
            try Self.writeOffset(offset, db)
        }
        (offsetIndex, offsetTerm) = offset
    }

    private static func writeOffset(_ offset: (UInt64, UInt64), _ db: SQLiteDatabase) throws {
        var w = BinaryWriter()
        w.varint(offset.0)
        w.varint(offset.1)
        try db.run("INSERT OR REPLACE INTO raft_state (name, value) VALUES ('log_offset', ?)", [.blob(w.bytes)])
    }

    private static func writeSnapshot(_ snapshot: RaftSnapshot, _ db: SQLiteDatabase) throws {
        try db.run("INSERT OR REPLACE INTO raft_state (name, value) VALUES ('snapshot_meta', ?)",
                   [.blob(snapshot.metadata.encoded())])
        try db.run("INSERT OR REPLACE INTO raft_state (name, value) VALUES ('snapshot_data', ?)", [.blob(snapshot.data)])
    }

    private static let compacted = RaftError("raft.compacted", "the requested log entries were compacted into a snapshot")
    private static let unavailable = RaftError("raft.unavailable", "the requested log entries are not in the log")
    private static let snapshotOutOfDate = RaftError("raft.snapshot_out_of_date",
                                                     "the snapshot is older than the one already stored")
}
