/// Everything a node asks the application to do, in this order:
/// 1. persist `snapshot` (if any), then `entries`, then `hardState` (if any) — durably;
/// 2. send `messages` (only after step 1: they promise what was persisted);
/// 3. restore the state machine from `snapshot`, then apply `committedEntries` in order;
/// 4. call `RaftNode.advance(_:)` with this value.
///
/// After `advance`, `RaftNode.confState` is the configuration as of the applied index; an
/// application that persists its applied index (`RaftConfig.applied`) persists it alongside.
public struct Ready: Sendable, Equatable {
    /// Set when the leader or the role changed.
    public var softState: SoftState?
    /// Set when the term, vote or commit index changed.
    public var hardState: HardState?
    /// Entries to append to stable storage (replacing any at the same indices and after).
    public var entries: [RaftEntry]
    /// A snapshot received from the leader, to persist and load into the state machine.
    public var snapshot: RaftSnapshot?
    /// Committed entries to apply to the state machine.
    public var committedEntries: [RaftEntry]
    /// Messages to send once the above is persisted.
    public var messages: [RaftMessage]
}
