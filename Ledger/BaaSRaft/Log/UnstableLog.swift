/// The entries and the snapshot a node holds that are not yet on stable storage; `offset` is the
/// index of `entries[0]`, which is one past what storage holds (or where a newer leader's entries
/// overwrite it).
struct UnstableLog {
    var snapshot: RaftSnapshot?
    var entries: [RaftEntry] = []
    var offset: UInt64

    init(offset: UInt64) { self.offset = offset }

    var firstIndex: UInt64? { snapshot.map { $0.metadata.index + 1 } }

    var lastIndex: UInt64? {
        if !entries.isEmpty { return offset + UInt64(entries.count) - 1 }
        return snapshot?.metadata.index
    }

    func term(at index: UInt64) -> UInt64? {
        if index < offset {
            if let snapshot, snapshot.metadata.index == index { return snapshot.metadata.term }
            return nil
        }
        guard let last = lastIndex, index <= last else { return nil }
        if entries.isEmpty { return nil }
        return entries[Int(index - offset)].term
    }

    /// Storage now holds the entries through (`index`, `term`); forget them unless they were
    /// replaced meanwhile.
    mutating func stableTo(index: UInt64, term: UInt64) {
        guard let t = self.term(at: index), t == term, index >= offset else { return }
        entries.removeFirst(Int(index + 1 - offset))
        offset = index + 1
    }

    mutating func stableSnapshotTo(index: UInt64) {
        if snapshot?.metadata.index == index { snapshot = nil }
    }

    mutating func restore(_ snapshot: RaftSnapshot) {
        offset = snapshot.metadata.index + 1
        entries = []
        self.snapshot = snapshot
    }

    mutating func truncateAndAppend(_ new: [RaftEntry]) {
        guard let after = new.first?.index else { return }
        if after == offset + UInt64(entries.count) {
            entries.append(contentsOf: new)
        } else if after <= offset {
            offset = after
            entries = new
        } else {
            entries.removeSubrange(Int(after - offset)...)
            entries.append(contentsOf: new)
        }
    }

    /// Entries `lo..<hi`, which must lie within `offset...lastIndex + 1`.
    func slice(from lo: UInt64, to hi: UInt64) -> ArraySlice<RaftEntry> {
        entries[Int(lo - offset)..<Int(hi - offset)]
    }
}
