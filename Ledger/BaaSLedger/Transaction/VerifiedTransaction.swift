import BaaSCrypto

/// A transaction whose encoding, chain, sender identity and signature have been checked, with
/// what checking established. Only `TransactionVerifier` makes them.
public struct VerifiedTransaction: Sendable, Hashable {
    public let transaction: Transaction
    /// The exact bytes received (the canonical encoding).
    public let encoded: [UInt8]
    /// The transaction's id.
    public let hash: [UInt8]
    /// The sender's address.
    public let sender: Address
    /// The chain-hash fingerprint of the sender's certificate.
    public let senderFingerprint: [UInt8]
}
