/// One membership change; the cluster applies at most one at a time, when its entry is committed
/// and applied.
public struct ConfChange: Sendable, Equatable, Hashable {
    /// What the change does to `nodeID`.
    public enum Kind: UInt8, Sendable {
        /// Make the node a voter (a learner is promoted, a new node added).
        case addVoter = 0
        /// Add the node as a learner (observer); a voter cannot be demoted this way.
        case addLearner = 1
        /// Turn a learner into a voter.
        case promote = 2
        /// Remove the node, voter or learner.
        case remove = 3
        /// Turn a voter into a learner (it keeps replicating but no longer votes).
        case demote = 4
    }

    /// What happens to the node.
    public var kind: Kind
    /// The node concerned; never 0.
    public var nodeID: UInt64
    /// Application data carried in the same entry (e.g. the block whose membership transaction
    /// made the change); Raft never reads it. The application may refuse the change when it
    /// applies the entry (`RaftNode.advance(_:refusingConfChangesAt:)`).
    public var context: [UInt8]

    /// Creates a change, e.g. `ConfChange(.addLearner, 4)`.
    public init(_ kind: Kind, _ nodeID: UInt64, context: [UInt8] = []) {
        self.kind = kind
        self.nodeID = nodeID
        self.context = context
    }
}
