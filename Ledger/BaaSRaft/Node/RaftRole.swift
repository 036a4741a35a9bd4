/// A node's role.
public enum RaftRole: Sendable, Equatable, Hashable {
    case follower
    case preCandidate
    case candidate
    case leader
}
