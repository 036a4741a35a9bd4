import Testing
import BaaSRaft

@Suite struct ElectionScenarioTests {
    @Test(arguments: [3, 4, 5])
    func electsExactlyOneLeaderThatEveryoneFollows(size: Int) throws {
        let cluster = try TestCluster(voters: (1...UInt64(size)).map { $0 })
        #expect(cluster.tick(until: { cluster.leaders.count == 1 }))
        let leader = try #require(cluster.leaders.first)
        cluster.tick(5)
        #expect(cluster.leaders == [leader])
        for node in cluster.nodes.values {
            #expect(node.leader == leader)
            #expect(node.term == cluster.node(leader).term)
        }
    }

    @Test(arguments: [(preVote: true, checkQuorum: true), (preVote: false, checkQuorum: false)])
    func partitionedNodeRejoining(preVote: Bool, checkQuorum: Bool) throws {
        let cluster = try TestCluster(voters: [1, 2, 3], preVote: preVote, checkQuorum: checkQuorum)
        cluster.elect(1)
        let term = cluster.node(1).term
        cluster.isolated = [3]
        cluster.tick(100)
        #expect(cluster.node(1).role == .leader)
        cluster.isolated = []
        cluster.tick(30)
        if preVote {
            // Pre-vote: the isolated node never won a pre-vote, never raised its term, and its
            // return leaves the leader in place.
            #expect(cluster.node(1).role == .leader)
            #expect(cluster.node(1).term == term)
            #expect(cluster.node(3).term == term)
            #expect(cluster.node(3).leader == 1)
        } else {
            // Without it the node comes back with a raised term and forces a new election.
            #expect(cluster.node(1).term > term + 1)
            #expect(cluster.leaders.count == 1)
        }
    }

    @Test func checkQuorumMakesAnIsolatedLeaderStepDown() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolated = [1]
        #expect(cluster.tick(until: { cluster.node(1).role == .follower }, limit: 25))
        #expect(cluster.tick(until: { [2, 3].contains(cluster.node(2).leader) && cluster.node(2).leader == cluster.node(3).leader }))
        #expect(cluster.node(1).leader == 0)
    }

    @Test func learnerDoesNotCampaign() throws {
        let cluster = try TestCluster(voters: [1])
        try cluster.addEmptyNode(2)
        cluster.elect(1)
        try cluster.node(1).proposeConfChange(ConfChange(.addLearner, 2))
        cluster.tick(5)
        #expect(cluster.node(2).confState.learners == [2])
        cluster.crash(1)
        cluster.tick(200)
        #expect(cluster.node(2).role == .follower)
        #expect(cluster.node(2).confState.learners == [2])
    }
}

@Suite struct ProposalScenarioTests {
    @Test func followerRejectsProposalWithLeaderHint() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(2)
        let error = #expect(throws: RaftError.self) { try cluster.node(3).propose([1, 2, 3]) }
        #expect(error?.code == "raft.not_leader")
        #expect(error?.leaderHint == 2)
    }

    @Test func committedProposalIsAppliedEverywhere() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        let position = try cluster.propose(7, "seven", via: 1)
        cluster.tick(3)
        for id in [UInt64(1), 2, 3] {
            #expect(cluster.node(id).commitIndex >= position.index)
            #expect(cluster.machines[id]?.values[7] == Array("seven".utf8))
        }
        #expect(Set(cluster.machines.values.map(\.stateHash)).count == 1)
    }

    @Test func appendsToALaggingFollowerRespectTheByteBudget() throws {
        let cluster = try TestCluster(voters: [1, 2, 3], maxAppendBytes: 1_000)
        cluster.elect(1)
        cluster.isolated = [3]
        for i in 0..<12 { try cluster.propose(UInt8(i), String(repeating: "x", count: 400), via: 1) }
        cluster.isolated = []
        cluster.delivered = []
        cluster.tick(4)
        #expect(cluster.machines[3]?.stateHash == cluster.machines[1]?.stateHash)
        let batches = cluster.delivered.compactMap { message -> [RaftEntry]? in
            guard message.to == 3, case let .append(_, _, entries, _) = message.kind, !entries.isEmpty else { return nil }
            return entries
        }
        #expect(batches.count >= 6)
        #expect(batches.allSatisfy { $0.count == 1 || $0.reduce(0) { $0 + $1.data.count } <= 1_000 })
    }

    /// Raft's Figure 8: an entry of an earlier term on a majority is not yet committed; only an
    /// entry of the leader's own term commits it.
    @Test func leaderCommitsEarlierTermEntriesOnlyThroughItsOwn() throws {
        let cluster = try TestCluster(voters: [1, 2, 3], preVote: false, checkQuorum: false, maxEntriesPerAppend: 1)
        cluster.elect(1)
        let firstTerm = cluster.node(1).term
        cluster.isolated = [2, 3]
        let old = try cluster.propose(5, "old term", via: 1)
        cluster.crash(1)
        try cluster.restart(1)
        cluster.settle()
        cluster.isolated = []
        let newTerm = firstTerm + 1
        // Followers get the old entry, but never one of the new term.
        cluster.drop = { [unowned cluster] message in
            guard case let .append(_, _, entries, _) = message.kind else { return false }
            return entries.contains { $0.term == newTerm } && cluster.log(of: message.to).last?.index == old.index
        }
        cluster.elect(1)
        #expect(cluster.node(1).role == .leader && cluster.node(1).term == newTerm)
        // Both followers now hold the old entry: a majority, yet it is not committed.
        #expect(cluster.log(of: 2).last == cluster.log(of: 1).first { $0.index == old.index })
        #expect(cluster.log(of: 3).last?.index == old.index)
        #expect(cluster.node(1).commitIndex < old.index)
        cluster.drop = nil
        cluster.tick(2)
        #expect(cluster.node(1).commitIndex == old.index + 1)
        #expect(cluster.machines[2]?.values[5] == Array("old term".utf8))
    }

    @Test func leaderStopsStreamingToASilentFollowerAtTheInflightLimit() throws {
        let cluster = try TestCluster(voters: [1, 2, 3], maxEntriesPerAppend: 1, maxInflight: 3)
        cluster.elect(1)
        cluster.tick(2)
        cluster.drop = { message in
            guard message.from == 3, case .appendResponse = message.kind else { return false }
            return true
        }
        cluster.delivered = []
        for i in 0..<10 { try cluster.propose(UInt8(i), "v", via: 1) }
        func appends(to id: UInt64) -> Int {
            cluster.delivered.filter { message in
                guard message.to == id, case let .append(_, _, entries, _) = message.kind else { return false }
                return !entries.isEmpty
            }.count
        }
        #expect(appends(to: 2) == 10)
        #expect(appends(to: 3) == 3)
        cluster.drop = nil
        cluster.tick(6)
        #expect(cluster.machines[3]?.stateHash == cluster.machines[1]?.stateHash)
    }

    @Test func conflictingUncommittedEntriesAreRepaired() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        try cluster.propose(1, "base", via: 1)
        cluster.isolated = [1]
        // The old leader appends entries no one else sees.
        let lost = try cluster.propose(2, "lost", via: 1)
        try cluster.propose(3, "lost too", via: 1)
        #expect(cluster.tick(until: { cluster.leaders.contains(where: { $0 != 1 }) }))
        let leader = try #require(cluster.leaders.first(where: { $0 != 1 }))
        let kept = try cluster.propose(2, "kept", via: leader)
        #expect(kept.term > lost.term)
        cluster.isolated = []
        #expect(cluster.tick(until: { cluster.node(1).appliedIndex == cluster.node(leader).commitIndex }))
        #expect(cluster.log(of: 1) == cluster.log(of: leader))
        #expect(cluster.machines[1]?.values[2] == Array("kept".utf8))
        #expect(cluster.machines[1]?.values[3] == nil)
        #expect(cluster.log(of: 1).first { $0.index == lost.index }?.term == kept.term)
        #expect(cluster.machines[1]?.stateHash == cluster.machines[leader]?.stateHash)
    }
}

@Suite struct LeadershipTransferScenarioTests {
    @Test func transferHandsLeadershipToACaughtUpVoter() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolated = [3]
        for i in 0..<5 { try cluster.propose(UInt8(i), "v\(i)", via: 1) }
        cluster.isolated = []
        try cluster.node(1).transferLeadership(to: 3)
        // Node 3 lags, so the transfer is still under way: proposals are refused meanwhile.
        let error = #expect(throws: RaftError.self) { try cluster.node(1).propose([9]) }
        #expect(error?.code == "raft.transfer_in_progress")
        cluster.settle()
        #expect(cluster.leaders == [3])
        #expect(cluster.node(1).leader == 3)
        try cluster.propose(9, "after", via: 3)
        #expect(cluster.machines[1]?.values[9] == Array("after".utf8))
    }

    @Test func transferToANonVoterIsRefused() throws {
        let cluster = try TestCluster(voters: [1, 2])
        cluster.elect(1)
        #expect(throws: RaftError.self) { try cluster.node(1).transferLeadership(to: 7) }
    }
}

@Suite struct MembershipScenarioTests {
    @Test func learnerCatchesUpThenIsPromoted() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        for i in 0..<10 { try cluster.propose(UInt8(i), "v\(i)", via: 1) }
        try cluster.addEmptyNode(4)
        try cluster.node(1).proposeConfChange(ConfChange(.addLearner, 4))
        cluster.tick(5)
        #expect(cluster.node(1).confState == ConfState(voters: [1, 2, 3], learners: [4]))
        #expect(cluster.machines[4]?.stateHash == cluster.machines[1]?.stateHash)
        #expect(cluster.node(4).confState.isLearner(4))

        // As a learner, node 4 does not count: with 2 and 3 away nothing commits.
        cluster.isolated = [2, 3]
        let stalled = try cluster.propose(20, "stalled", via: 1)
        #expect(cluster.node(1).commitIndex < stalled.index)
        cluster.isolated = []
        cluster.tick(3)

        try cluster.node(1).proposeConfChange(ConfChange(.promote, 4))
        cluster.tick(3)
        #expect(cluster.node(1).confState.voters == [1, 2, 3, 4])
        // Now 1, 3 and 4 are a quorum of four.
        cluster.isolated = [2]
        let committed = try cluster.propose(21, "with four", via: 1)
        #expect(cluster.node(1).commitIndex >= committed.index)
    }

    @Test func aDemotedVoterKeepsReplicatingButNoLongerCounts() throws {
        let cluster = try TestCluster(voters: [1, 2, 3, 4])
        cluster.elect(1)
        try cluster.node(1).proposeConfChange(ConfChange(.demote, 4))
        cluster.settle()
        #expect(cluster.node(1).confState == ConfState(voters: [1, 2, 3], learners: [4]))
        #expect(cluster.node(4).confState.isLearner(4))
        try cluster.propose(1, "after", via: 1)
        cluster.tick(3)
        #expect(cluster.machines[4]?.values[1] == Array("after".utf8))
        // 1 and 4 are no quorum any more.
        cluster.isolated = [2, 3]
        let stalled = try cluster.propose(2, "stalled", via: 1)
        #expect(cluster.node(1).commitIndex < stalled.index)
    }

    @Test func aChangeTheApplicationRefusesLeavesTheConfigurationAndFreesTheNextChange() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.refusedContext = [0xEE]
        try cluster.node(1).proposeConfChange(ConfChange(.remove, 3, context: [0xEE]))
        cluster.settle()
        for id: UInt64 in [1, 2, 3] { #expect(cluster.node(id).confState.voters == [1, 2, 3]) }
        try cluster.node(1).proposeConfChange(ConfChange(.remove, 3, context: [0x01]))
        cluster.settle()
        #expect(cluster.node(1).confState.voters == [1, 2])
    }

    @Test func aChangeCarriesItsContextThroughTheEncoding() throws {
        let change = ConfChange(.promote, 7, context: Array(0..<200))
        #expect(try ConfChange(decoding: change.encoded()) == change)
        #expect(try ConfChange(decoding: ConfChange(.demote, 7).encoded()) == ConfChange(.demote, 7))
    }

    @Test func oneMembershipChangeAtATime() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolated = [2, 3]
        try cluster.node(1).proposeConfChange(ConfChange(.addLearner, 4))
        let error = #expect(throws: RaftError.self) { try cluster.node(1).proposeConfChange(ConfChange(.addLearner, 5)) }
        #expect(error?.code == "raft.conf_change_pending")
    }

    @Test(arguments: [ConfChange(.promote, 2), ConfChange(.addLearner, 2), ConfChange(.addVoter, 1), ConfChange(.remove, 9),
                      ConfChange(.demote, 9)])
    func invalidMembershipChangesAreRefused(change: ConfChange) throws {
        let cluster = try TestCluster(voters: [1, 2])
        cluster.elect(1)
        let error = #expect(throws: RaftError.self) { try cluster.node(1).proposeConfChange(change) }
        #expect(error?.code == "raft.invalid_conf_change")
    }

    @Test func removedLeaderStepsDownAndTheRestGoOn() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        try cluster.propose(1, "before", via: 1)
        try cluster.node(1).proposeConfChange(ConfChange(.remove, 1))
        cluster.settle()
        #expect(cluster.node(1).role == .follower)
        #expect(cluster.tick(until: { cluster.leaders.count == 1 && cluster.leaders != [1] }, limit: 50))
        let leader = try #require(cluster.leaders.first)
        #expect(cluster.node(leader).confState.voters == [2, 3])
        try cluster.propose(2, "after", via: leader)
        cluster.tick(3)
        #expect(cluster.machines[2]?.values[2] == Array("after".utf8))
        #expect(cluster.machines[3]?.stateHash == cluster.machines[2]?.stateHash)
        cluster.tick(100)
        #expect(cluster.node(1).role == .follower)
    }
}

@Suite struct PersistenceScenarioTests {
    @Test func laggingNodeInstallsASnapshot() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolated = [3]
        for i in 0..<20 { try cluster.propose(UInt8(i % 8), "v\(i)", via: 1) }
        cluster.tick(2)
        try cluster.compact(1)
        let firstIndex = try cluster.storages[1]!.firstIndex()
        cluster.isolated = []
        #expect(cluster.tick(until: { cluster.machines[3]?.appliedIndex == cluster.node(1).commitIndex }, limit: 20))
        #expect(cluster.snapshotsSent >= 1)
        #expect(try cluster.storages[3]!.firstIndex() == firstIndex)
        #expect(cluster.machines[3]?.stateHash == cluster.machines[1]?.stateHash)
        try cluster.propose(30, "after snapshot", via: 1)
        #expect(cluster.machines[3]?.values[30] == Array("after snapshot".utf8))
    }

    @Test func snapshotReportedLostIsSentAgain() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolated = [3]
        for i in 0..<20 { try cluster.propose(UInt8(i % 8), "v\(i)", via: 1) }
        cluster.tick(2)
        try cluster.compact(1)
        var lost = 0
        cluster.drop = { message in
            guard case .snapshot = message.kind, lost == 0 else { return false }
            lost += 1
            return true
        }
        cluster.isolated = []
        #expect(cluster.tick(until: { cluster.machines[3]?.appliedIndex == cluster.node(1).commitIndex }, limit: 20))
        #expect(lost == 1)
        #expect(cluster.snapshotsSent == 1)
        #expect(cluster.machines[3]?.stateHash == cluster.machines[1]?.stateHash)
    }

    @Test func newNodeSyncsFromASnapshotWithoutTheWholeHistory() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        for i in 0..<30 { try cluster.propose(UInt8(i % 8), "v\(i)", via: 1) }
        cluster.tick(2)
        try cluster.compact(1)
        try cluster.addEmptyNode(4)
        try cluster.node(1).proposeConfChange(ConfChange(.addLearner, 4))
        #expect(cluster.tick(until: { cluster.machines[4]?.appliedIndex == cluster.node(1).commitIndex }, limit: 20))
        #expect(cluster.snapshotsSent == 1)
        #expect(try cluster.storages[4]!.firstIndex() > 1)
        #expect(cluster.machines[4]?.stateHash == cluster.machines[1]?.stateHash)
        #expect(cluster.node(4).confState == ConfState(voters: [1, 2, 3], learners: [4]))
    }

    @Test func restartResumesFromPersistedState() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        for i in 0..<6 { try cluster.propose(UInt8(i), "v\(i)", via: 1) }
        cluster.tick(2)
        let before = cluster.node(2).hardState
        let logBefore = cluster.log(of: 2)
        let hashBefore = cluster.machines[2]!.stateHash
        cluster.crash(2)
        try cluster.restart(2)
        let restarted = cluster.node(2)
        #expect(restarted.hardState == before)
        #expect(restarted.lastIndex == logBefore.last?.index)
        #expect(restarted.role == .follower)
        // The committed log is handed out again in batches of at most five.
        let firstBatch = try #require(restarted.ready())
        #expect(firstBatch.committedEntries.map(\.index) == [1, 2, 3, 4, 5])
        #expect(firstBatch.hardState == nil && firstBatch.entries.isEmpty)
        cluster.machines[2] = KVStateMachine()
        firstBatch.committedEntries.forEach { cluster.machines[2]!.apply($0) }
        restarted.advance(firstBatch)
        cluster.settle()
        // Committed entries are applied again from the log and give the same state.
        #expect(cluster.machines[2]?.stateHash == hashBefore)
        #expect(cluster.log(of: 2) == logBefore)
        #expect(restarted.confState.voters == [1, 2, 3])
        try cluster.propose(40, "after restart", via: 1)
        #expect(cluster.machines[2]?.values[40] == Array("after restart".utf8))
    }

    @Test func wholeClusterRestartElectsAndKeepsCommittedState() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        for i in 0..<6 { try cluster.propose(UInt8(i), "v\(i)", via: 1) }
        cluster.tick(2)
        let hash = cluster.machines[1]!.stateHash
        let term = cluster.node(1).term
        for id in [UInt64(1), 2, 3] { cluster.crash(id) }
        for id in [UInt64(1), 2, 3] { try cluster.restart(id) }
        cluster.settle()
        #expect(cluster.machines.values.allSatisfy { $0.stateHash == hash })
        #expect(cluster.tick(until: { cluster.leaders.count == 1 }))
        #expect(try cluster.node(#require(cluster.leaders.first)).term > term)
    }
}
