/// Every failure of BaaSRaft: a stable code, a message naming what is wrong and what to do, and,
/// for a proposal made to a node that is not the leader, the leader it knows of.
///
/// Errors compare by code only, so tests and callers can match a specific failure.
public struct RaftError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A stable identifier such as `raft.not_leader`.
    public let code: String
    /// One or two sentences for a person: what went wrong and what to do about it.
    public let message: String
    /// The leader this node knows of (0 when it knows none); set on `raft.not_leader`.
    public let leaderHint: UInt64

    /// Creates an error; `leaderHint` is 0 unless the error is about leadership.
    public init(_ code: String, _ message: String, leaderHint: UInt64 = 0) {
        self.code = code
        self.message = message
        self.leaderHint = leaderHint
    }

    public var description: String { "\(message) [\(code)]" }

    public static func == (a: RaftError, b: RaftError) -> Bool { a.code == b.code }
}

extension RaftError {
    /// A proposal or transfer reached a node that is not the leader.
    static func notLeader(_ hint: UInt64) -> RaftError {
        RaftError("raft.not_leader",
                  hint == 0 ? "this node is not the leader and knows of none; retry after an election"
                            : "this node is not the leader; send the request to node \(hint)",
                  leaderHint: hint)
    }
    /// The leader is handing over leadership and refuses new proposals until it is done.
    static func transferInProgress(_ target: UInt64) -> RaftError {
        RaftError("raft.transfer_in_progress",
                  "leadership is being transferred to node \(target); retry once the new leader is known",
                  leaderHint: target)
    }
    /// A membership change is proposed while another one is not yet applied.
    static let confChangePending = RaftError(
        "raft.conf_change_pending",
        "another membership change is not yet applied; retry after it is committed and applied")
    /// A membership change that makes no sense for the current configuration.
    static func invalidConfChange(_ why: String) -> RaftError {
        RaftError("raft.invalid_conf_change", "membership change refused: \(why)")
    }
    /// A log read asked for entries that a snapshot has replaced. A `RaftLogStorage` throws it.
    public static let compacted = RaftError(
        "raft.compacted", "the requested log entries were compacted into a snapshot")
    /// A log read asked for entries the log does not have yet. A `RaftLogStorage` throws it.
    public static let unavailable = RaftError(
        "raft.unavailable", "the requested log entries are not in the log")
    /// A snapshot older than the one the storage already holds.
    public static let snapshotOutOfDate = RaftError(
        "raft.snapshot_out_of_date", "the snapshot is older than the one already stored")
    /// Bytes that are not a valid encoding of the expected value.
    static func malformed(_ what: String) -> RaftError {
        RaftError("raft.malformed", "malformed Raft encoding: \(what); the peer is not speaking this protocol version")
    }
    /// A configuration that cannot work.
    static func invalidConfig(_ why: String) -> RaftError {
        RaftError("raft.invalid_config", "invalid Raft configuration: \(why)")
    }
}
