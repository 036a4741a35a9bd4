import BaaSCrypto
internal import CPKCS11

/// A P-256 key held in a PKCS#11 token, signing through `C_Sign` with `CKM_ECDSA`.
///
/// The token signs a SHA-256 digest and returns raw r‖s, which is encoded as a DER
/// ECDSA-Sig-Value, so signatures verify exactly like a software key's. `sign(digest:)` lets
/// OpenSSL use the key through `PrivateKey(external:)` for CSRs, certificates and TLS handshakes.
public final class PKCS11Signer: Signer {
    public let algorithm = SignatureAlgorithm.p256
    public let publicKey: PublicKey
    let token: PKCS11Token
    let privateKey: CK_OBJECT_HANDLE

    init(token: PKCS11Token, privateKey: CK_OBJECT_HANDLE, publicKey: PublicKey) {
        self.token = token
        self.privateKey = privateKey
        self.publicKey = publicKey
    }

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        try sign(digest: Digest.hash(message, algorithm: .sha256))
    }

    public func sign(digest: [UInt8]) throws -> [UInt8] {
        var digest = digest
        let f = token.module.functions.pointee
        let raw: [UInt8] = try token.withSession { session in
            var mechanism = CK_MECHANISM(mechanism: CK_MECHANISM_TYPE(CKM_ECDSA), pParameter: nil, ulParameterLen: 0)
            try ReturnValue.check(f.C_SignInit(session, &mechanism, privateKey), "C_SignInit on token '\(token.label)'")
            var signature = [UInt8](repeating: 0, count: 64)
            var length = CK_ULONG(signature.count)
            try ReturnValue.check(f.C_Sign(session, &digest, CK_ULONG(digest.count), &signature, &length),
                                  "C_Sign on token '\(token.label)'")
            return Array(signature.prefix(Int(length)))
        }
        guard raw.count == 64 else {
            throw PKCS11Error("pkcs11.bad_signature", "token '\(token.label)' returned a \(raw.count)-byte ECDSA signature, expected 64")
        }
        return try ECDSASignature.der(fromRaw: raw)
    }
}
