/// What a leader knows of one follower's log, and how it paces replication to it.
///
/// - probe: one append at a time until the follower's position is found;
/// - replicate: appends stream optimistically, at most `maxInflight` unacknowledged;
/// - snapshot: a snapshot is on its way; nothing else is sent until it is reported.
final class Progress {
    enum State { case probe, replicate, snapshot }

    var match: UInt64 = 0
    var next: UInt64
    private(set) var state: State = .probe
    private(set) var pendingSnapshot: UInt64 = 0
    /// Whether the follower was heard from since the last quorum check.
    var recentActive = false
    /// In probe state: an append is outstanding, so wait for its answer or a heartbeat answer.
    var probeSent = false
    private(set) var inflights: [UInt64] = []
    let maxInflight: Int

    init(next: UInt64, maxInflight: Int) {
        self.next = next
        self.maxInflight = maxInflight
    }

    private func reset(_ state: State) {
        self.state = state
        probeSent = false
        pendingSnapshot = 0
        inflights.removeAll()
    }

    func becomeProbe() {
        let snapshotIndex = state == .snapshot ? pendingSnapshot : 0
        reset(.probe)
        next = max(match + 1, snapshotIndex + 1)
    }

    func becomeReplicate() {
        reset(.replicate)
        next = match + 1
    }

    /// The snapshot did not arrive: probing restarts from what the follower acknowledged.
    func forgetPendingSnapshot() { pendingSnapshot = 0 }

    func becomeSnapshot(_ index: UInt64) {
        reset(.snapshot)
        pendingSnapshot = index
    }

    /// Records an acknowledgement through `index`; true when it is news.
    func maybeUpdate(_ index: UInt64) -> Bool {
        var updated = false
        if match < index {
            match = index
            updated = true
            probeSent = false
        }
        next = max(next, index + 1)
        return updated
    }

    /// Handles a rejection of the append after `rejected`; `hint` is where the logs may agree.
    /// False when the rejection is stale.
    func maybeDecrease(rejected: UInt64, hint: UInt64) -> Bool {
        if state == .replicate {
            if rejected <= match { return false }
            next = match + 1
            return true
        }
        if next == 0 || next - 1 != rejected { return false }
        next = max(min(rejected, hint + 1), match + 1)
        probeSent = false
        return true
    }

    var isPaused: Bool {
        switch state {
        case .probe: return probeSent
        case .replicate: return inflights.count >= maxInflight
        case .snapshot: return true
        }
    }

    /// Accounts for an append carrying entries through `lastIndex`.
    func sentEntries(through lastIndex: UInt64) {
        switch state {
        case .replicate:
            next = lastIndex + 1
            inflights.append(lastIndex)
        case .probe:
            probeSent = true
        case .snapshot:
            break
        }
    }

    func freeInflights(through index: UInt64) {
        inflights.removeAll { $0 <= index }
    }

    func freeFirstInflight() {
        if !inflights.isEmpty { inflights.removeFirst() }
    }
}
