import BaaSCrypto
import Testing
@testable import BaaSLedger

/// The receipts of committed transactions: staged in commit order, then moved into the hash
/// index in batches; a lookup must find every one at every moment, also after a restart.
struct TransactionIndexTests {
    /// Every transaction of `blocks` is found at its height and position with its receipt, and
    /// each block's receipts come back in order.
    static func expectIndexed(_ store: LedgerStore, _ blocks: [(Block, [Receipt])], algorithm: DigestAlgorithm,
                              _ comment: Comment) throws {
        for (block, receipts) in blocks {
            #expect(try store.receipts(at: block.header.height) == receipts, comment)
            for (position, bytes) in block.transactions.enumerated() {
                let found = try store.receipt(transaction: Digest.hash(bytes, algorithm: algorithm))
                #expect(found?.height == block.header.height, comment)
                #expect(found?.position == position, comment)
                #expect(found?.receipt == receipts[position], comment)
            }
        }
    }

    /// `slices` 1 moves all staged rows at once; more move one hash range per block (a round
    /// of 4 over 4 blocks covers every hash, so rows of the first block are indexed by the end).
    @Test(arguments: [(1, 1), (5, 1), (1_000, 1), (1, 4), (5, 3), (1_000, 16)])
    func receiptsAreFoundBeforeAndAfterMovingIntoTheIndexAndAfterARestart(batchRows: Int, slices: Int) throws {
        let network = try TestNetwork()
        var produced: [(Block, [Receipt])] = []
        do {
            let node = try TestNode(store: LedgerStore(path: network.path("node.db"), genesis: network.genesis,
                                                       indexBatchRows: batchRows, indexSlices: slices),
                                    identities: network.identities)
            for round in 0..<4 {
                for (index, user) in network.users.enumerated() {
                    try node.pool.admit(user.builder.transfer(to: network.users[(index + 1) % network.users.count].address,
                                                              amount: UInt64(round + 1), nonce: UInt64(round)))
                }
                produced.append(try node.produceBlock(time: 1_764_000_001_000 + UInt64(round)))
                try Self.expectIndexed(node.store, produced, algorithm: .sha256, "batch \(batchRows)/\(slices), block \(round + 1)")
            }
            let indexed = try node.store.database.queryFirst("SELECT count(*) AS n FROM transactions")?.int("n") ?? -1
            let staged = try node.store.database.queryFirst("SELECT count(*) AS n FROM transactions_recent")?.int("n") ?? -1
            #expect(indexed + staged == 4 * network.users.count)
            // All at once leaves fewer than a batch staged; by ranges, the other ranges wait.
            if slices == 1 { #expect(staged < batchRows) }
            #expect(batchRows > 4 * network.users.count ? indexed == 0 : indexed > 0)
        }
        let reopened = try LedgerStore(path: network.path("node.db"), genesis: network.genesis, indexBatchRows: batchRows,
                                       indexSlices: slices)
        try Self.expectIndexed(reopened, produced, algorithm: .sha256, "batch \(batchRows)/\(slices), reopened")
        #expect(try reopened.receipt(transaction: [UInt8](repeating: 7, count: 32)) == nil)
    }

    @Test(arguments: [(1, 1), (2, 1), (1_000, 1), (1, 2), (2, 16)])
    func aReplayedTransactionKeepsOnlyItsFirstReceipt(batchRows: Int, slices: Int) throws {
        let network = try TestNetwork()
        let node = try TestNode(store: LedgerStore(path: network.path("node.db"), genesis: network.genesis,
                                                   indexBatchRows: batchRows, indexSlices: slices),
                                identities: network.identities)
        let user = network.users[0]
        let tx = try node.pool.admit(user.builder.transfer(to: network.users[1].address, amount: 3, nonce: 0))
        let (first, firstReceipts) = try node.produceBlock()
        // A proposer that lets the replay through: it executes as a failed transaction.
        let head = node.store.head
        let (replay, changes) = node.store.propose([tx], proposer: 1, timestampMilliseconds: 1_764_000_002_000,
                                                   raftTerm: 1, raftIndex: head.raftIndex + 1)
        try node.store.commit(replay, validator: node.validator, precomputed: changes)
        let found = try #require(try node.store.receipt(transaction: tx.hash))
        #expect(found.height == first.header.height)
        #expect(found.receipt == firstReceipts[0])
        #expect(try node.store.receipts(at: replay.header.height).isEmpty)
        // Moving the staged rows into the index (the next commits) keeps the first one.
        for nonce in 1...3 {
            try node.pool.admit(user.builder.transfer(to: network.users[1].address, amount: 1, nonce: UInt64(nonce)))
            try node.produceBlock(time: 1_764_000_003_000 + UInt64(nonce))
        }
        #expect(try node.store.receipt(transaction: tx.hash)?.height == first.header.height)
        #expect(try node.store.receipts(at: replay.header.height).isEmpty)
    }
}
