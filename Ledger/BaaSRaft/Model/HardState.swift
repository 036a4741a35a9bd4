/// The Raft state that must be on stable storage before any message that depends on it is sent:
/// the current term, the vote cast in it (0 = none) and the highest index known committed.
public struct HardState: Sendable, Equatable, Hashable {
    public var term: UInt64
    public var vote: UInt64
    public var commit: UInt64

    public init(term: UInt64 = 0, vote: UInt64 = 0, commit: UInt64 = 0) {
        self.term = term
        self.vote = vote
        self.commit = commit
    }
}
