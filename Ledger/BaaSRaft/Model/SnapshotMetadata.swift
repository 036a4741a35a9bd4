/// Where a snapshot sits in the log and the configuration in force at that point.
public struct SnapshotMetadata: Sendable, Equatable, Hashable {
    /// The last index the snapshot covers.
    public var index: UInt64
    /// The term of the entry at `index`.
    public var term: UInt64
    /// The configuration in force at `index`.
    public var confState: ConfState

    /// Creates metadata; the defaults describe the empty snapshot at index 0.
    public init(index: UInt64 = 0, term: UInt64 = 0, confState: ConfState = ConfState()) {
        self.index = index
        self.term = term
        self.confState = confState
    }
}
