import BaaSCrypto
import Foundation
import Testing
@testable import BaaSLedger

struct PoolTests {
    static let networks: [(DigestAlgorithm, SignatureAlgorithm)] = [(.sha256, .p256), (.sm3, .sm2), (.sm3, .p256), (.sha256, .sm2)]

    @Test(arguments: 0..<networks.count)
    func admitsSignedTransactionsOnEveryAlgorithmPair(index: Int) throws {
        let (hash, signature) = Self.networks[index]
        let network = try TestNetwork(hash: hash, signature: signature)
        let node = try network.node("a.db")
        let alice = network.users[0], bob = network.users[1]
        let admitted = try node.pool.admit(alice.builder.transfer(to: bob.address, amount: 10, nonce: 0))
        #expect(admitted.sender == alice.address)
        #expect(node.pool.count == 1)
        let (_, receipts) = try node.produceBlock()
        #expect(receipts.map(\.status) == [.success])
        #expect(node.store.account(bob.address).balance == 1_000_010)
        #expect(node.store.account(alice.address).nonce == 1)
        #expect(node.pool.count == 0)
    }

    @Test func rejectsMalformedBytes() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let error = #expect(throws: LedgerError.self) { try node.pool.admit([1, 2, 3, 4]) }
        #expect(error?.code == "ledger.malformed")
    }

    @Test func rejectsAWrongSignature() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        var tx = try network.users[0].builder.sign(.transfer(to: network.users[1].address, amount: 5), nonce: 0)
        tx.payload = .transfer(to: network.users[1].address, amount: 500_000)
        let error = #expect(throws: LedgerError.self) { try node.pool.admit(tx.encoded()) }
        #expect(error?.code == "ledger.bad_signature")
        #expect(node.pool.count == 0)
    }

    @Test func rejectsASignatureByAnotherKeyOverTheSameCertificate() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let thief = PrivateKey.generate(.p256)
        let forged = TransactionBuilder(genesis: network.genesis, signer: thief, certificate: network.users[0].builder.certificate)
        let error = #expect(throws: LedgerError.self) { try node.pool.admit(forged.transfer(to: forged.address, amount: 1, nonce: 0)) }
        #expect(error?.code == "ledger.bad_signature")
    }

    @Test func rejectsASignerOutsideTheNetwork() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let error = #expect(throws: LedgerError.self) {
            try node.pool.admit(network.outsider.builder.transfer(to: network.users[0].address, amount: 1, nonce: 0))
        }
        #expect(error?.code == "ledger.foreign_identity")
    }

    @Test func rejectsAnExpiredCertificate() throws {
        let network = try TestNetwork()
        let later = try NetworkIdentities(genesis: network.genesis, clock: { Date().addingTimeInterval(30 * 86_400) })
        let node = try network.node("a.db", identities: later)
        let error = #expect(throws: LedgerError.self) {
            try node.pool.admit(network.users[0].builder.transfer(to: network.users[1].address, amount: 1, nonce: 0))
        }
        #expect(error?.code == "ledger.foreign_identity")
        #expect(error?.message.contains("cert.expired") == true)
    }

    @Test func rejectsACertificateWithAKeyOfTheOtherAlgorithm() throws {
        let network = try TestNetwork(signature: .p256)
        let node = try network.node("a.db")
        let key = PrivateKey.generate(.sm2)
        let certificate = try network.ca.issue("sm2 user", for: key.publicKey)
        let builder = TransactionBuilder(genesis: network.genesis, signer: key, certificate: certificate)
        let error = #expect(throws: LedgerError.self) { try node.pool.admit(builder.transfer(to: builder.address, amount: 1, nonce: 0)) }
        #expect(error?.code == "ledger.foreign_identity")
    }

    @Test func rejectsATransactionForAnotherChain() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let user = network.users[0]
        let other = TransactionBuilder(chainID: "other-chain", hashAlgorithm: .sha256, signer: user.key, certificate: user.builder.certificate)
        let error = #expect(throws: LedgerError.self) { try node.pool.admit(other.transfer(to: user.address, amount: 1, nonce: 0)) }
        #expect(error?.code == "ledger.wrong_chain")
    }

    @Test func rejectsAnOversizeTransaction() throws {
        let network = try TestNetwork(parameters: ChainParameters(maxTransactionBytes: 1024))
        let node = try network.node("a.db")
        let big = try network.users[0].builder.put(key: [1], value: [UInt8](repeating: 0xab, count: 2048), nonce: 0)
        let error = #expect(throws: LedgerError.self) { try node.pool.admit(big) }
        #expect(error?.code == "ledger.oversize")
    }

    @Test func rejectsAReplayedNonceAfterCommitAndADuplicateWhilePending() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let alice = network.users[0]
        let first = try alice.builder.transfer(to: network.users[1].address, amount: 1, nonce: 0)
        try node.pool.admit(first)
        let duplicate = #expect(throws: LedgerError.self) { try node.pool.admit(first) }
        #expect(duplicate?.code == "ledger.duplicate")
        let sameNonce = try alice.builder.transfer(to: network.users[2].address, amount: 1, nonce: 0)
        #expect((#expect(throws: LedgerError.self) { try node.pool.admit(sameNonce) })?.code == "ledger.duplicate")
        try node.produceBlock()
        let replay = #expect(throws: LedgerError.self) { try node.pool.admit(first) }
        #expect(replay?.code == "ledger.nonce_too_low")
        #expect((#expect(throws: LedgerError.self) { try node.pool.admit(sameNonce) })?.code == "ledger.nonce_too_low")
    }

    @Test func fingerprintSendersNeedTheirCertificateOnChainFirst() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let alice = network.users[0]
        let early = try alice.builder.transfer(to: network.users[1].address, amount: 1, nonce: 0, sender: .fingerprint)
        #expect((#expect(throws: LedgerError.self) { try node.pool.admit(early) })?.code == "ledger.unknown_identity")
        try node.pool.admit(alice.builder.transfer(to: network.users[1].address, amount: 1, nonce: 0))
        try node.produceBlock()
        #expect(node.store.certificate(fingerprint: alice.builder.fingerprint) == alice.builder.certificate)
        let later = try alice.builder.transfer(to: network.users[1].address, amount: 1, nonce: 1, sender: .fingerprint)
        let full = try alice.builder.transfer(to: network.users[1].address, amount: 1, nonce: 1)
        #expect(later.count < full.count)
        try node.pool.admit(later)
        #expect(try node.produceBlock().1.map(\.status) == [.success])
    }

    @Test func selectsConsecutiveNoncesPerSenderWithinLimits() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let alice = network.users[0], bob = network.users[1]
        for nonce in [2, 0, 1, 5] as [UInt64] {
            try node.pool.admit(alice.builder.transfer(to: bob.address, amount: 1, nonce: nonce))
        }
        for nonce in 0..<3 as Range<UInt64> {
            try node.pool.admit(bob.builder.transfer(to: alice.address, amount: 1, nonce: nonce))
        }
        let all = node.pool.select(maxCount: 100, maxBytes: 1 << 20)
        #expect(all.count == 6)
        let aliceNonces = all.filter { $0.sender == alice.address }.map(\.transaction.nonce)
        #expect(aliceNonces == [0, 1, 2])
        #expect(node.pool.select(maxCount: 4, maxBytes: 1 << 20).count == 4)
        let firstTwo = node.pool.select(maxCount: 100, maxBytes: all[0].encoded.count + all[1].encoded.count)
        #expect(firstTwo.map(\.hash) == all.prefix(2).map(\.hash))
    }

    @Test func aLoweredSizeLimitAppliesToAdmissionOnceCommitted() throws {
        let network = try TestNetwork()
        let node = try network.node("a.db")
        let note = try network.users[0].builder.put(key: [1], value: [UInt8](repeating: 1, count: 1_500), nonce: 0)
        try node.pool.admit(network.admin.builder.sign(.setParameter(.maxTransactionBytes, 1_024), nonce: 0).encoded())
        try node.produceBlock()
        #expect((#expect(throws: LedgerError.self) { try node.pool.admit(note) })?.code == "ledger.oversize")
    }

    @Test func aFollowerResolvesFingerprintSendersItHasNeverSeen() throws {
        let network = try TestNetwork()
        let leader = try network.node("leader.db")
        let follower = try network.node("follower.db")
        let alice = network.users[0]
        try leader.pool.admit(alice.builder.transfer(to: network.users[1].address, amount: 1, nonce: 0))
        try follower.store.commit(try leader.produceBlock().0, validator: follower.validator)
        let restartedFollower = TestNode(store: follower.store, identities: network.identities)
        try leader.pool.admit(alice.builder.transfer(to: network.users[1].address, amount: 1, nonce: 1, sender: .fingerprint))
        let (block, _) = try leader.produceBlock()
        try restartedFollower.store.commit(block, validator: restartedFollower.validator)
        #expect(restartedFollower.store.stateRoot == leader.store.stateRoot)
    }

    @Test func theVerificationCacheForgetsTheOldestFirst() throws {
        let network = try TestNetwork()
        let store = try network.node("a.db").store
        let verifier = TransactionVerifier(genesis: network.genesis, identities: network.identities, view: store, cacheCapacity: 16)
        let transactions = try (0..<20 as Range<UInt64>).map {
            try network.users[0].builder.transfer(to: network.users[1].address, amount: 1, nonce: $0)
        }
        for tx in transactions { try verifier.verify(tx) }
        #expect(verifier.signatureChecks == 20)
        try verifier.verify(transactions[19])
        #expect(verifier.signatureChecks == 20)
        #expect(verifier.isVerified(Digest.hash(transactions[19], algorithm: .sha256)))
        #expect(!verifier.isVerified(Digest.hash(transactions[0], algorithm: .sha256)))
        try verifier.verify(transactions[0])
        #expect(verifier.signatureChecks == 21)
    }

    @Test func aProposalAndItsCommitNeverReverifyAdmittedTransactions() throws {
        let network = try TestNetwork(users: 4)
        let leader = try network.node("leader.db")
        var count = 0
        for user in network.users {
            for nonce in 0..<5 as Range<UInt64> {
                try leader.pool.admit(user.builder.transfer(to: network.admin.address, amount: 1, nonce: nonce))
                count += 1
            }
        }
        #expect(leader.verifier.signatureChecks == count)
        let identityChecks = network.identities.checks
        #expect(identityChecks == network.users.count)
        let (block, receipts) = try leader.produceBlock()
        #expect(receipts.count == count)
        #expect(leader.verifier.signatureChecks == count)
        #expect(network.identities.checks == identityChecks)

        let follower = try network.node("follower.db")
        try follower.store.commit(block, validator: follower.validator)
        #expect(follower.verifier.signatureChecks == count)
        #expect(follower.store.stateRoot == leader.store.stateRoot)
    }
}
