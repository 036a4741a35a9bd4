import BaaSRaft

/// A whole Raft cluster in one thread under a seeded scheduler: a network that loses, duplicates,
/// delays and reorders messages, partitions that heal, crashes and restarts from what was
/// persisted, random proposals, membership changes and leadership transfers. Everything random
/// comes from the seed, so a seed replays exactly.
///
/// `run()` drives a chaotic phase, then heals everything and waits for convergence; it returns
/// what went wrong (empty when the run was correct).
final class Simulation {
    struct Options {
        var voters: Int
        var chaosTicks = 220
        var convergenceTicks = 1_500
        var lossRate = 0.05
        var duplicateRate = 0.03
        var maxDelay = 3
        var crashRate = 0.006
        var restartRate = 0.06
        var partitionRate = 0.008
        var proposeRate = 0.3
        var confChangeRate = 0.01
        var transferRate = 0.006
        /// Each node handles its pending `Ready` in a round with this probability, so a crash
        /// can catch it with entries not yet persisted and messages not yet sent.
        var readyRate = 0.8
        var snapshotEvery: UInt64 = 25
        var maxEntriesPerAppend = 8
        /// Break the storage on purpose: a crash loses the vote and the last persisted entries,
        /// as with a disk that acknowledged writes it did not keep. For testing the checker.
        var loseWritesOnCrash = false
    }

    private struct Running {
        var node: RaftNode
        var machine: KVStateMachine
    }

    private struct InFlight {
        var deliverAt: Int
        var message: RaftMessage
    }

    let seed: UInt64
    let options: Options
    private var random: SeededRandom
    private var now = 0
    private var chaos = true
    private var running: [UInt64: Running] = [:]
    private var storages: [UInt64: InMemoryRaftStorage] = [:]
    private var nextID: UInt64
    private var network: [InFlight] = []
    private var partition: (side: Set<UInt64>, healAt: Int)?
    private var proposals: [LogPosition: [UInt8]] = [:]
    private var acknowledged: [LogPosition] = []
    private var proposalCounter: UInt64 = 0
    let checker = SafetyChecker()
    private(set) var stats = Stats()
    private let trace: ((String) -> Void)?

    struct Stats {
        var elections = 0
        var committed: UInt64 = 0
        var crashes = 0
        var snapshotsInstalled = 0
        var confChanges = 0
        /// Of those, demotions of a voter and changes the application refuses when applying.
        var demotions = 0
        var refusedConfChanges = 0
        var transfers = 0
        var partitions = 0
        var convergedAtTick = 0
    }

    init(seed: UInt64, options: Options, trace: ((String) -> Void)? = nil) {
        self.seed = seed
        self.options = options
        self.trace = trace
        random = SeededRandom(seed: seed)
        let voters = (1...UInt64(options.voters)).map { $0 }
        nextID = UInt64(options.voters) + 1
        for id in voters {
            storages[id] = InMemoryRaftStorage(bootstrapVoters: voters)
            start(id)
        }
    }

    /// The options a seed runs with: 3, 4 or 5 voters by `seed % 3`, and every other seed a
    /// stormy network (more loss, duplication, delay, crashes, partitions and changes).
    static func options(forSeed seed: UInt64) -> Options {
        var options = Options(voters: 3 + Int(seed % 3))
        if (seed / 3) % 2 == 1 {
            options.lossRate = 0.15
            options.duplicateRate = 0.08
            options.maxDelay = 6
            options.crashRate = 0.015
            options.partitionRate = 0.02
            options.confChangeRate = 0.025
            options.transferRate = 0.015
            options.readyRate = 0.6
            options.snapshotEvery = 12
            options.maxEntriesPerAppend = 1
        }
        return options
    }

    private func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

    private func log(_ text: @autoclosure () -> String) {
        trace?("[\(now)] \(text())")
    }

    // MARK: - Nodes

    private func start(_ id: UInt64) {
        let storage = storages[id]!
        let config = RaftConfig(id: id, electionTicks: 10..<20, heartbeatTicks: 2, preVote: true,
                                checkQuorum: true, maxEntriesPerAppend: options.maxEntriesPerAppend, maxInflight: 4)
        do {
            let node = try RaftNode(config: config, storage: storage, random: SeededRandom(seed: random.next()))
            let snapshot = try storage.snapshot()
            let machine = KVStateMachine(snapshot: snapshot.data)
            if !snapshot.isEmpty {
                checker.checkState(node: id, index: snapshot.metadata.index, stateHash: machine.stateHash)
            }
            running[id] = Running(node: node, machine: machine)
        } catch {
            failures.append("node \(id) failed to restart: \(error)")
        }
    }

    private var failures: [String] = []

    private var runningIDs: [UInt64] { running.keys.sorted() }

    private func crash(_ id: UInt64) {
        log("crash \(id)")
        running[id] = nil
        stats.crashes += 1
        if options.loseWritesOnCrash { storages[id] = damagedCopy(of: storages[id]!) }
    }

    private func damagedCopy(of storage: InMemoryRaftStorage) -> InMemoryRaftStorage {
        let copy = InMemoryRaftStorage()
        do {
            let snapshot = try storage.snapshot()
            if !snapshot.isEmpty { try copy.apply(snapshot: snapshot) }
            let first = try storage.firstIndex()
            let last = try storage.lastIndex()
            if last >= first {
                let kept = try storage.entries(from: first, to: last + 1, maxCount: .max).dropLast(3)
                try copy.append(Array(kept))
            }
            let hard = storage.storedHardState
            let newLast = try copy.lastIndex()
            copy.setHardState(HardState(term: hard.term, vote: 0, commit: max(min(hard.commit, newLast), snapshot.metadata.index)))
        } catch {
            failures.append("could not damage storage: \(error)")
        }
        return copy
    }

    /// The leader with the highest term among running nodes.
    private var currentLeader: RaftNode? {
        runningIDs.compactMap { running[$0]?.node }.filter { $0.role == .leader }.max { $0.term < $1.term }
    }

    // MARK: - Network

    private func send(_ message: RaftMessage) {
        if chaos && chance(options.lossRate) {
            dropped(message)
            return
        }
        let copies = chaos && chance(options.duplicateRate) ? 2 : 1
        for _ in 0..<copies {
            let delay = Int.random(in: 0...options.maxDelay, using: &random)
            network.append(InFlight(deliverAt: now + delay, message: message))
        }
    }

    /// What a transport tells the sender about a message it could not deliver.
    private func dropped(_ message: RaftMessage) {
        guard let sender = running[message.from]?.node else { return }
        switch message.kind {
        case .snapshot: sender.reportSnapshot(to: message.to, success: false)
        case .append: sender.reportUnreachable(message.to)
        default: break
        }
    }

    private func cut(_ a: UInt64, _ b: UInt64) -> Bool {
        guard let side = partition?.side else { return false }
        return side.contains(a) != side.contains(b)
    }

    /// Delivers, in random order, every message due by now.
    private func deliver() -> Bool {
        var due: [RaftMessage] = []
        var later: [InFlight] = []
        for item in network {
            if item.deliverAt <= now { due.append(item.message) } else { later.append(item) }
        }
        guard !due.isEmpty else { return false }
        network = later
        due.shuffle(using: &random)
        for message in due {
            guard !cut(message.from, message.to), let receiver = running[message.to]?.node else {
                dropped(message)
                continue
            }
            receiver.step(message)
            if case .snapshot = message.kind {
                running[message.from]?.node.reportSnapshot(to: message.to, success: true)
            }
        }
        return true
    }

    // MARK: - Ready

    private func handleReady(_ id: UInt64) -> Bool {
        guard var state = running[id], let ready = state.node.ready() else { return false }
        let storage = storages[id]!
        let node = state.node
        do {
            if let snapshot = ready.snapshot { try storage.apply(snapshot: snapshot) }
            try storage.append(ready.entries)
        } catch {
            failures.append("node \(id) could not persist: \(error)")
        }
        if let hard = ready.hardState { storage.setHardState(hard) }
        for message in ready.messages { send(message) }
        if let snapshot = ready.snapshot {
            state.machine = KVStateMachine(snapshot: snapshot.data)
            stats.snapshotsInstalled += 1
            log("node \(id) installs snapshot at \(snapshot.metadata.index)")
            checker.checkState(node: id, index: snapshot.metadata.index, stateHash: state.machine.stateHash)
        }
        for entry in ready.committedEntries {
            state.machine.apply(entry)
            checker.applied(node: id, entry: entry, stateHash: state.machine.stateHash)
            let position = LogPosition(term: entry.term, index: entry.index)
            if proposals.removeValue(forKey: position) != nil { acknowledged.append(position) }
        }
        // A change whose context starts with 0xFF stands for one the application refuses (its block
        // was skipped): every node refuses it alike, so the configuration stays as it was.
        let refused = Set(ready.committedEntries.filter { entry in
            entry.kind == .confChange && (try? ConfChange(decoding: entry.data))?.context.first == 0xFF
        }.map(\.index))
        node.advance(ready, refusingConfChangesAt: refused)
        running[id] = state
        if let soft = ready.softState, soft.role == .leader {
            stats.elections += 1
            log("node \(id) leads term \(node.term)")
            checker.leaderElected(id, term: node.term)
            // Only indices the log still holds (the snapshot's own index included): asking for
            // others throws, and the test runner captures a backtrace for every thrown error,
            // which made this check most of the simulation's time.
            let held = ((try? storage.firstIndex()) ?? 1) - 1...((try? storage.lastIndex()) ?? 0)
            checker.checkLeaderCompleteness(id, term: node.term) { index in
                held.contains(index) ? try? storage.term(at: index) : nil
            }
        }
        if node.role == .leader {
            recordCommits(of: node, storage: storage)
        }
        maybeSnapshot(id)
        return true
    }

    private var commitSeen: [UInt64: UInt64] = [:]

    private func recordCommits(of leader: RaftNode, storage: InMemoryRaftStorage) {
        let from = max(commitSeen[leader.id] ?? 0, (try? storage.firstIndex()) ?? 1)
        guard leader.commitIndex >= from else { return }
        for index in from...leader.commitIndex {
            if let term = try? storage.term(at: index) {
                checker.committed(index: index, entryTerm: term, leaderTerm: leader.term)
            }
        }
        commitSeen[leader.id] = leader.commitIndex + 1
        stats.committed = max(stats.committed, leader.commitIndex)
    }

    private func maybeSnapshot(_ id: UInt64) {
        guard let state = running[id], let storage = storages[id] else { return }
        let applied = state.machine.appliedIndex
        guard let current = try? storage.snapshot().metadata.index, applied >= current + options.snapshotEvery else { return }
        do {
            try storage.createSnapshot(at: applied, confState: state.node.confState, data: state.machine.snapshotData())
            let first = try storage.firstIndex()
            // Keep a few entries behind the snapshot so a slightly lagging follower needs none.
            if applied > first + 4 { try storage.compact(through: applied - 4) }
        } catch {
            failures.append("node \(id) could not snapshot at \(applied): \(error)")
        }
    }

    private func processReadies(all: Bool) {
        for id in runningIDs where all || chance(options.readyRate) {
            while handleReady(id) {}
        }
    }

    // MARK: - Chaos

    private func randomEvents() {
        if chance(options.proposeRate), let leader = currentLeader {
            proposalCounter += 1
            let key = UInt8.random(in: 0..<16, using: &random)
            let value = withUnsafeBytes(of: proposalCounter.littleEndian, Array.init)
            let data = KVStateMachine.command(key: key, value: value)
            if let position = try? leader.propose(data) { proposals[position] = data }
        }
        if chance(options.confChangeRate), let leader = currentLeader { changeMembership(via: leader) }
        if chance(options.transferRate), let leader = currentLeader {
            let voters = leader.confState.voters.filter { $0 != leader.id }
            if let target = voters.randomElement(using: &random) {
                log("transfer \(leader.id) -> \(target)")
                stats.transfers += 1
                try? leader.transferLeadership(to: target)
            }
        }
        let crashed = storages.keys.sorted().filter { running[$0] == nil }
        for id in crashed where chance(options.restartRate) {
            log("restart \(id)")
            start(id)
        }
        // Keep a majority of the founding voters' worth running, so chaos does not stall the run.
        if chance(options.crashRate), crashed.count < (options.voters - 1) / 2 + 1,
           let victim = runningIDs.randomElement(using: &random) {
            crash(victim)
        }
        if let p = partition, now >= p.healAt {
            log("heal partition")
            partition = nil
        } else if partition == nil, chance(options.partitionRate) {
            let members = storages.keys.sorted()
            let size = Int.random(in: 1...max(1, members.count / 2), using: &random)
            let side = Set(members.shuffled(using: &random).prefix(size))
            partition = (side, now + Int.random(in: 10...80, using: &random))
            stats.partitions += 1
            log("partition \(side.sorted())")
        }
    }

    private func changeMembership(via leader: RaftNode) {
        let conf = leader.confState
        var options: [ConfChange] = []
        if conf.members.count < 7 { options.append(ConfChange(.addLearner, nextID)) }
        for learner in conf.learners { options.append(ConfChange(.promote, learner)) }
        if conf.voters.count > 3 || (conf.voters.count == 3 && conf.learners.isEmpty) {
            for voter in conf.voters { options.append(ConfChange(.remove, voter)) }
        }
        for learner in conf.learners { options.append(ConfChange(.remove, learner)) }
        if conf.voters.count > 3 {
            for voter in conf.voters { options.append(ConfChange(.demote, voter)) }
        }
        guard var change = options.randomElement(using: &random) else { return }
        // Some changes carry application data; one in four of those is refused when applied.
        if chance(0.3) { change.context = [chance(0.25) ? 0xFF : 0x01, UInt8.random(in: 0...255, using: &random)] }
        do {
            try leader.proposeConfChange(change)
            log("propose \(change)")
            stats.confChanges += 1
            if change.kind == .demote { stats.demotions += 1 }
            if change.context.first == 0xFF { stats.refusedConfChanges += 1 }
            if change.kind == .addLearner && change.context.first != 0xFF {
                storages[nextID] = InMemoryRaftStorage()
                start(nextID)
                nextID += 1
            }
        } catch {
            log("conf change \(change) refused: \(error)")
        }
    }

    // MARK: - Run

    private func step(all: Bool) {
        now += 1
        for id in runningIDs { running[id]?.node.tick() }
        for _ in 0..<4 {
            processReadies(all: all)
            if !deliver() { break }
        }
        processReadies(all: all)
    }

    /// Runs the seed; returns every violation and failure found.
    func run() -> [String] {
        for _ in 0..<options.chaosTicks {
            randomEvents()
            step(all: false)
            if !checker.violations.isEmpty || !failures.isEmpty { return report() }
            if now % 50 == 0 { checker.checkLogMatching(persistedLogs()) }
        }
        chaos = false
        partition = nil
        for id in storages.keys.sorted() where running[id] == nil {
            log("restart \(id) for convergence")
            start(id)
        }
        log("healed")
        var converged = false
        for _ in 0..<options.convergenceTicks {
            step(all: true)
            if !checker.violations.isEmpty || !failures.isEmpty { return report() }
            if isConverged() {
                converged = true
                break
            }
        }
        stats.convergedAtTick = now
        checker.checkLogMatching(persistedLogs())
        if !converged { failures.append("no convergence within \(options.convergenceTicks) ticks: \(describeState())") }
        checkAcknowledged()
        return report()
    }

    private func report() -> [String] { checker.violations + failures }

    private func persistedLogs() -> [UInt64: [RaftEntry]] {
        var logs: [UInt64: [RaftEntry]] = [:]
        for (id, storage) in storages {
            guard let first = try? storage.firstIndex(), let last = try? storage.lastIndex(), last >= first else { continue }
            logs[id] = (try? storage.entries(from: first, to: last + 1, maxCount: .max)) ?? []
        }
        return logs
    }

    /// The members of the leader's configuration, with every entry applied, in one state.
    private func isConverged() -> Bool {
        guard let leader = currentLeader, leader.commitIndex == leader.lastIndex,
              leader.leadTransferee == 0 else { return false }
        let members = leader.confState.members
        let hashes = members.map { running[$0].map { ($0.machine.appliedIndex, $0.machine.stateHash) } }
        guard hashes.allSatisfy({ $0?.0 == leader.commitIndex }) else { return false }
        guard Set(hashes.map { $0!.1 }).count == 1 else {
            failures.append("members applied \(leader.commitIndex) with different state hashes")
            return true
        }
        return members.allSatisfy { running[$0]?.node.confState == leader.confState }
    }

    private func checkAcknowledged() {
        for position in acknowledged {
            guard let applied = checker.appliedEntry(at: position.index), applied.term == position.term else {
                failures.append("acknowledged proposal \(position) is not what was applied")
                continue
            }
            if let leader = currentLeader,
               let behind = leader.confState.members.first(where: { (running[$0]?.machine.appliedIndex ?? 0) < position.index }) {
                failures.append("node \(behind) has not applied acknowledged \(position)")
            }
        }
    }

    private func describeState() -> String {
        runningIDs.map { id in
            let s = running[id]!
            return "node \(id): \(s.node.role) term \(s.node.term) leader \(s.node.leader) last \(s.node.lastIndex) "
                + "commit \(s.node.commitIndex) applied \(s.machine.appliedIndex) conf \(s.node.confState)"
        }.joined(separator: "; ")
    }

    /// One line about what the run exercised.
    var summary: String {
        "seed \(seed) (\(options.voters) voters): \(stats.elections) elections, \(stats.committed) committed, "
            + "\(acknowledged.count) acknowledged, \(stats.crashes) crashes, \(stats.partitions) partitions, "
            + "\(stats.snapshotsInstalled) snapshots installed, \(stats.confChanges) membership changes, "
            + "\(stats.transfers) transfers, converged at tick \(stats.convergedAtTick)"
    }
}
