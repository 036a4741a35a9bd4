import BaaSCrypto
import Testing
@testable import BaaSLedger

struct BlockSizeTests {
    @Test func aFullBlockOfFiveThousandTransfersCommitsInOneGoAndReopens() throws {
        let network = try TestNetwork(users: 50)
        let node = try network.node("big.db")
        let perUser = 100
        var encoded: [[UInt8]] = []
        for user in network.users {
            for nonce in 0..<perUser {
                encoded.append(try user.builder.transfer(to: network.admin.address, amount: 1, nonce: UInt64(nonce)))
            }
        }
        for tx in encoded { try node.pool.admit(tx) }
        let (block, receipts) = try node.produceBlock()
        #expect(block.transactions.count == 5_000)
        #expect(receipts.allSatisfy { $0.status == .success })
        #expect(node.store.account(network.admin.address).balance == 5_000)
        #expect(try node.store.block(at: 1) == block)
        let reopened = try network.node("big.db")
        #expect(reopened.store.stateRoot == node.store.stateRoot)
    }
}
