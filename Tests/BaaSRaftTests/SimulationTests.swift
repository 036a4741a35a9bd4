import Foundation
import BaaSTestSupport
import Testing
import BaaSRaft

/// The deterministic simulation over many seeds. `RAFT_SEED=<n>` replays one seed (with a trace
/// on stderr); `RAFT_SEEDS=<count>` runs that many seeds instead of the default for a longer soak.
@Suite(.blocking) struct SimulationTests {
    static let defaultSeeds: UInt64 = 1_020
    static let shards: UInt64 = 12

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static var seedCount: UInt64 { environment["RAFT_SEEDS"].flatMap(UInt64.init) ?? defaultSeeds }

    @Test(arguments: 0..<shards)
    func clusterStaysSafeAndConverges(shard: UInt64) async {
        if let only = Self.environment["RAFT_SEED"].flatMap(UInt64.init) {
            guard shard == 0 else { return }
            let simulation = Simulation(seed: only, options: Simulation.options(forSeed: only)) {
                print($0)
            }
            let problems = simulation.run()
            print(simulation.summary)
            #expect(problems.isEmpty, "seed \(only): \(problems.joined(separator: "\n"))")
            return
        }
        var seed = shard
        while seed < Self.seedCount {
            let simulation = Simulation(seed: seed, options: Simulation.options(forSeed: seed))
            let problems = simulation.run()
            if !problems.isEmpty {
                Issue.record("seed \(seed) failed (replay with RAFT_SEED=\(seed)): \(problems.joined(separator: "\n"))")
                return
            }
            seed += Self.shards
            // The shards are CPU-bound: yielding between seeds lets the rest of the suite, which
            // shares the few cooperative threads, get on instead of stalling (and timing out)
            // until every shard is done.
            await Task.yield()
        }
    }
}
