import BaaSCrypto

/// Decides whether a certificate identifies a member of this network and yields its public key:
/// the seam between transaction admission and X.509 path validation.
///
/// Implementations must be thread-safe; they may be slow (a chain check), as callers cache by
/// certificate fingerprint.
public protocol IdentityVerifier: Sendable {
    /// The public key of the DER certificate `der`.
    ///
    /// - Throws: `ledger.foreign_identity` when the certificate does not chain to the network CA,
    ///   is not valid now, or cannot be read.
    func publicKey(ofCertificate der: [UInt8]) throws -> PublicKey
}
