import BaaSRaft

/// Checks the Raft safety properties over what a cluster did, fed observation by observation:
/// election safety, log matching, leader completeness and state machine safety. It knows nothing
/// of how the observations were made, so tests can feed it an invented, broken history.
final class SafetyChecker {
    struct Applied: Equatable {
        var term: UInt64
        var kind: RaftEntry.Kind
        var data: [UInt8]
    }

    private(set) var violations: [String] = []
    private var leaderOfTerm: [UInt64: UInt64] = [:]
    /// What was applied at each index, by whichever node applied it first.
    private var appliedAt: [UInt64: Applied] = [:]
    /// The state hash after applying each index.
    private var hashAt: [UInt64: UInt64] = [:]
    /// The lowest leader term in which each index was seen committed, and the entry's term.
    private var committedAt: [UInt64: (leaderTerm: UInt64, entryTerm: UInt64)] = [:]

    private func violation(_ text: String) {
        if violations.count < 20 { violations.append(text) }
    }

    /// Election safety: at most one leader per term.
    func leaderElected(_ id: UInt64, term: UInt64) {
        if let other = leaderOfTerm[term], other != id {
            violation("election safety: nodes \(other) and \(id) both led term \(term)")
        }
        leaderOfTerm[term] = id
    }

    /// Leader completeness: a leader of `term` holds every entry committed in an earlier term.
    /// `termAt` answers the leader's log term at an index (nil when compacted away).
    func checkLeaderCompleteness(_ id: UInt64, term: UInt64, termAt: (UInt64) -> UInt64?) {
        for (index, commit) in committedAt where commit.leaderTerm < term {
            guard let found = termAt(index) else { continue }
            if found != commit.entryTerm {
                violation("leader completeness: node \(id), leader of term \(term), has term \(found) at \(index) "
                          + "where term \(commit.entryTerm) was committed in term \(commit.leaderTerm)")
            }
        }
    }

    /// A leader of `leaderTerm` considers the entry of `entryTerm` at `index` committed.
    func committed(index: UInt64, entryTerm: UInt64, leaderTerm: UInt64) {
        if let known = committedAt[index] {
            if known.entryTerm != entryTerm {
                violation("commit safety: index \(index) committed with term \(known.entryTerm) and with term \(entryTerm)")
            }
            if leaderTerm < known.leaderTerm { committedAt[index] = (leaderTerm, entryTerm) }
        } else {
            committedAt[index] = (leaderTerm, entryTerm)
        }
        if let applied = appliedAt[index], applied.term != entryTerm {
            violation("commit safety: index \(index) applied with term \(applied.term), committed with \(entryTerm)")
        }
    }

    /// State machine safety: no two nodes apply different entries at one index, or reach
    /// different states there.
    func applied(node: UInt64, entry: RaftEntry, stateHash: UInt64) {
        let record = Applied(term: entry.term, kind: entry.kind, data: entry.data)
        if let first = appliedAt[entry.index] {
            if first != record {
                violation("state machine safety: node \(node) applied \(record) at \(entry.index), "
                          + "another node applied \(first)")
            }
        } else {
            appliedAt[entry.index] = record
        }
        if let commit = committedAt[entry.index], commit.entryTerm != entry.term {
            violation("state machine safety: node \(node) applied term \(entry.term) at \(entry.index), "
                      + "term \(commit.entryTerm) was committed")
        }
        checkState(node: node, index: entry.index, stateHash: stateHash)
    }

    /// A node loaded a snapshot (or restarted from one) holding the state at `index`.
    func checkState(node: UInt64, index: UInt64, stateHash: UInt64) {
        if let known = hashAt[index] {
            if known != stateHash {
                violation("state machine safety: node \(node) has state \(stateHash) at \(index), another had \(known)")
            }
        } else {
            hashAt[index] = stateHash
        }
    }

    /// The entry applied at `index`, if any node applied one.
    func appliedEntry(at index: UInt64) -> Applied? { appliedAt[index] }

    /// Log matching: two logs that hold an entry with the same index and term are identical up to
    /// and including it.
    func checkLogMatching(_ logs: [UInt64: [RaftEntry]]) {
        let ids = logs.keys.sorted()
        for (i, a) in ids.enumerated() {
            for b in ids[(i + 1)...] {
                checkPair(a, logs[a]!, b, logs[b]!)
            }
        }
    }

    private func checkPair(_ a: UInt64, _ logA: [RaftEntry], _ b: UInt64, _ logB: [RaftEntry]) {
        guard let firstA = logA.first?.index, let firstB = logB.first?.index else { return }
        let lo = max(firstA, firstB)
        let hi = min(firstA + UInt64(logA.count), firstB + UInt64(logB.count))
        guard lo < hi else { return }
        var agreed = false
        var index = hi - 1
        while true {
            let ea = logA[Int(index - firstA)]
            let eb = logB[Int(index - firstB)]
            if agreed || ea.term == eb.term {
                agreed = true
                if ea != eb {
                    violation("log matching: nodes \(a) and \(b) agree on a later entry but differ at \(index): \(ea) vs \(eb)")
                    return
                }
            }
            if index == lo { return }
            index -= 1
        }
    }
}
