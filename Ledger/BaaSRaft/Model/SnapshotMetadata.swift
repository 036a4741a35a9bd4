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
