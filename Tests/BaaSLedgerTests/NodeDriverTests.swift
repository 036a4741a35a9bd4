import BaaSCore
import BaaSRaft
import Foundation
import Testing
@testable import BaaSLedger

struct NodeDriverTests {
    /// A driver over a fresh store of `network`, whose Raft messages go nowhere.
    static func driver(_ network: TestNetwork, metrics: NodeMetrics) throws -> RaftDriver {
        let node = try network.node("driver.db")
        return try RaftDriver(nodeID: 1, store: node.store, pool: node.pool, validator: node.validator, metrics: metrics,
                              waiters: CommitWaiters(), logger: Logger(label: "test", sink: InMemoryLogSink()))
    }

    @Test func aCorruptedBlockFromTheLeaderIsRefusedAndTheNextValidOneCommits() async throws {
        let network = try TestNetwork()
        let metrics = NodeMetrics()
        let driver = try Self.driver(network, metrics: metrics)

        // Another view of the same chain builds the block that node 2, acting as leader, sends
        // (the genesis of the test network has node 1 as its only validator, so it is named proposer).
        let proposer = try network.node("proposer.db")
        try proposer.pool.admit(network.users[0].builder.transfer(to: network.users[1].address, amount: 7, nonce: 0))
        let selected = proposer.pool.select(maxCount: 10, maxBytes: 1 << 20)
        let (valid, _) = proposer.store.propose(selected, proposer: 1, timestampMilliseconds: 1_764_000_100_000,
                                                raftTerm: 5, raftIndex: 3)
        var corrupted = proposer.store.propose(selected, proposer: 1, timestampMilliseconds: 1_764_000_100_000,
                                               raftTerm: 5, raftIndex: 2).block
        corrupted.header.stateRoot[0] ^= 0xff

        // Delivered right after the start, well before this node's own election timeout.
        driver.start { _ in false }
        defer { driver.stop() }
        let entries = [RaftEntry(term: 5, index: 2, data: corrupted.encoded()),
                       RaftEntry(term: 5, index: 3, data: valid.encoded()),
                       RaftEntry(term: 5, index: 4, data: [0xde, 0xad])]
        driver.deliver(RaftMessage(from: 2, to: 1, term: 5,
                                   kind: .append(prevIndex: 1, prevTerm: 1, entries: entries, commit: 4)))
        let applied = await NodeCluster.eventually(10) { driver.status.appliedIndex >= 4 }
        #expect(applied)
        #expect(driver.store.head.height == 1)
        #expect(driver.store.head.hash(network.genesis.hashAlgorithm) == valid.hash(network.genesis.hashAlgorithm))
        #expect(driver.store.account(network.users[1].address).balance == 1_000_007)
        let text = metrics.render(height: 1, poolSize: 0, peers: 0, clients: 0, isLeader: false, term: 5)
        #expect(text.contains("baas_ledger_blocks_rejected_total 2"))
        #expect(text.contains("baas_ledger_transactions_committed_total 1"))
    }

    @Test func aSingleNodeElectsItselfAndCommitsPooledTransactionsAsBlocks() async throws {
        let network = try TestNetwork()
        let metrics = NodeMetrics()
        let driver = try Self.driver(network, metrics: metrics)
        driver.start { _ in false }
        defer { driver.stop() }
        for nonce in 0..<3 as Range<UInt64> {
            try driver.pool.admit(network.users[0].builder.transfer(to: network.users[2].address, amount: 1, nonce: nonce))
        }
        let committed = await NodeCluster.eventually(20) { driver.store.account(network.users[0].address).nonce == 3 }
        #expect(committed)
        #expect(driver.status.role == .leader)
        #expect(driver.pool.count == 0)
        #expect(metrics.transactionsCommitted == 3)
    }
}

struct NodeWireTests {
    @Test func peerMessagesRoundTripAndGarbageIsRefusedWithoutTrapping() throws {
        let raft = PeerMessage.raft(RaftMessage(from: 1, to: 2, term: 3, kind: .heartbeat(commit: 9)))
        #expect(try PeerMessage(decoding: raft.encoded()) == raft)
        let transactions = PeerMessage.transactions([[1, 2, 3], [], [4]])
        #expect(try PeerMessage(decoding: transactions.encoded()) == transactions)
        for garbage: [UInt8] in [[], [9], [1], [2], [2, 5, 1], [2, 1, 1, 7, 0]] {
            #expect(throws: (any Error).self) { try PeerMessage(decoding: garbage) }
        }
    }

    @Test func configurationResolvesRelativePathsAndRefusesMistakes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ text: String) -> String {
            let path = directory.appendingPathComponent("config.json").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return path
        }
        let good = """
            {"nodeId": 2, "dataDirectory": "data", "genesis": "/etc/genesis.json", "p2pListen": "127.0.0.1:7003",
             "apiListen": "127.0.0.1:7004", "peers": {"1": "127.0.0.1:7001"},
             "tls": {"certificate": "node.pem", "key": "node.key", "ca": "../ca.pem"}}
            """
        let configuration = try NodeConfiguration.load(path: write(good))
        #expect(configuration.dataDirectory == directory.path + "/data")
        #expect(configuration.genesis == "/etc/genesis.json")
        #expect(configuration.tls.ca == directory.path + "/../ca.pem")
        #expect(try configuration.peerAddresses()[1]?.port == 7001)

        let mistakes = [
            good.replacingOccurrences(of: "\"nodeId\": 2", with: "\"nodeId\": 0"),
            good.replacingOccurrences(of: "127.0.0.1:7004", with: "localhost"),
            good.replacingOccurrences(of: "\"1\": \"127.0.0.1:7001\"", with: "\"2\": \"127.0.0.1:7001\""),
            good.replacingOccurrences(of: "\"1\":", with: "\"one\":"),
            "{not json",
        ]
        for text in mistakes {
            #expect(throws: LedgerError("ledger.config", "")) { try NodeConfiguration.load(path: write(text)) }
        }
        #expect(throws: LedgerError("ledger.config", "")) { try NodeConfiguration.load(path: directory.path + "/missing.json") }
    }
}
