import BaaSCrypto
import BaaSRaft
import Testing
@testable import BaaSLedger

@Suite struct MembershipTests {
    private let certificate: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x01]

    @Test func eachMembershipTransactionMapsToOneRaftChange() {
        let v1 = Member(nodeID: 1, role: .validator, certificate: certificate)
        let o2 = Member(nodeID: 2, role: .observer, certificate: certificate)
        var v2 = o2
        v2.role = .validator
        #expect(Membership.changes(from: [v1], to: [v1, o2]) == [ConfChange(.addLearner, 2)])
        #expect(Membership.changes(from: [v1], to: [v1, v2]) == [ConfChange(.addVoter, 2)])
        #expect(Membership.changes(from: [v1, o2], to: [v1, v2]) == [ConfChange(.promote, 2)])
        #expect(Membership.changes(from: [v1, v2], to: [v1, o2]) == [ConfChange(.demote, 2)])
        #expect(Membership.changes(from: [v1, o2], to: [v1]) == [ConfChange(.remove, 2)])
        #expect(Membership.changes(from: [v1, o2], to: [v1, o2]).isEmpty)
        #expect(Membership.confState(of: [v1, o2]) == ConfState(voters: [1], learners: [2]))
    }

    @Test func aBlockTakesOneMembershipTransactionAndHoldsItsSendersLaterOnes() throws {
        let network = try TestNetwork()
        let node = try network.node("m.db")
        let admin = network.admin.builder
        let member = { (id: UInt64) throws in
            Member(nodeID: id, role: .observer, certificate: try network.ca.issue("node \(id)", for: PrivateKey.generate(.p256).publicKey),
                   p2pAddress: "127.0.0.1:\(7000 + id)")
        }
        try node.pool.admit(admin.sign(.addMember(member(2)), nonce: 0).encoded())
        try node.pool.admit(admin.sign(.addMember(member(3)), nonce: 1).encoded())
        try node.pool.admit(admin.sign(.setParameter(.maxTransactionsPerBlock, 9), nonce: 2).encoded())
        try node.pool.admit(network.users[0].builder.transfer(to: network.users[1].address, amount: 1, nonce: 0))
        let selected = node.pool.select(maxCount: 100, maxBytes: 1 << 20)
        #expect(selected.count == 4)
        let limited = Membership.limitedToOneChange(selected)
        #expect(limited.map(\.transaction.nonce).sorted() == [0, 0])
        #expect(limited.filter { Membership.changesMembers($0.transaction.payload) }.count == 1)
        // The member's P2P address survives the ledger state.
        let block = try node.produceBlock()
        #expect(block.1.first?.status == .success)
        #expect(node.store.members.first { $0.nodeID == 2 }?.p2pAddress == "127.0.0.1:7002")
    }
}
