import BaaSCrypto
import Testing
@testable import BaaSLedger

struct StoreTests {
    /// Fills the pool with a mix of transactions from every user and produces `blocks` blocks.
    static func drive(_ node: TestNode, _ network: TestNetwork, blocks: Int, startNonce: UInt64 = 0) throws -> [Block] {
        var produced: [Block] = []
        for round in 0..<blocks {
            for (index, user) in network.users.enumerated() {
                let nonce = startNonce + UInt64(round * 2)
                let target = network.users[(index + 1) % network.users.count].address
                try node.pool.admit(user.builder.transfer(to: target, amount: UInt64(round + index + 1), nonce: nonce))
                try node.pool.admit(user.builder.put(key: Array("k\(index)-\(round)".utf8), value: [UInt8(round)], nonce: nonce + 1))
            }
            produced.append(try node.produceBlock(time: 1_764_000_001_000 + UInt64(round)).0)
        }
        return produced
    }

    @Test(arguments: [DigestAlgorithm.sha256, .sm3])
    func sameBlocksGiveTheSameStateRootOnTwoStores(hash: DigestAlgorithm) throws {
        let network = try TestNetwork(hash: hash, signature: hash == .sm3 ? .sm2 : .p256)
        let leader = try network.node("leader.db")
        let follower = try network.node("follower.db")
        let blocks = try Self.drive(leader, network, blocks: 3)
        for block in blocks { try follower.store.commit(block, validator: follower.validator) }
        #expect(follower.store.head == leader.store.head)
        #expect(follower.store.stateRoot == leader.store.stateRoot)
        #expect(try follower.store.block(at: 2) == blocks[1])
        #expect(try follower.store.block(hash: blocks[2].hash(hash)) == blocks[2])
    }

    @Test func corruptedBlocksAreRefusedAndChangeNothing() throws {
        let network = try TestNetwork()
        let leader = try network.node("leader.db")
        let follower = try network.node("follower.db")
        let block = try Self.drive(leader, network, blocks: 1)[0]
        let root = follower.store.stateRoot

        var badLink = block
        badLink.header.previousHash[0] ^= 1
        var badState = block
        badState.header.stateRoot[5] ^= 1
        var badReceipts = block
        badReceipts.header.receiptsRoot[5] ^= 1
        var badHeight = block
        badHeight.header.height = 7
        var tamperedTx = block
        tamperedTx.transactions[0][tamperedTx.transactions[0].count - 5] ^= 0x10
        var droppedTx = block
        droppedTx.transactions.removeLast()
        var reordered = block
        reordered.transactions.swapAt(0, 1)
        var garbageTx = block
        garbageTx.transactions[1] = [1, 2, 3]
        var duplicated = block
        duplicated.transactions.append(block.transactions[0])
        var strangerProposed = block
        strangerProposed.header.proposer = 99
        for (name, bad) in [("link", badLink), ("state root", badState), ("receipts root", badReceipts), ("height", badHeight),
                            ("tampered tx", tamperedTx), ("dropped tx", droppedTx), ("reordered", reordered),
                            ("garbage tx", garbageTx), ("duplicate tx", duplicated), ("proposer", strangerProposed)] {
            let error = #expect(throws: LedgerError.self, "\(name)") { try follower.store.commit(bad, validator: follower.validator) }
            #expect(error?.code == "ledger.bad_block", "\(name)")
            #expect(follower.store.head.height == 0)
            #expect(follower.store.stateRoot == root)
        }
        #expect(throws: LedgerError.self) { try Block(decoding: Array(block.encoded().dropLast())) }
        try follower.store.commit(block, validator: follower.validator)
        #expect(follower.store.stateRoot == leader.store.stateRoot)
    }

    @Test func reopeningResumesAtTheSameHeightAndStateRoot() throws {
        let network = try TestNetwork()
        var head: BlockHeader
        var root: [UInt8]
        do {
            let node = try network.node("node.db")
            _ = try Self.drive(node, network, blocks: 4)
            head = node.store.head
            root = node.store.stateRoot
        }
        let reopened = try network.node("node.db")
        #expect(reopened.store.head == head)
        #expect(reopened.store.head.height == 4)
        #expect(reopened.store.stateRoot == root)
        let next = try Self.drive(reopened, network, blocks: 1, startNonce: 8)
        #expect(next[0].header.height == 5)
        #expect(next[0].header.previousHash == head.hash(.sha256))
    }

    @Test func aStoreOfAnotherNetworkIsRefused() throws {
        let network = try TestNetwork()
        _ = try network.node("node.db")
        let other = try TestNetwork()
        let error = #expect(throws: LedgerError.self) { try LedgerStore(path: network.path("node.db"), genesis: other.genesis) }
        #expect(error?.code == "ledger.store")
    }

    @Test func snapshotImportGivesAFreshStoreTheSameStateRoot() throws {
        let network = try TestNetwork()
        let leader = try network.node("leader.db")
        _ = try Self.drive(leader, network, blocks: 3)
        let snapshot = leader.store.exportSnapshot()

        let fresh = try network.node("fresh.db")
        try fresh.store.importSnapshot(snapshot)
        #expect(fresh.store.stateRoot == leader.store.stateRoot)
        #expect(fresh.store.head == leader.store.head)
        #expect(try fresh.store.block(at: 2) == nil)

        let next = try Self.drive(leader, network, blocks: 1, startNonce: 6)[0]
        try fresh.store.commit(next, validator: fresh.validator)
        #expect(fresh.store.stateRoot == leader.store.stateRoot)

        let reopened = try network.node("fresh.db")
        #expect(reopened.store.stateRoot == leader.store.stateRoot)
    }

    @Test func tamperedOrForeignSnapshotsAreRefused() throws {
        let network = try TestNetwork()
        let leader = try network.node("leader.db")
        _ = try Self.drive(leader, network, blocks: 2)
        let snapshot = leader.store.exportSnapshot()
        let fresh = try network.node("fresh.db")
        var tampered = snapshot
        tampered[tampered.count - 1] ^= 1
        for bad in [tampered, Array(snapshot.dropLast()), [1, 2, 3]] {
            let error = #expect(throws: LedgerError.self) { try fresh.store.importSnapshot(bad) }
            #expect(error?.code == "ledger.snapshot")
        }
        let other = try TestNetwork()
        let stranger = try other.node("other.db")
        #expect((#expect(throws: LedgerError.self) { try stranger.store.importSnapshot(snapshot) })?.code == "ledger.snapshot")
        #expect(fresh.store.head.height == 0)
        try fresh.store.importSnapshot(snapshot)
        #expect((#expect(throws: LedgerError.self) { try fresh.store.importSnapshot(snapshot) })?.code == "ledger.snapshot")
    }
}
