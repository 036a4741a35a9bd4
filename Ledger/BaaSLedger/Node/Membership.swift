import BaaSRaft

/// How membership transactions become Raft configuration changes.
///
/// A block that carries a membership transaction (`add_member`, `remove_member`, `change_role`)
/// is proposed as a Raft membership entry: the `ConfChange` the block makes, with the block as
/// its context. Every node applies it when the entry is applied — the same log index everywhere
/// (etcd's rule) — and only when the block itself was applied and changed the members exactly
/// so; otherwise every node refuses it alike. A leader puts at most one membership transaction
/// in a block and Raft refuses a second change while one is unapplied, so the voters never
/// change by more than one at a time.
///
/// | members in the block's state | Raft change |
/// |---|---|
/// | observer added | learner added |
/// | validator added | voter added (add an observer and promote it once caught up instead) |
/// | observer → validator | learner promoted |
/// | validator → observer | voter demoted to learner |
/// | removed | removed (the node stops participating) |
enum Membership {
    /// Whether `payload` changes the members.
    static func changesMembers(_ payload: TransactionPayload) -> Bool {
        switch payload {
        case .addMember, .removeMember, .changeRole: true
        default: false
        }
    }

    /// `selected` with at most one membership transaction: a later one, and every later
    /// transaction of its sender (whose nonces follow it), wait in the pool for another block.
    static func limitedToOneChange(_ selected: [VerifiedTransaction]) -> [VerifiedTransaction] {
        var seen = false
        var held: Set<Address> = []
        return selected.filter { tx in
            if held.contains(tx.sender) { return false }
            guard changesMembers(tx.transaction.payload) else { return true }
            if seen {
                held.insert(tx.sender)
                return false
            }
            seen = true
            return true
        }
    }

    /// The Raft configuration `members` describe: validators vote, observers learn.
    static func confState(of members: [Member]) -> ConfState {
        ConfState(voters: members.filter { $0.role == .validator }.map(\.nodeID),
                  learners: members.filter { $0.role == .observer }.map(\.nodeID))
    }

    /// The changes that turn the members `old` into `new`, in node id order (one for a block
    /// with one membership transaction, none when the transaction failed).
    static func changes(from old: [Member], to new: [Member]) -> [ConfChange] {
        let before = Dictionary(old.map { ($0.nodeID, $0.role) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { ($0.nodeID, $0.role) }, uniquingKeysWith: { a, _ in a })
        var changes: [ConfChange] = []
        for id in Set(before.keys).union(after.keys).sorted() {
            switch (before[id], after[id]) {
            case (nil, .validator?): changes.append(ConfChange(.addVoter, id))
            case (nil, .observer?): changes.append(ConfChange(.addLearner, id))
            case (.some, nil): changes.append(ConfChange(.remove, id))
            case (.observer?, .validator?): changes.append(ConfChange(.promote, id))
            case (.validator?, .observer?): changes.append(ConfChange(.demote, id))
            default: break
            }
        }
        return changes
    }
}
