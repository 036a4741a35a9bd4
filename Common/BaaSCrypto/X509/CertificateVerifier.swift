internal import COpenSSL
public import FoundationEssentials

/// Owns one `X509_STORE*` holding the trust anchors and CRLs.
final class X509StoreObject: @unchecked Sendable {
    // Filled once in init; OpenSSL locks the store internally for concurrent verifications.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_STORE_free(pointer)
    }
}

/// Verifies certificate chains: path to a trust anchor, signatures, validity at a given time,
/// CA constraints, purpose and (when CRLs are given) revocation. Works the same for P-256 and SM2.
///
/// Immutable and thread-safe; build one per trust configuration and reuse it.
public struct CertificateVerifier: Sendable {
    /// Which certificates of a chain must be covered by a CRL.
    public enum RevocationCheck: Sendable, Hashable {
        /// No revocation checking.
        case off
        /// The leaf's issuer must have supplied a CRL.
        case leaf
        /// Every CA below the trust anchor must have supplied a CRL for the certificate it issued.
        case fullChain
    }

    private let store: X509StoreObject
    private let known: [Certificate]
    private let intermediates: [Certificate]
    /// The revocation policy in force.
    public let revocationCheck: RevocationCheck

    /// A verifier trusting `trustAnchors`, with `intermediates` available for path building.
    ///
    /// `revocationCheck` defaults to `.leaf` when `crls` is not empty and `.off` otherwise.
    /// - Throws: `crypto.openssl` if the store cannot be built.
    public init(trustAnchors: [Certificate], intermediates: [Certificate] = [], crls: [CertificateRevocationList] = [],
                revocationCheck: RevocationCheck? = nil) throws {
        let store = try OpenSSL.check(X509_STORE_new(), "cannot allocate a certificate store")
        self.store = X509StoreObject(taking: store)
        for anchor in trustAnchors {
            try OpenSSL.check(X509_STORE_add_cert(store, anchor.x509), "cannot add the trust anchor '\(anchor.subject)'")
        }
        for crl in crls {
            try OpenSSL.check(X509_STORE_add_crl(store, crl.x509CRL), "cannot add the CRL of '\(crl.issuer)'")
        }
        X509_STORE_set_verify_cb(store, verifyCallback)
        self.known = trustAnchors + intermediates
        self.intermediates = intermediates
        self.revocationCheck = revocationCheck ?? (crls.isEmpty ? .off : .leaf)
    }

    /// Verifies `leaf` at `time` for `purpose` (nil or `.any`: any purpose). Blocks for the
    /// signature checks only (well under a millisecond per certificate).
    ///
    /// `.serverAuth` and `.clientAuth` use OpenSSL's TLS purpose checks (extended and plain key
    /// usage); other purposes require the leaf's extendedKeyUsage to be absent or to include them.
    /// - Returns: the chain from `leaf` to the trust anchor.
    /// - Throws: `CryptoError` with code `cert.expired`, `cert.not_yet_valid`, `cert.unknown_issuer`,
    ///   `cert.revoked`, `cert.wrong_usage`, `cert.bad_signature`, `cert.crl_missing`,
    ///   `cert.crl_expired`, `cert.invalid_ca`, `cert.path_too_long`, or `cert.invalid`.
    public func verify(_ leaf: Certificate, at time: Date = Date(), purpose: ExtendedKeyUsage? = nil,
                       intermediates extra: [Certificate] = []) throws -> [Certificate] {
        let context = try OpenSSL.check(X509_STORE_CTX_new(), "cannot allocate a verification context")
        defer { X509_STORE_CTX_free(context) }
        let untrusted = try OpenSSL.check(baas_sk_X509_new_null(), "cannot allocate a certificate list")
        defer { baas_sk_X509_free(untrusted) }
        for certificate in intermediates + extra {
            guard baas_sk_X509_push(untrusted, certificate.x509) > 0 else {
                throw OpenSSL.error("crypto.openssl", "cannot list the intermediate certificates")
            }
        }
        try OpenSSL.check(X509_STORE_CTX_init(context, store.pointer, leaf.x509, untrusted), "cannot start verification")
        X509_STORE_CTX_set_time(context, 0, ASN1Time.seconds(time))
        switch revocationCheck {
        case .off: break
        case .leaf: X509_STORE_CTX_set_flags(context, UInt(X509_V_FLAG_CRL_CHECK))
        case .fullChain: X509_STORE_CTX_set_flags(context, UInt(X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL))
        }
        switch purpose {
        case .serverAuth?: try OpenSSL.check(X509_STORE_CTX_set_purpose(context, X509_PURPOSE_SSL_SERVER), "cannot set the purpose")
        case .clientAuth?: try OpenSSL.check(X509_STORE_CTX_set_purpose(context, X509_PURPOSE_SSL_CLIENT), "cannot set the purpose")
        default: break
        }
        OpenSSL.clearErrors()
        guard X509_verify_cert(context) == 1 else {
            let code = X509_STORE_CTX_get_error(context)
            let depth = X509_STORE_CTX_get_error_depth(context)
            let subject = X509_STORE_CTX_get_current_cert(context).map { DistinguishedName(x509Name: X509_get_subject_name($0)) }
            OpenSSL.clearErrors()
            throw Self.error(code, depth: depth, subject: subject ?? leaf.subject, time: time)
        }
        if let purpose, purpose != .serverAuth, purpose != .clientAuth, purpose != .any,
           !leaf.extendedKeyUsage.isEmpty, !leaf.extendedKeyUsage.contains(purpose), !leaf.extendedKeyUsage.contains(.any) {
            throw CryptoError("cert.wrong_usage", "the certificate '\(leaf.subject)' is not issued for \(purpose.rawValue) (it allows \(leaf.extendedKeyUsage.map(\.rawValue).joined(separator: ", ")))")
        }
        return try chain(of: context, leaf: leaf, extra: extra)
    }

    private func chain(of context: OpaquePointer, leaf: Certificate, extra: [Certificate]) throws -> [Certificate] {
        guard let stack = X509_STORE_CTX_get0_chain(context) else { return [leaf] }
        let candidates = [leaf] + extra + known
        return try (0..<baas_sk_X509_num(stack)).map { index in
            let pointer = baas_sk_X509_value(stack, index)
            if let match = candidates.first(where: { $0.x509 == pointer }) { return match }
            return try Certificate(der: encodeDER("a chain certificate") { i2d_X509(pointer, $0) })
        }
    }

    static func error(_ code: Int32, depth: Int32, subject: DistinguishedName, time: Date) -> CryptoError {
        let reason = String(cString: X509_verify_cert_error_string(Int(code)))
        let which = "the certificate '\(subject)' (depth \(depth))"
        switch code {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return CryptoError("cert.expired", "\(which) had expired at \(time); renew it")
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return CryptoError("cert.not_yet_valid", "\(which) is not valid yet at \(time); check the clocks")
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
             X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
             X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
            return CryptoError("cert.unknown_issuer", "\(which) does not chain to a trusted CA (\(reason)); check the CA bundle")
        case X509_V_ERR_CERT_REVOKED:
            return CryptoError("cert.revoked", "\(which) has been revoked")
        case X509_V_ERR_INVALID_PURPOSE:
            return CryptoError("cert.wrong_usage", "\(which) is not issued for this use (\(reason))")
        case X509_V_ERR_CERT_SIGNATURE_FAILURE, X509_V_ERR_CRL_SIGNATURE_FAILURE,
             X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE, X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
            return CryptoError("cert.bad_signature", "\(which): \(reason); the certificate or CRL was altered or signed by another key")
        case X509_V_ERR_UNABLE_TO_GET_CRL:
            return CryptoError("cert.crl_missing", "no CRL from the issuer of \(which); publish a current CRL")
        case X509_V_ERR_CRL_HAS_EXPIRED, X509_V_ERR_CRL_NOT_YET_VALID:
            return CryptoError("cert.crl_expired", "the CRL for \(which) is not current at \(time) (\(reason)); publish a new CRL")
        case X509_V_ERR_INVALID_CA, X509_V_ERR_KEYUSAGE_NO_CERTSIGN, X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
            return CryptoError("cert.invalid_ca", "\(which) is used as a CA but may not act as one (\(reason))")
        case X509_V_ERR_PATH_LENGTH_EXCEEDED:
            return CryptoError("cert.path_too_long", "the chain through \(which) is longer than a CA's path length allows")
        default:
            return CryptoError("cert.invalid", "\(which) failed verification: \(reason)")
        }
    }
}

/// OpenSSL 3.0 checks CRL signatures with an empty SM2 user id, so an SM2 CRL signed with the
/// standard id fails there; such a CRL is accepted when our own check (standard id) passes against
/// the issuer OpenSSL picked. Every other error is left as OpenSSL decided.
private func verifyCallback(_ ok: Int32, _ context: OpaquePointer?) -> Int32 {
    guard ok == 0, let context, X509_STORE_CTX_get_error(context) == X509_V_ERR_CRL_SIGNATURE_FAILURE,
          let crl = X509_STORE_CTX_get0_current_crl(context) else { return ok }
    var issuer = X509_STORE_CTX_get0_current_issuer(context)
    if issuer == nil, let chain = X509_STORE_CTX_get0_chain(context) {
        let depth = X509_STORE_CTX_get_error_depth(context)
        let last = baas_sk_X509_num(chain) - 1
        issuer = baas_sk_X509_value(chain, min(depth + 1, last))
    }
    guard let issuer, let issuerKey = X509_get0_pubkey(issuer),
          let spki = try? encodeDER("an issuer key", { i2d_PUBKEY(issuerKey, $0) }),
          let key = try? PublicKey(der: spki),
          let der = try? encodeDER("a CRL", { i2d_X509_CRL(crl, $0) }),
          SignedStructure.verify(der, with: key) else { return ok }
    X509_STORE_CTX_set_error(context, X509_V_OK)
    OpenSSL.clearErrors()
    return 1
}
