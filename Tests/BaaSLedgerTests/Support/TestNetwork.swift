import BaaSCrypto
import Foundation
import Synchronization
@testable import BaaSLedger

/// Passes identity checks to the network's real verifier and counts them.
final class CountingIdentities: IdentityVerifier {
    private let inner: any IdentityVerifier
    private let calls = Mutex(0)

    init(_ inner: any IdentityVerifier) {
        self.inner = inner
    }

    var checks: Int { calls.withLock { $0 } }

    func publicKey(ofCertificate der: [UInt8]) throws -> PublicKey {
        calls.withLock { $0 += 1 }
        return try inner.publicKey(ofCertificate: der)
    }
}

/// A certificate authority for tests: a root CA that issues leaf certificates.
struct TestCA {
    let issuer: CertificateIssuer

    init(_ algorithm: SignatureAlgorithm, name: String) throws {
        let key = PrivateKey.generate(algorithm)
        let now = Date()
        issuer = try CertificateIssuer.selfSigned(
            .rootCA(subject: DistinguishedName(commonName: name, organization: "BaaS tests"),
                    notBefore: now.addingTimeInterval(-3600), notAfter: now.addingTimeInterval(86_400)),
            signer: key)
    }

    /// A client certificate (DER) for `key`.
    func issue(_ name: String, for key: PublicKey) throws -> [UInt8] {
        let now = Date()
        return try issuer.issue(.leaf(subject: DistinguishedName(commonName: name), notBefore: now.addingTimeInterval(-3600),
                                      notAfter: now.addingTimeInterval(86_400), extendedKeyUsage: [.clientAuth]),
                                for: key).der()
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
    let identities: CountingIdentities
    let ca: TestCA
    let directory: URL
    let signatureAlgorithm: SignatureAlgorithm

    init(hash: DigestAlgorithm = .sha256, signature: SignatureAlgorithm = .p256, users count: Int = 3,
         balance: UInt64 = 1_000_000, parameters: ChainParameters = ChainParameters()) throws {
        signatureAlgorithm = signature
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let chainID = "test-\(hash.rawValue)-\(signature.rawValue)"
        let ca = try TestCA(signature, name: "network CA")
        let foreignCA = try TestCA(signature, name: "another network's CA")
        func user(_ name: String, from issuer: TestCA) throws -> TestUser {
            let key = PrivateKey.generate(signature)
            return TestUser(key: key, builder: TransactionBuilder(chainID: chainID, hashAlgorithm: hash, signer: key,
                                                                  certificate: try issuer.issue(name, for: key.publicKey)))
        }
        users = try (0..<count).map { try user("user \($0)", from: ca) }
        admin = try user("admin", from: ca)
        outsider = try user("outsider", from: foreignCA)
        self.ca = ca
        let nodeKey = PrivateKey.generate(signature)
        genesis = try Genesis(
            chainID: chainID, hashAlgorithm: hash, signatureAlgorithm: signature,
            timestampMilliseconds: 1_764_000_000_000, networkCA: ca.issuer.certificate.der(),
            members: [Member(nodeID: 1, role: .validator, certificate: try ca.issue("node 1", for: nodeKey.publicKey))],
            admins: [admin.address],
            allocations: users.map { Genesis.Allocation(address: $0.address, amount: balance) },
            parameters: parameters)
        identities = CountingIdentities(try NetworkIdentities(genesis: genesis))
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
    func produceBlock(time: UInt64 = 1_764_000_001_000, proposer: UInt64 = 1) throws -> (Block, [Receipt]) {
        let parameters = store.parameters
        let selected = pool.select(maxCount: Int(parameters.maxTransactionsPerBlock), maxBytes: Int(parameters.maxBlockBytes))
        let head = store.head
        let (block, changes) = store.propose(selected, proposer: proposer, timestampMilliseconds: time,
                                             raftTerm: 1, raftIndex: head.raftIndex + 1)
        let receipts = try store.commit(block, validator: validator, precomputed: changes)
        pool.removeCommitted(selected)
        return (block, receipts)
    }
}
