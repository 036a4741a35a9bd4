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
