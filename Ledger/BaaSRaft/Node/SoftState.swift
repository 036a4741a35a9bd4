/// State that need not be persisted: who leads and what this node is.
public struct SoftState: Sendable, Equatable, Hashable {
    /// The known leader, 0 when none.
    public var leader: UInt64
    /// This node's role.
    public var role: RaftRole
}
