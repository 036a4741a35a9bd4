/// A node's whole log: stable storage followed by the unstable tail, plus the commit and applied
/// indices.
struct RaftLog {
    let storage: any RaftLogStorage
    var unstable: UnstableLog
    private(set) var committed: UInt64
    private(set) var applied: UInt64

    init(storage: any RaftLogStorage) throws {
        self.storage = storage
        let first = try storage.firstIndex()
        let last = try storage.lastIndex()
        unstable = UnstableLog(offset: last + 1)
        committed = first - 1
        applied = first - 1
    }

    var firstIndex: UInt64 { unstable.firstIndex ?? stored { try storage.firstIndex() } }

    var lastIndex: UInt64 { unstable.lastIndex ?? stored { try storage.lastIndex() } }

    var lastTerm: UInt64 { term(at: lastIndex) ?? 0 }

    /// The term at `index`, or nil when it is compacted or past the end.
    func term(at index: UInt64) -> UInt64? {
        guard index + 1 >= firstIndex, index <= lastIndex else { return nil }
        if let t = unstable.term(at: index) { return t }
        return optionalStored { try storage.term(at: index) }
    }

    func matchTerm(_ index: UInt64, _ term: UInt64) -> Bool { self.term(at: index) == term }

    /// Whether a log ending at (`lastIndex`, `lastTerm`) is at least as up to date as this one.
    func isUpToDate(lastIndex index: UInt64, lastTerm term: UInt64) -> Bool {
        term > lastTerm || (term == lastTerm && index >= lastIndex)
    }

    /// Appends a leader's entries after (`index`, `logTerm`) if the logs agree there; returns the
    /// index of the last new entry, or nil when the leader must back up.
    mutating func maybeAppend(index: UInt64, logTerm: UInt64, commit: UInt64, entries: [RaftEntry]) -> UInt64? {
        guard matchTerm(index, logTerm) else { return nil }
        let lastNew = index + UInt64(entries.count)
        let conflict = findConflict(entries)
        if conflict != 0 {
            precondition(conflict > committed, "raft: entry \(conflict) conflicts with committed entry \(committed)")
            append(Array(entries[Int(conflict - (index + 1))...]))
        }
        commitTo(min(commit, lastNew))
        return lastNew
    }

    @discardableResult
    mutating func append(_ entries: [RaftEntry]) -> UInt64 {
        guard let first = entries.first else { return lastIndex }
        precondition(first.index > committed, "raft: appending at \(first.index) would overwrite committed \(committed)")
        unstable.truncateAndAppend(entries)
        return lastIndex
    }

    /// The first entry that is new or differs in term from this log, or 0 when all are present.
    func findConflict(_ entries: [RaftEntry]) -> UInt64 {
        for entry in entries where !matchTerm(entry.index, entry.term) { return entry.index }
        return 0
    }

    /// The largest index at or below `index` whose term is at most `term`, with that term
    /// (0 when unknown because compacted): where this log may agree with a leader's.
    func findConflictByTerm(index: UInt64, term: UInt64) -> (index: UInt64, term: UInt64) {
        var i = index
        while i > 0 {
            guard let t = self.term(at: i) else { return (i, 0) }
            if t <= term { return (i, t) }
            i -= 1
        }
        return (0, 0)
    }

    /// Entries `lo..<hi`, at most `maxCount` and, beyond the first, at most `maxBytes` of data;
    /// nil when some are compacted.
    func entries(from lo: UInt64, to hi: UInt64, maxCount: Int, maxBytes: Int) -> [RaftEntry]? {
        guard var result = entries(from: lo, to: hi, maxCount: maxCount) else { return nil }
        var bytes = 0
        for (offset, entry) in result.enumerated() {
            bytes += entry.data.count
            if offset > 0 && bytes > maxBytes {
                result.removeSubrange(offset...)
                break
            }
        }
        return result
    }

    /// Entries `lo..<hi`, at most `maxCount`; nil when some are compacted.
    func entries(from lo: UInt64, to hi: UInt64, maxCount: Int) -> [RaftEntry]? {
        guard lo >= firstIndex else { return nil }
        let hi = min(hi, lastIndex + 1)
        guard lo < hi else { return [] }
        let limit = hi - lo > UInt64(max(maxCount, 1)) ? lo + UInt64(max(maxCount, 1)) : hi
        var result: [RaftEntry] = []
        if lo < unstable.offset {
            let storedHi = min(limit, unstable.offset)
            guard let part = optionalStored({ try storage.entries(from: lo, to: storedHi, maxCount: maxCount) }) else {
                return nil
            }
            result = part
            if UInt64(part.count) < storedHi - lo { return result }
        }
        if limit > unstable.offset {
            result.append(contentsOf: unstable.slice(from: max(lo, unstable.offset), to: limit))
        }
        return result
    }

    mutating func commitTo(_ index: UInt64) {
        guard index > committed else { return }
        precondition(index <= lastIndex, "raft: commit \(index) is past the last index \(lastIndex)")
        committed = index
    }

    mutating func appliedTo(_ index: UInt64) {
        guard index > applied else { return }
        precondition(index <= committed, "raft: applied \(index) is past the commit index \(committed)")
        applied = index
    }

    mutating func restoreApplied(_ index: UInt64) { applied = max(applied, index) }

    mutating func restoreCommit(_ index: UInt64) { committed = max(committed, index) }

    var hasNextCommittedEntries: Bool { committed + 1 > max(applied + 1, firstIndex) }

    func nextCommittedEntries(maxCount: Int) -> [RaftEntry] {
        let lo = max(applied + 1, firstIndex)
        guard committed + 1 > lo else { return [] }
        return entries(from: lo, to: committed + 1, maxCount: maxCount) ?? []
    }

    /// Replaces the log by `snapshot`, which is newer than everything committed.
    mutating func restore(_ snapshot: RaftSnapshot) {
        committed = snapshot.metadata.index
        unstable.restore(snapshot)
    }

    /// Whether a committed but unapplied entry is a membership change.
    var hasUnappliedConfChange: Bool {
        guard committed > applied else { return false }
        let pending = entries(from: max(applied + 1, firstIndex), to: committed + 1, maxCount: Int.max) ?? []
        return pending.contains { $0.kind == .confChange }
    }

    private func optionalStored<T>(_ read: () throws -> T) -> T? {
        do {
            return try read()
        } catch let error as RaftError where error == .compacted || error == .unavailable {
            return nil
        } catch {
            fatalError("raft: the log storage failed: \(error)")
        }
    }
}

/// Reads storage that must not fail: a node that cannot read its own log must stop.
func stored<T>(_ read: () throws -> T) -> T {
    do {
        return try read()
    } catch {
        fatalError("raft: the log storage failed: \(error)")
    }
}
