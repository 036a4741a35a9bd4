/// Where a snapshot sits in the log and the configuration in force at that point.
public struct SnapshotMetadata: Sendable, Equatable, Hashable {
    public var index: UInt64
    public var term: UInt64
    public var confState: ConfState

    public init(index: UInt64 = 0, term: UInt64 = 0, confState: ConfState = ConfState()) {
        self.index = index
        self.term = term
        self.confState = confState
    }
}

/// A snapshot: metadata plus the application's state at `metadata.index`, as opaque bytes the
/// application produced (for the ledger: its state database image).
public struct RaftSnapshot: Sendable, Equatable, Hashable {
    public var metadata: SnapshotMetadata
    public var data: [UInt8]

    public init(metadata: SnapshotMetadata = SnapshotMetadata(), data: [UInt8] = []) {
        self.metadata = metadata
        self.data = data
    }

    /// The empty snapshot at index 0, which a fresh log starts from.
    public var isEmpty: Bool { metadata.index == 0 }
}
