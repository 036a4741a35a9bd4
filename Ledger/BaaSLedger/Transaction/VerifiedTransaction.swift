import BaaSCrypto

/// A transaction whose encoding, chain, sender identity and signature have been checked, with
/// what checking established. Only `TransactionVerifier` makes them.
///
/// A class, so the verifier's cache, the pool, block proposals and commit results share one copy
/// (handing one on is a reference count, not a copy of five arrays). Immutable; equal when every
/// field is.
public final class VerifiedTransaction: Sendable, Hashable {
    public let transaction: Transaction
    /// The exact bytes received (the canonical encoding).
    public let encoded: [UInt8]
    /// The transaction's id.
    public let hash: [UInt8]
    /// The sender's address.
    public let sender: Address
    /// The chain-hash fingerprint of the sender's certificate.
    public let senderFingerprint: [UInt8]

    init(transaction: Transaction, encoded: [UInt8], hash: [UInt8], sender: Address, senderFingerprint: [UInt8]) {
        self.transaction = transaction
        self.encoded = encoded
        self.hash = hash
        self.sender = sender
        self.senderFingerprint = senderFingerprint
    }

    public static func == (a: VerifiedTransaction, b: VerifiedTransaction) -> Bool {
        a === b || (a.hash == b.hash && a.encoded == b.encoded && a.sender == b.sender
                    && a.senderFingerprint == b.senderFingerprint && a.transaction == b.transaction)
    }

    public func hash(into hasher: inout Hasher) {
        hash.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
