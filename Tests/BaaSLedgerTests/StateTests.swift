import BaaSCrypto
import Testing
@testable import BaaSLedger

struct StateTests {
    @Test func failedTransactionsConsumeTheirNonceButChangeNothingElse() throws {
        let network = try TestNetwork(balance: 100)
        let node = try network.node("a.db")
        let alice = network.users[0], bob = network.users[1]
        let tooMuch = try node.pool.admit(alice.builder.transfer(to: bob.address, amount: 101, nonce: 0))
        try node.pool.admit(alice.builder.transfer(to: bob.address, amount: 40, nonce: 1))
        let (_, receipts) = try node.produceBlock()
        #expect(receipts.map(\.status) == [.failed, .success])
        #expect(receipts[0].reason == "ledger.insufficient_funds")
        #expect(receipts[1].events.first?["amount"] == "40")
        #expect(node.store.account(alice.address) == Account(balance: 60, nonce: 2))
        #expect(node.store.account(bob.address).balance == 140)
        let stored = try #require(try node.store.receipt(transaction: tooMuch.hash))
        #expect(stored.height == 1 && stored.position == 0 && stored.receipt.status == .failed)
        #expect(try node.store.receipts(at: 1) == receipts)
        let found = try #require(try node.store.transaction(hash: tooMuch.hash))
        #expect(found.transaction == tooMuch.transaction)
        #expect(try node.store.transaction(hash: [UInt8](repeating: 0, count: 32)) == nil)
    }

    @Test func onlyTheOwnerOrAnAdminMayOverwriteOrDeleteAKey() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let alice = network.users[0], bob = network.users[1]
        let key = Array("deed/7".utf8)
        try node.pool.admit(alice.builder.put(key: key, value: [1], nonce: 0))
        try node.pool.admit(bob.builder.put(key: key, value: [2], nonce: 0))
        try node.pool.admit(bob.builder.delete(key: key, nonce: 1))
        let (_, receipts) = try node.produceBlock()
        #expect(receipts.map(\.reason) == ["", "ledger.not_owner", "ledger.not_owner"])
        #expect(node.store.value(forKey: key)?.value == [1])
        #expect(node.store.value(forKey: key)?.owner == alice.address)
        try node.pool.admit(network.admin.builder.delete(key: key, nonce: 0))
        #expect(try node.produceBlock().1.map(\.status) == [.success])
        #expect(node.store.value(forKey: key) == nil)
    }

    @Test func membershipAndParameterChangesNeedAnAdmin() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let observer = Member(nodeID: 2, role: .observer, certificate: try network.ca.issue("node 2", for: PrivateKey.generate(.p256).publicKey))
        let stranger = Member(nodeID: 3, role: .observer,
                              certificate: try TestCA(.p256, name: "foreign").issue("node 3", for: PrivateKey.generate(.p256).publicKey))
        try node.pool.admit(network.users[0].builder.sign(.addMember(observer), nonce: 0).encoded())
        let admin = network.admin.builder
        try node.pool.admit(admin.sign(.addMember(observer), nonce: 0).encoded())
        try node.pool.admit(admin.sign(.changeRole(nodeID: 2, role: .validator), nonce: 1).encoded())
        try node.pool.admit(admin.sign(.setParameter(.maxTransactionsPerBlock, 2), nonce: 2).encoded())
        try node.pool.admit(admin.sign(.setParameter(.electionTicks, 0), nonce: 3).encoded())
        try node.pool.admit(admin.sign(.removeMember(nodeID: 1), nonce: 4).encoded())
        try node.pool.admit(admin.sign(.addMember(stranger), nonce: 5).encoded())
        let (_, receipts) = try node.produceBlock()
        #expect(receipts.map(\.reason) == ["ledger.not_admin", "", "", "", "ledger.invalid_parameter", "", "ledger.foreign_identity"])
        #expect(node.store.members.map(\.nodeID) == [2])
        #expect(node.store.members.first?.role == .validator)
        #expect(node.store.parameters.maxTransactionsPerBlock == 2)
        try node.pool.admit(admin.sign(.removeMember(nodeID: 2), nonce: 6).encoded())
        #expect((#expect(throws: LedgerError.self) { try node.produceBlock(proposer: 1) })?.code == "ledger.bad_block")
        #expect(try node.produceBlock(proposer: 2).1.first?.reason == "ledger.last_validator")
    }

    @Test func executionDoesNotChangeTheStateUntilApplied() throws {
        let network = try TestNetwork()
        let state = LedgerState(genesis: network.genesis)
        let root = state.root
        let verifier = TransactionVerifier(genesis: network.genesis, identities: network.identities, view: try network.node("v.db").store)
        let tx = try verifier.verify(network.users[0].builder.transfer(to: network.users[1].address, amount: 5, nonce: 0))
        let changes = state.execute([tx])
        #expect(state.root == root)
        #expect(changes.stateRoot != root)
        state.apply(changes)
        #expect(state.root == changes.stateRoot)
        let reloaded = try LedgerState(hashAlgorithm: .sha256, entries: state.entries)
        #expect(reloaded.root == state.root)
    }
}
