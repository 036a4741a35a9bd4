import BaaSCrypto
import Synchronization

/// Checks transactions once: size, encoding, chain id, sender certificate (through the
/// `IdentityVerifier` seam, cached by fingerprint) and signature; remembers every transaction it
/// verified by hash, so the pool, a block proposal and a peer's block never pay twice for one.
///
/// Thread-safe: signature checks run outside the lock, so several threads verify in parallel.
public final class TransactionVerifier: Sendable {
    public let chainID: String
    public let hashAlgorithm: DigestAlgorithm
    public let signatureAlgorithm: SignatureAlgorithm
    private let identities: any IdentityVerifier
    private let view: any LedgerView
    private let cacheCapacity: Int

    private struct Caches {
        var verified: [DigestKey: VerifiedTransaction] = [:]
        var order: [DigestKey] = []
        var orderStart = 0
        var identities: [DigestKey: (PublicKey, Address)] = [:]
        var signatureChecks = 0
    }

    private let state: Mutex<Caches>

    /// A verifier for the network of `genesis`.
    ///
    /// - Parameters:
    ///   - identities: decides which certificates belong to the network.
    ///   - view: where certificates named by fingerprint and the size limit in force are read.
    ///   - cacheCapacity: how many verified transactions to remember, oldest forgotten first (each
    ///     costs about its encoded size; keep it above the pool's capacity plus a few blocks).
    public init(genesis: Genesis, identities: any IdentityVerifier, view: any LedgerView, cacheCapacity: Int = 50_000) {
        chainID = genesis.chainID
        hashAlgorithm = genesis.hashAlgorithm
        signatureAlgorithm = genesis.signatureAlgorithm
        self.identities = identities
        self.view = view
        self.cacheCapacity = max(cacheCapacity, 16)
        state = Mutex(Caches())
    }

    /// How many signatures this verifier has checked (cache hits do not count).
    public var signatureChecks: Int { state.withLock { $0.signatureChecks } }

    /// Whether `hash` was verified and is still remembered.
    public func isVerified(_ hash: [UInt8]) -> Bool {
        state.withLock { $0.verified[DigestKey(hash)] != nil }
    }

    /// Verifies the encoded transaction `bytes`, or returns the remembered result.
    ///
    /// - Throws: `ledger.oversize`, `ledger.malformed`, `ledger.wrong_chain`,
    ///   `ledger.foreign_identity`, `ledger.unknown_identity`, `ledger.bad_signature`.
    @discardableResult
    public func verify(_ bytes: [UInt8]) throws -> VerifiedTransaction {
        try verify(batch: [bytes])[0].get()
    }

    /// Verifies each of `batch` as `verify(_:)` does, taking the caches' lock a few times for the
    /// whole batch rather than several times per transaction; one result per transaction.
    public func verify(batch: [[UInt8]]) -> [Result<VerifiedTransaction, LedgerError>] {
        let limit = view.parameters.maxTransactionBytes
        let hashes = batch.map { $0.count <= limit ? Digest.hash($0, algorithm: hashAlgorithm) : [] }
        let known = state.withLock { caches in hashes.map { $0.isEmpty ? nil : caches.verified[DigestKey($0)] } }
        var results: [Result<VerifiedTransaction, LedgerError>] = []
        results.reserveCapacity(batch.count)
        var fresh: [VerifiedTransaction] = []
        var checks = 0
        for (index, bytes) in batch.enumerated() {
            if let remembered = known[index] {
                results.append(.success(remembered))
                continue
            }
            guard bytes.count <= limit else {
                results.append(.failure(LedgerError("ledger.oversize",
                                                    "the transaction is \(bytes.count) bytes; this network admits at most \(limit) (maxTransactionBytes)")))
                continue
            }
            // Another thread (gossip admission, a block's validation) may have verified it
            // since the batch began: a long batch would otherwise check it a second time.
            if index > 0, let remembered = state.withLock({ $0.verified[DigestKey(hashes[index])] }) {
                results.append(.success(remembered))
                continue
            }
            do {
                let verified = try check(bytes, hash: hashes[index], signatureChecks: &checks)
                fresh.append(verified)
                results.append(.success(verified))
                if fresh.count == 32 {
                    remember(fresh, signatureChecks: checks)
                    fresh.removeAll(keepingCapacity: true)
                    checks = 0
                }
            } catch let error as LedgerError {
                results.append(.failure(error))
            } catch {
                results.append(.failure(LedgerError.malformed("\(error)")))
            }
        }
        remember(fresh, signatureChecks: checks)
        return results
    }

    /// Decodes and checks one transaction that is not in the cache.
    private func check(_ bytes: [UInt8], hash: [UInt8], signatureChecks: inout Int) throws -> VerifiedTransaction {
        let transaction = try Transaction(decoding: bytes)
        guard transaction.chainID == chainID else {
            throw LedgerError("ledger.wrong_chain",
                              "the transaction is for chain '\(transaction.chainID)' but this is '\(chainID)'; sign it for this chain")
        }
        let (fingerprint, publicKey, address) = try identity(of: transaction.sender)
        // The canonical encoding minus its signature field is exactly the unsigned encoding.
        let digest = Digest.hash(Array(bytes[0..<(bytes.count - signatureFieldLength(transaction.signature))]),
                                 algorithm: hashAlgorithm)
        let valid = publicKey.verify(signature: transaction.signature, message: digest)
        signatureChecks += 1
        guard valid else {
            throw LedgerError("ledger.bad_signature",
                              "the signature does not match the transaction and the sender's certificate; re-sign it with the certificate's key")
        }
        return VerifiedTransaction(transaction: transaction, encoded: bytes, hash: hash, sender: address,
                                   senderFingerprint: fingerprint)
    }

    /// The length of the signature field (length prefix and bytes) at the end of an encoding.
    private func signatureFieldLength(_ signature: [UInt8]) -> Int {
        var w = BinaryWriter(capacity: 80)
        w.byteString(signature)
        return w.bytes.count
    }

    private func remember(_ batch: [VerifiedTransaction], signatureChecks: Int) {
        guard !batch.isEmpty || signatureChecks > 0 else { return }
        state.withLock { caches in
            caches.signatureChecks += signatureChecks
            for verified in batch {
                let key = DigestKey(verified.hash)
                guard caches.verified.updateValue(verified, forKey: key) == nil else { continue }
                caches.order.append(key)
            }
            while caches.verified.count > cacheCapacity, caches.orderStart < caches.order.count {
                caches.verified[caches.order[caches.orderStart]] = nil
                caches.orderStart += 1
            }
            if caches.orderStart > cacheCapacity {
                caches.order.removeFirst(caches.orderStart)
                caches.orderStart = 0
            }
        }
    }

    /// Fingerprint, public key and address of a sender.
    private func identity(of sender: TransactionSender) throws -> ([UInt8], PublicKey, Address) {
        let der: [UInt8]
        let fingerprint: [UInt8]
        switch sender {
        case let .certificate(certificate):
            der = certificate
            fingerprint = Digest.hash(certificate, algorithm: hashAlgorithm)
        case let .fingerprint(hash):
            fingerprint = hash
            if let known = state.withLock({ $0.identities[DigestKey(hash)] }) { return (hash, known.0, known.1) }
            guard let recorded = view.certificate(fingerprint: hash) else {
                throw LedgerError("ledger.unknown_identity",
                                  "the sender is named by a certificate fingerprint this chain has not seen; send the full certificate once")
            }
            der = recorded
        }
        if let known = state.withLock({ $0.identities[DigestKey(fingerprint)] }) { return (fingerprint, known.0, known.1) }
        let key = try identities.publicKey(ofCertificate: der)
        guard key.algorithm == signatureAlgorithm else {
            throw LedgerError("ledger.foreign_identity",
                              "the sender's key is \(key.algorithm) but this network signs with \(signatureAlgorithm)")
        }
        let address = Address(publicKey: key)
        state.withLock { $0.identities[DigestKey(fingerprint)] = (key, address) }
        return (fingerprint, key, address)
    }
}
