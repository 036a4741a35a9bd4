/// A message between two Raft nodes. Every message carries the sender's term (or, for a pre-vote
/// and its grant, the term the sender would campaign in).
///
/// Encode with `encoded()` and decode with `init(decoding:)`; decoding rejects any malformed input
/// with `RaftError` (code `raft.malformed`) and never traps.
public struct RaftMessage: Sendable, Equatable, Hashable {
    /// What the message says.
    public enum Kind: Sendable, Equatable, Hashable {
        /// "Would you vote for me in `term`?" — sent without incrementing the sender's own term.
        case preVote(lastIndex: UInt64, lastTerm: UInt64)
        /// The answer to a pre-vote.
        case preVoteResponse(reject: Bool)
        /// A vote request; `transfer` marks a campaign started by a leadership transfer, which a
        /// follower grants even while it still hears from a leader.
        case vote(lastIndex: UInt64, lastTerm: UInt64, transfer: Bool)
        /// The answer to a vote request.
        case voteResponse(reject: Bool)
        /// Entries following (`prevIndex`, `prevTerm`), and the leader's commit index.
        case append(prevIndex: UInt64, prevTerm: UInt64, entries: [RaftEntry], commit: UInt64)
        /// The answer to an append or snapshot. On success `index` is the last index now matching
        /// the leader; on rejection `index` is the rejected `prevIndex` and (`rejectHint`,
        /// `hintTerm`) point the leader to where the logs may agree, so it backs up a term at a time.
        case appendResponse(index: UInt64, reject: Bool, rejectHint: UInt64, hintTerm: UInt64)
        /// The leader's keep-alive; `commit` is at most what the follower is known to hold.
        case heartbeat(commit: UInt64)
        /// The answer to a heartbeat.
        case heartbeatResponse
        /// A snapshot for a follower too far behind the leader's compacted log.
        case snapshot(RaftSnapshot)
        /// "Campaign now": the last step of a leadership transfer.
        case timeoutNow
    }

    /// The sender.
    public var from: UInt64
    /// The receiver.
    public var to: UInt64
    /// The sender's term (for a pre-vote: the term it would campaign in).
    public var term: UInt64
    /// What the message says.
    public var kind: Kind

    /// Creates a message.
    public init(from: UInt64, to: UInt64, term: UInt64, kind: Kind) {
        self.from = from
        self.to = to
        self.term = term
        self.kind = kind
    }
}
