/// The stable part of a node's Raft state, read by `RaftNode` and written by the application.
///
/// The application writes what each `Ready` asks for (snapshot, entries, hard state) *before*
/// sending that `Ready`'s messages, and compacts the log after taking a snapshot. The node only
/// reads. Indices follow the etcd convention: the log holds `firstIndex()...lastIndex()`, and
/// `term(at: firstIndex() - 1)` answers the term of the latest snapshot.
///
/// - Note: Used from the node's thread only. A read that fails for any reason other than
///   `raft.compacted` or `raft.unavailable` is unrecoverable for consensus: the node traps, as a
///   node that cannot read its own log must not go on voting.
public protocol RaftLogStorage: AnyObject {
    /// The persisted hard state and the configuration in force at the node's applied index
    /// (with `RaftConfig.applied` = 0, the configuration of the latest snapshot).
    func initialState() throws -> (hardState: HardState, confState: ConfState)
    /// Entries with indices in `lo..<hi`, at most `maxCount` of them (at least one if any exist).
    /// Throws `raft.compacted` below `firstIndex()` and `raft.unavailable` past `lastIndex()`.
    func entries(from lo: UInt64, to hi: UInt64, maxCount: Int) throws -> [RaftEntry]
    /// The term of the entry at `index`, for `firstIndex() - 1 ... lastIndex()`.
    func term(at index: UInt64) throws -> UInt64
    /// The index of the first entry still in the log (the latest snapshot's index + 1).
    func firstIndex() throws -> UInt64
    /// The index of the last entry (the snapshot's index when the log is empty).
    func lastIndex() throws -> UInt64
    /// The latest snapshot, sent to followers that need entries already compacted.
    func snapshot() throws -> RaftSnapshot
}
