/// How a `RaftNode` behaves. Times are in ticks: the application calls `tick()` at a fixed
/// interval (the ledger: every 100 ms).
public struct RaftConfig: Sendable, Equatable {
    /// This node's id; never 0.
    public var id: UInt64
    /// Followers wait a random number of ticks in this range without hearing from a leader
    /// before campaigning. The lower bound is also the leader's quorum-check interval.
    public var electionTicks: Range<Int>
    /// The leader sends heartbeats every this many ticks; well below `electionTicks.lowerBound`.
    public var heartbeatTicks: Int
    /// Campaign in a pre-vote round first, so a node that was partitioned away does not bump the
    /// term and depose a healthy leader when it returns.
    public var preVote: Bool
    /// The leader steps down when it has not heard from a quorum within an election timeout, and
    /// followers that hear from a leader ignore vote requests meanwhile.
    public var checkQuorum: Bool
    /// At most this many entries per append message.
    public var maxEntriesPerAppend: Int
    /// At most this many bytes of entry data per append message (one larger entry still goes alone).
    public var maxAppendBytes: Int
    /// At most this many unacknowledged append messages to one follower.
    public var maxInflight: Int
    /// At most this many committed entries per `Ready`, so a node restarting far behind its
    /// commit index applies in bounded batches.
    public var maxCommittedEntriesPerReady: Int
    /// The index through which the application's state already includes the log; 0 means the
    /// latest snapshot's index (the application restores its state from that snapshot). Committed
    /// entries after it are handed out again, so `RaftLogStorage.initialState()` must return the
    /// configuration as of this index.
    public var applied: UInt64

    /// Creates a configuration; the defaults suit a 100 ms tick on a LAN.
    public init(id: UInt64, electionTicks: Range<Int> = 10..<20, heartbeatTicks: Int = 2,
                preVote: Bool = true, checkQuorum: Bool = true, maxEntriesPerAppend: Int = 64,
                maxAppendBytes: Int = 1 << 20, maxInflight: Int = 256, maxCommittedEntriesPerReady: Int = 1_024,
                applied: UInt64 = 0) {
        self.id = id
        self.electionTicks = electionTicks
        self.heartbeatTicks = heartbeatTicks
        self.preVote = preVote
        self.checkQuorum = checkQuorum
        self.maxEntriesPerAppend = maxEntriesPerAppend
        self.maxAppendBytes = maxAppendBytes
        self.maxInflight = maxInflight
        self.maxCommittedEntriesPerReady = maxCommittedEntriesPerReady
        self.applied = applied
    }

    func validate() throws {
        guard id != 0 else { throw RaftError.invalidConfig("the node id must not be 0") }
        guard heartbeatTicks > 0 else { throw RaftError.invalidConfig("heartbeatTicks must be positive") }
        guard electionTicks.lowerBound > heartbeatTicks else {
            throw RaftError.invalidConfig("the election timeout must be longer than the heartbeat interval")
        }
        guard maxEntriesPerAppend > 0, maxAppendBytes > 0, maxInflight > 0, maxCommittedEntriesPerReady > 0 else {
            throw RaftError.invalidConfig("maxEntriesPerAppend, maxAppendBytes, maxInflight and maxCommittedEntriesPerReady must be positive")
        }
    }
}
