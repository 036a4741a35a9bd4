import BaaSCrypto
import Foundation
import Testing
@testable import BaaSLedger

struct BlockSizeTests {
    @Test func aFullBlockOfTransfersCommitsAndReopens() throws {
        let network = try TestNetwork(users: 50)
        let node = try network.node("big.db")
        let perUser = 100
        let signStart = Date()
        var encoded: [[UInt8]] = []
        for user in network.users {
            for nonce in 0..<perUser {
                encoded.append(try user.builder.transfer(to: network.admin.address, amount: 1, nonce: UInt64(nonce),
                                                         sender: nonce == 0 ? .certificate : .certificate))
            }
        }
        let admitStart = Date()
        for tx in encoded { try node.pool.admit(tx) }
        let blockStart = Date()
        let (block, receipts) = try node.produceBlock()
        let end = Date()
        #expect(block.transactions.count == 5_000)
        #expect(receipts.allSatisfy { $0.status == .success })
        #expect(node.store.account(network.admin.address).balance == 5_000)
        print("sign \(admitStart.timeIntervalSince(signStart))s admit \(blockStart.timeIntervalSince(admitStart))s block \(end.timeIntervalSince(blockStart))s")
        let reopened = try network.node("big.db")
        #expect(reopened.store.stateRoot == node.store.stateRoot)
    }
}
