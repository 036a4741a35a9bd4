/// Membership: validating, applying and adopting configurations.
extension RaftNode {
    func validate(_ change: ConfChange) throws {
        let id = change.nodeID
        guard id != 0 else { throw RaftError.invalidConfChange("node id 0 is reserved") }
        switch change.kind {
        case .addVoter:
            guard !confState.isVoter(id) else { throw RaftError.invalidConfChange("node \(id) is already a voter") }
        case .addLearner:
            guard !confState.contains(id) else {
                throw RaftError.invalidConfChange("node \(id) is already a member; use demote to make a voter a learner")
            }
        case .promote:
            guard confState.isLearner(id) else { throw RaftError.invalidConfChange("node \(id) is not a learner") }
        case .remove:
            guard confState.contains(id) else { throw RaftError.invalidConfChange("node \(id) is not a member") }
            guard confState.voters != [id] else { throw RaftError.invalidConfChange("node \(id) is the last voter") }
        case .demote:
            guard confState.isVoter(id) else { throw RaftError.invalidConfChange("node \(id) is not a voter") }
            guard confState.voters != [id] else { throw RaftError.invalidConfChange("node \(id) is the last voter") }
        }
    }

    /// Adopts `newState`, keeping the progress of members that stay.
    func switchConfig(to newState: ConfState) {
        confState = newState
        let next = log.lastIndex + 1
        for member in newState.members where progress[member] == nil {
            let pr = Progress(next: next, maxInflight: config.maxInflight)
            // A member just added counts as active, so the leader may snapshot it straight away.
            pr.recentActive = true
            if member == id { pr.match = log.lastIndex }
            progress[member] = pr
        }
        for member in Array(progress.keys) where !newState.contains(member) {
            progress[member] = nil
        }
    }

    func applyConfChange(_ change: ConfChange) {
        switchConfig(to: confState.applying(change))
        guard role == .leader else { return }
        if !confState.isVoter(id) {
            stepDownAfterRemoval()
            return
        }
        if maybeCommit() {
            broadcastAppend()
        } else {
            for peer in peers { sendAppend(to: peer, sendIfEmpty: false) }
        }
        if leadTransferee != 0 && !confState.isVoter(leadTransferee) { leadTransferee = 0 }
    }

    /// A leader that removed itself tells the others what is committed, hands over to the most
    /// up-to-date voter if one is current, and steps down.
    private func stepDownAfterRemoval() {
        broadcastHeartbeat()
        let successor = confState.voters
            .compactMap { voter in progress[voter].map { (voter, $0.match) } }
            .filter { $0.1 == log.lastIndex }
            .first
        if let (voter, _) = successor { send(to: voter, .timeoutNow) }
        becomeFollower(term: term, leader: 0)
    }
}
