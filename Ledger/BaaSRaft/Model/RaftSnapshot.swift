/// A snapshot: metadata plus the application's state at `metadata.index`, as opaque bytes the
/// application produced (for the ledger: its state database image).
public struct RaftSnapshot: Sendable, Equatable, Hashable {
    /// Where the snapshot sits in the log.
    public var metadata: SnapshotMetadata
    /// The application's state, opaque to Raft.
    public var data: [UInt8]

    /// Creates a snapshot; the defaults are the empty snapshot.
    public init(metadata: SnapshotMetadata = SnapshotMetadata(), data: [UInt8] = []) {
        self.metadata = metadata
        self.data = data
    }

    /// The empty snapshot at index 0, which a fresh log starts from.
    public var isEmpty: Bool { metadata.index == 0 }
}
