/// Anything that can sign with a private key: a `PrivateKey` in memory, or a key held elsewhere
/// (a PKCS#11 token) that never leaves its device.
///
/// `sign` takes the whole message and hashes it with `algorithm.digest` itself; it returns a DER
/// `ECDSA-Sig-Value` (`SEQUENCE { r, s }`), the form X.509, CSRs, CRLs and TLS use, for both P-256
/// and SM2 (with the SM2 user id `SignatureAlgorithm.sm2UserID`). Implementations must be safe to
/// call from any thread; `sign` may block (a token round trip).
public protocol Signer: Sendable {
    /// The scheme `sign` produces.
    var algorithm: SignatureAlgorithm { get }
    /// The public half, used to verify what `sign` produces and to name the key in certificates.
    var publicKey: PublicKey { get }
    /// Signs `message` (not a digest of it).
    ///
    /// - Throws: a `CryptoError` (or the key store's own error) when the key cannot sign.
    func sign(_ message: [UInt8]) throws -> [UInt8]

    /// Signs a digest the caller already computed with `algorithm.digest` (P-256 only: an SM2
    /// signature hashes the signer's identity into the digest, so it cannot start from one).
    ///
    /// OpenSSL asks for this when it signs with `PrivateKey(external:)` (certificates, TLS).
    /// The default implementation throws `crypto.unsupported`.
    func sign(digest: [UInt8]) throws -> [UInt8]
}

extension Signer {
    /// Refuses: a signer that can only sign whole messages cannot back `PrivateKey(external:)`.
    public func sign(digest: [UInt8]) throws -> [UInt8] {
        throw CryptoError("crypto.unsupported", "this \(algorithm) key can only sign whole messages, not digests")
    }
}
