import BaaSCrypto
import FoundationEssentials

/// The network's `IdentityVerifier`: a certificate identifies a member of the network when it
/// chains to the network CA of the genesis (through the given intermediates), is valid at the
/// time of the check, is not revoked by the given CRLs, and holds a key of the network's
/// signature algorithm.
///
/// The verifier caches accepted certificates by fingerprint, so a certificate that expires or is
/// revoked later keeps being accepted by a running node until it restarts with new CRLs.
/// Immutable and thread-safe.
public struct NetworkIdentities: IdentityVerifier {
    private let verifier: CertificateVerifier
    private let algorithm: SignatureAlgorithm
    private let clock: @Sendable () -> Date

    /// A verifier trusting the network CA of `genesis`.
    ///
    /// - Throws: `ledger.invalid_genesis` when the genesis CA certificate cannot be read;
    ///   `CryptoError` when the trust store cannot be built.
    public init(genesis: Genesis, intermediates: [Certificate] = [], crls: [CertificateRevocationList] = [],
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        let ca: Certificate
        do {
            ca = try Certificate(der: genesis.networkCA)
        } catch let error as CryptoError {
            throw LedgerError.invalidGenesis("the network CA certificate cannot be read (\(error.message))")
        }
        verifier = try CertificateVerifier(trustAnchors: [ca], intermediates: intermediates, crls: crls)
        algorithm = genesis.signatureAlgorithm
        self.clock = clock
    }

    public func publicKey(ofCertificate der: [UInt8]) throws -> PublicKey {
        let certificate: Certificate
        do {
            certificate = try Certificate(der: der)
        } catch let error as CryptoError {
            throw LedgerError("ledger.foreign_identity", "the sender certificate cannot be read: \(error.message)")
        }
        do {
            _ = try verifier.verify(certificate, at: clock())
        } catch let error as CryptoError {
            throw LedgerError("ledger.foreign_identity",
                              "the sender certificate '\(certificate.subject)' is not accepted by this network's CA: "
                              + "\(error.message) [\(error.code)]; ask the network's CA for a certificate")
        }
        guard certificate.publicKey.algorithm == algorithm else {
            throw LedgerError("ledger.foreign_identity",
                              "the sender certificate holds a \(certificate.publicKey.algorithm) key but this network signs with \(algorithm)")
        }
        return certificate.publicKey
    }
}
