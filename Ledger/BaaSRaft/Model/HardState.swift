/// The Raft state that must be on stable storage before any message that depends on it is sent:
/// the current term, the vote cast in it (0 = none) and the highest index known committed.
public struct HardState: Sendable, Equatable, Hashable {
    /// The current term.
    public var term: UInt64
    /// The node voted for in `term`, 0 when none.
    public var vote: UInt64
    /// The highest index known committed.
    public var commit: UInt64

    /// Creates a hard state; the defaults are a node that has never run.
    public init(term: UInt64 = 0, vote: UInt64 = 0, commit: UInt64 = 0) {
        self.term = term
        self.vote = vote
        self.commit = commit
    }
}
