/// Log replication: the leader's side (appends, heartbeats, snapshots, commit) and the
/// follower's side (accepting or rejecting them).
extension RaftNode {
    /// Peers a leader replicates to, in a deterministic order.
    var peers: [UInt64] { confState.members.filter { $0 != id && progress[$0] != nil } }

    func appendEntries(_ entries: [RaftEntry]) {
        let last = log.append(entries)
        _ = progress[id]?.maybeUpdate(last)
        _ = maybeCommit()
    }

    /// Advances the commit index to what a quorum of voters holds, if that entry is of this term
    /// (entries of earlier terms commit only under one of the current term).
    func maybeCommit() -> Bool {
        let matches = confState.voters.map { progress[$0]?.match ?? 0 }.sorted(by: >)
        guard !matches.isEmpty else { return false }
        let candidate = matches[quorum - 1]
        guard candidate > log.committed, log.term(at: candidate) == term else { return false }
        log.commitTo(candidate)
        return true
    }

    func broadcastAppend() {
        for peer in peers { sendAppend(to: peer) }
    }

    func broadcastHeartbeat() {
        for peer in peers {
            guard let pr = progress[peer] else { continue }
            send(to: peer, .heartbeat(commit: min(pr.match, log.committed)))
        }
    }

    /// Sends `to` the entries it needs (or a snapshot when they are compacted); false when nothing
    /// was sent because the follower is paused or, with `sendIfEmpty` false, there is nothing new.
    @discardableResult
    func sendAppend(to peer: UInt64, sendIfEmpty: Bool = true) -> Bool {
        guard let pr = progress[peer], !pr.isPaused else { return false }
        let prevIndex = pr.next - 1
        if let prevTerm = log.term(at: prevIndex),
           let entries = log.entries(from: pr.next, to: log.lastIndex + 1, maxCount: config.maxEntriesPerAppend,
                                      maxBytes: config.maxAppendBytes) {
            if entries.isEmpty && !sendIfEmpty { return false }
            send(to: peer, .append(prevIndex: prevIndex, prevTerm: prevTerm, entries: entries, commit: log.committed))
            if let last = entries.last { pr.sentEntries(through: last.index) }
            return true
        }
        // The follower needs entries that only a snapshot still holds.
        guard pr.recentActive else { return false }
        let snapshot = stored { try log.storage.snapshot() }
        guard !snapshot.isEmpty else { return false }
        pr.becomeSnapshot(snapshot.metadata.index)
        send(to: peer, .snapshot(snapshot))
        return true
    }

    func stepLeader(_ m: RaftMessage) {
        guard let pr = progress[m.from] else { return }
        switch m.kind {
        case let .appendResponse(index, reject, rejectHint, hintTerm):
            pr.recentActive = true
            if reject {
                var probe = rejectHint
                if hintTerm > 0 { probe = log.findConflictByTerm(index: rejectHint, term: hintTerm).index }
                if pr.maybeDecrease(rejected: index, hint: probe) {
                    if pr.state == .replicate { pr.becomeProbe() }
                    sendAppend(to: m.from)
                }
                return
            }
            let wasPaused = pr.isPaused
            guard pr.maybeUpdate(index) else { return }
            switch pr.state {
            case .probe:
                pr.becomeReplicate()
            case .snapshot where pr.match >= pr.pendingSnapshot:
                pr.becomeProbe()
                pr.becomeReplicate()
            case .replicate:
                pr.freeInflights(through: index)
            case .snapshot:
                break
            }
            if maybeCommit() {
                broadcastAppend()
            } else if wasPaused {
                sendAppend(to: m.from)
            }
            while sendAppend(to: m.from, sendIfEmpty: false) {}
            if m.from == leadTransferee && pr.match == log.lastIndex {
                send(to: m.from, .timeoutNow)
            }
        case .heartbeatResponse:
            pr.recentActive = true
            pr.probeSent = false
            if pr.state == .replicate && pr.isPaused { pr.freeFirstInflight() }
            if pr.match < log.lastIndex { sendAppend(to: m.from) }
        default:
            break
        }
    }

    func handleAppend(prevIndex: UInt64, prevTerm: UInt64, entries: [RaftEntry], commit: UInt64, from leader: UInt64) {
        if prevIndex < log.committed {
            send(to: leader, .appendResponse(index: log.committed, reject: false, rejectHint: 0, hintTerm: 0))
            return
        }
        if let lastNew = log.maybeAppend(index: prevIndex, logTerm: prevTerm, commit: commit, entries: entries) {
            send(to: leader, .appendResponse(index: lastNew, reject: false, rejectHint: 0, hintTerm: 0))
            return
        }
        let hint = log.findConflictByTerm(index: min(prevIndex, log.lastIndex), term: prevTerm)
        send(to: leader, .appendResponse(index: prevIndex, reject: true, rejectHint: hint.index, hintTerm: hint.term))
    }

    func handleSnapshot(_ snapshot: RaftSnapshot, from leader: UInt64) {
        let meta = snapshot.metadata
        if meta.index <= log.committed {
            send(to: leader, .appendResponse(index: log.committed, reject: false, rejectHint: 0, hintTerm: 0))
            return
        }
        if log.matchTerm(meta.index, meta.term) {
            // The log already holds the snapshot's last entry: only the commit index moves.
            log.commitTo(meta.index)
        } else {
            log.restore(snapshot)
            switchConfig(to: meta.confState)
        }
        send(to: leader, .appendResponse(index: log.committed, reject: false, rejectHint: 0, hintTerm: 0))
    }
}
