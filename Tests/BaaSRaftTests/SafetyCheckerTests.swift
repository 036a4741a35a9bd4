import Testing
import BaaSRaft

/// The checker must catch broken histories, or a passing simulation proves nothing.
@Suite struct SafetyCheckerTests {
    private func entry(_ term: UInt64, _ index: UInt64, _ data: [UInt8] = []) -> RaftEntry {
        RaftEntry(term: term, index: index, kind: .normal, data: data)
    }

    @Test func reportsTwoLeadersInOneTerm() {
        let checker = SafetyChecker()
        checker.leaderElected(1, term: 4)
        checker.leaderElected(1, term: 4)
        checker.leaderElected(2, term: 5)
        #expect(checker.violations.isEmpty)
        checker.leaderElected(3, term: 5)
        #expect(checker.violations.count == 1)
        #expect(checker.violations.first?.hasPrefix("election safety") == true)
    }

    @Test func reportsDifferentEntriesAppliedAtOneIndex() {
        let checker = SafetyChecker()
        checker.applied(node: 1, entry: entry(2, 7, [1]), stateHash: 10)
        checker.applied(node: 2, entry: entry(2, 7, [1]), stateHash: 10)
        #expect(checker.violations.isEmpty)
        checker.applied(node: 3, entry: entry(2, 7, [2]), stateHash: 10)
        #expect(checker.violations.first?.hasPrefix("state machine safety") == true)
    }

    @Test func reportsDivergentStateAtOneIndex() {
        let checker = SafetyChecker()
        checker.applied(node: 1, entry: entry(2, 7, [1]), stateHash: 10)
        checker.checkState(node: 2, index: 7, stateHash: 11)
        #expect(checker.violations.first?.hasPrefix("state machine safety") == true)
    }

    @Test func reportsLogsThatAgreeLaterButDifferEarlier() {
        let checker = SafetyChecker()
        let a = [entry(1, 1, [1]), entry(1, 2, [2]), entry(2, 3, [3])]
        let consistent = [entry(1, 1, [1]), entry(1, 2, [2]), entry(3, 3, [9])]
        checker.checkLogMatching([1: a, 2: consistent])
        #expect(checker.violations.isEmpty)
        let broken = [entry(1, 1, [1]), entry(1, 2, [7]), entry(2, 3, [3])]
        checker.checkLogMatching([1: a, 2: broken])
        #expect(checker.violations.first?.hasPrefix("log matching") == true)
    }

    @Test func reportsALeaderMissingACommittedEntry() {
        let checker = SafetyChecker()
        checker.committed(index: 5, entryTerm: 2, leaderTerm: 3)
        let log: [UInt64: UInt64] = [4: 2, 5: 2]
        checker.checkLeaderCompleteness(1, term: 4) { log[$0] }
        // A leader of an older term may legitimately lack it.
        checker.checkLeaderCompleteness(2, term: 3) { _ in 1 }
        #expect(checker.violations.isEmpty)
        checker.checkLeaderCompleteness(3, term: 5) { $0 == 5 ? 4 : 2 }
        #expect(checker.violations.first?.hasPrefix("leader completeness") == true)
    }

    @Test func reportsAnIndexCommittedWithTwoTerms() {
        let checker = SafetyChecker()
        checker.committed(index: 5, entryTerm: 2, leaderTerm: 3)
        checker.committed(index: 5, entryTerm: 3, leaderTerm: 4)
        #expect(checker.violations.first?.hasPrefix("commit safety") == true)
    }

    /// A storage that loses its last writes on a crash (an fsync that lied) breaks Raft; the
    /// simulation must notice within a modest number of seeds.
    @Test func simulationCatchesAStorageThatLosesWritesOnCrash() {
        var caught: (seed: UInt64, problems: [String])?
        for seed in UInt64(0)..<300 {
            var options = Simulation.options(forSeed: seed)
            options.loseWritesOnCrash = true
            options.crashRate = 0.05
            let problems = Simulation(seed: seed, options: options).run()
            if !problems.isEmpty {
                caught = (seed, problems)
                break
            }
        }
        #expect(caught != nil, "300 seeds with a lying storage went unnoticed")
    }
}

@Suite struct SimulationDeterminismTests {
    @Test func aSeedReplaysExactly() {
        let first = Simulation(seed: 77, options: Simulation.options(forSeed: 77))
        let second = Simulation(seed: 77, options: Simulation.options(forSeed: 77))
        #expect(first.run() == second.run())
        #expect(first.summary == second.summary)
        let other = Simulation(seed: 78, options: Simulation.options(forSeed: 78))
        _ = other.run()
        #expect(other.summary != first.summary)
    }

    @Test func seedsExerciseEveryKindOfFault() {
        var totals = Simulation.Stats()
        for seed in UInt64(0)..<30 {
            let simulation = Simulation(seed: seed, options: Simulation.options(forSeed: seed))
            #expect(simulation.run().isEmpty, "seed \(seed)")
            let s = simulation.stats
            totals.elections += s.elections
            totals.crashes += s.crashes
            totals.partitions += s.partitions
            totals.snapshotsInstalled += s.snapshotsInstalled
            totals.confChanges += s.confChanges
            totals.demotions += s.demotions
            totals.refusedConfChanges += s.refusedConfChanges
            totals.transfers += s.transfers
            totals.committed += s.committed
        }
        #expect(totals.elections > 30)
        #expect(totals.crashes > 5)
        #expect(totals.partitions > 10)
        #expect(totals.snapshotsInstalled > 5)
        #expect(totals.confChanges > 10)
        #expect(totals.demotions > 0)
        #expect(totals.refusedConfChanges > 0)
        #expect(totals.transfers > 5)
        #expect(totals.committed > 30 * 20)
    }
}
