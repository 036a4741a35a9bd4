/// A position in the log, as returned to a proposer: the entry is durable once an entry with
/// this index *and* term is committed; a committed entry at the index with another term means
/// the proposal was lost.
public struct LogPosition: Sendable, Equatable, Hashable {
    /// The term the entry was proposed in.
    public var term: UInt64
    /// The entry's index.
    public var index: UInt64

    /// Creates a position.
    public init(term: UInt64, index: UInt64) {
        self.term = term
        self.index = index
    }
}
