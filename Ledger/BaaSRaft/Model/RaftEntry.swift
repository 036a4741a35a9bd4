/// One log entry: a position (term, index), a type and opaque data.
///
/// A `.confChange` entry carries an encoded `ConfChange`; an `.empty` entry is the no-op a new
/// leader appends to commit entries of earlier terms.
public struct RaftEntry: Sendable, Equatable, Hashable {
    /// What an entry carries.
    public enum Kind: UInt8, Sendable {
        /// Application data.
        case normal = 0
        /// An encoded `ConfChange`.
        case confChange = 1
        /// The no-op appended by a newly elected leader.
        case empty = 2
    }

    /// The term in which a leader appended the entry.
    public var term: UInt64
    /// The entry's position in the log, from 1.
    public var index: UInt64
    /// What the entry carries.
    public var kind: Kind
    /// The payload (for `.confChange`, an encoded `ConfChange`).
    public var data: [UInt8]

    /// Creates an entry.
    public init(term: UInt64, index: UInt64, kind: Kind = .normal, data: [UInt8] = []) {
        self.term = term
        self.index = index
        self.kind = kind
        self.data = data
    }
}
