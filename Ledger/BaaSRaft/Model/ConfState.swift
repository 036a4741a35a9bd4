/// A cluster configuration: the voters (who elect and form quorums) and the learners (observers
/// that replicate the log but never vote). Both lists are kept sorted and free of duplicates, so
/// iteration order — and therefore message order — is deterministic.
public struct ConfState: Sendable, Equatable, Hashable {
    /// The voters, sorted.
    public private(set) var voters: [UInt64]
    /// The learners, sorted; never also voters.
    public private(set) var learners: [UInt64]

    /// Creates a configuration; a node listed in both lists counts as a voter.
    public init(voters: [UInt64] = [], learners: [UInt64] = []) {
        let v = Array(Set(voters)).sorted()
        self.voters = v
        self.learners = Array(Set(learners).subtracting(v)).sorted()
    }

    /// Whether `id` is a voter or a learner.
    public func contains(_ id: UInt64) -> Bool { isVoter(id) || isLearner(id) }
    /// Whether `id` votes.
    public func isVoter(_ id: UInt64) -> Bool { voters.contains(id) }
    /// Whether `id` replicates without voting.
    public func isLearner(_ id: UInt64) -> Bool { learners.contains(id) }
    /// Voters then learners, each sorted.
    public var members: [UInt64] { voters + learners }

    /// The configuration after `change`; changes that do not apply leave it as it is, so replaying
    /// an already-applied change (after a restart) is harmless.
    public func applying(_ change: ConfChange) -> ConfState {
        let id = change.nodeID
        switch change.kind {
        case .addVoter, .promote:
            if change.kind == .promote && !isLearner(id) { return self }
            return ConfState(voters: voters + [id], learners: learners.filter { $0 != id })
        case .addLearner:
            if isVoter(id) { return self }
            return ConfState(voters: voters, learners: learners + [id])
        case .remove:
            return ConfState(voters: voters.filter { $0 != id }, learners: learners.filter { $0 != id })
        case .demote:
            if !isVoter(id) { return self }
            return ConfState(voters: voters.filter { $0 != id }, learners: learners + [id])
        }
    }
}
