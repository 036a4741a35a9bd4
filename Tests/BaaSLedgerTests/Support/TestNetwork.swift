import BaaSCrypto
import Foundation
import Synchronization
@testable import BaaSLedger

/// Accepts as a sender "certificate" the SPKI DER of a key in its set; anything else is foreign.
/// Stands in for X.509 path validation where a test is about something else.
final class AllowListIdentities: IdentityVerifier {
    private let allowed: Set<[UInt8]>
    private let calls = Mutex(0)

    init(_ keys: [PublicKey]) {
        allowed = Set(keys.map { $0.der() })
    }

    var checks: Int { calls.withLock { $0 } }

    func publicKey(ofCertificate der: [UInt8]) throws -> PublicKey {
        calls.withLock { $0 += 1 }
        guard allowed.contains(der), let key = try? PublicKey(der: der) else {
            throw LedgerError("ledger.foreign_identity", "the sender is not in the test network's user set")
        }
        return key
    }
}

/// A blockchain user of a test network.
struct TestUser {
    let key: PrivateKey
    let builder: TransactionBuilder
    var address: Address { builder.address }
}

/// A small network: genesis, users with funds, an admin, and stores in a temporary directory
/// that is removed when the network goes away.
final class TestNetwork {
    let genesis: Genesis
    let users: [TestUser]
    let admin: TestUser
    let outsider: TestUser
    let identities: AllowListIdentities
    let directory: URL
    let signatureAlgorithm: SignatureAlgorithm

    init(hash: DigestAlgorithm = .sha256, signature: SignatureAlgorithm = .p256, users count: Int = 3,
         balance: UInt64 = 1_000_000, parameters: ChainParameters = ChainParameters()) throws {
        signatureAlgorithm = signature
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let chainID = "test-\(hash.rawValue)-\(signature.rawValue)"
        func user() -> TestUser {
            let key = PrivateKey.generate(signature)
            return TestUser(key: key, builder: TransactionBuilder(chainID: chainID, hashAlgorithm: hash, signer: key,
                                                                  certificate: key.publicKey.der()))
        }
        users = (0..<count).map { _ in user() }
        admin = user()
        outsider = user()
        identities = AllowListIdentities((users + [admin]).map(\.key.publicKey))
        let nodeKey = PrivateKey.generate(signature)
        genesis = try Genesis(
            chainID: chainID, hashAlgorithm: hash, signatureAlgorithm: signature,
            timestampMilliseconds: 1_764_000_000_000, networkCA: nodeKey.publicKey.der(),
            members: [Member(nodeID: 1, role: .validator, certificate: nodeKey.publicKey.der())],
            admins: [admin.address],
            allocations: users.map { Genesis.Allocation(address: $0.address, amount: balance) },
            parameters: parameters)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A store with its own verifier, validator and pool, as one node has them.
    func node(_ name: String, identities: (any IdentityVerifier)? = nil) throws -> TestNode {
        try TestNode(store: LedgerStore(path: path(name), genesis: genesis), identities: identities ?? self.identities)
    }
}

/// One node's ledger parts.
struct TestNode {
    let store: LedgerStore
    let verifier: TransactionVerifier
    let validator: BlockValidator
    let pool: TransactionPool

    init(store: LedgerStore, identities: any IdentityVerifier) {
        self.store = store
        verifier = TransactionVerifier(genesis: store.genesis, identities: identities, view: store)
        validator = BlockValidator(verifier: verifier)
        pool = TransactionPool(verifier: verifier, view: store)
    }

    /// Proposes a block from the pool, commits it, and clears the pool of it.
    @discardableResult
    func produceBlock(time: UInt64 = 1_764_000_001_000) throws -> (Block, [Receipt]) {
        let parameters = store.parameters
        let selected = pool.select(maxCount: Int(parameters.maxTransactionsPerBlock), maxBytes: Int(parameters.maxBlockBytes))
        let head = store.head
        let (block, changes) = store.propose(selected, proposer: 1, timestampMilliseconds: time,
                                             raftTerm: 1, raftIndex: head.raftIndex + 1)
        let receipts = try store.commit(block, validator: validator, precomputed: changes)
        pool.removeCommitted(selected)
        return (block, receipts)
    }
}
