/// A certificate authority ready to sign: its certificate and the key that signs for it.
///
/// The key may be in memory (`PrivateKey`) or anywhere a `Signer` reaches (a PKCS#11 token).
/// Thread-safe when the signer is.
public struct CertificateIssuer: Sendable {
    /// The CA certificate.
    public let certificate: Certificate
    /// The CA's signing key.
    public let signer: any Signer

    /// Pairs a CA certificate with its key.
    ///
    /// - Throws: `crypto.key_mismatch` when `signer` does not hold the certificate's key,
    ///   `crypto.not_a_ca` when the certificate is not a CA allowed to sign certificates.
    public init(certificate: Certificate, signer: any Signer) throws {
        guard certificate.publicKey == signer.publicKey else {
            throw CryptoError("crypto.key_mismatch", "the signing key does not belong to the CA certificate '\(certificate.subject)'")
        }
        guard certificate.isCA, certificate.keyUsage?.contains(.keyCertSign) ?? true else {
            throw CryptoError("crypto.not_a_ca", "the certificate '\(certificate.subject)' is not a CA allowed to sign certificates")
        }
        self.certificate = certificate
        self.signer = signer
    }

    /// Makes a self-signed root CA for `signer` from `builder` (which must say `isCA`).
    public static func selfSigned(_ builder: CertificateBuilder, signer: any Signer) throws -> CertificateIssuer {
        try CertificateIssuer(certificate: builder.selfSign(with: signer), signer: signer)
    }

    /// Issues a certificate described by `builder` for `publicKey`.
    public func issue(_ builder: CertificateBuilder, for publicKey: PublicKey) throws -> Certificate {
        try builder.issue(for: publicKey, issuer: certificate, signer: signer)
    }

    /// Issues a certificate for the key of `request` after checking the request's self-signature.
    ///
    /// The issuer decides everything else: `builder` carries the subject, names, validity and
    /// usages; to copy what the requester asked for, start from `request.subject` and filter
    /// `request.subjectAlternativeNames`.
    /// - Throws: `crypto.bad_csr_signature` when the request's signature does not verify, and what
    ///   `issue(_:for:)` throws.
    public func issue(_ builder: CertificateBuilder, for request: CertificateSigningRequest) throws -> Certificate {
        guard request.isSignatureValid else {
            throw CryptoError("crypto.bad_csr_signature", "the certificate signing request from '\(request.subject)' has an invalid signature; ask for a new request")
        }
        return try issue(builder, for: request.publicKey)
    }
}
