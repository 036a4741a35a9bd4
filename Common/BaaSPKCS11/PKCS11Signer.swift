import BaaSCrypto
internal import CPKCS11

/// A P-256 key held in a PKCS#11 token, signing through `C_Sign` with `CKM_ECDSA`.
///
/// The message is hashed with SHA-256 here, the token signs the digest, and the raw r‖s it returns
/// is encoded as a DER ECDSA-Sig-Value, so signatures verify exactly like a software key's.
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
        var digest = Digest.hash(message, algorithm: .sha256)
        let f = token.module.functions.pointee
        let raw: [UInt8] = try token.session.withLock { session in
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
        return Self.derSignature(r: Array(raw[0..<32]), s: Array(raw[32..<64]))
    }

    /// SEQUENCE { INTEGER r, INTEGER s } with minimal, positive integers.
    static func derSignature(r: [UInt8], s: [UInt8]) -> [UInt8] {
        func integer(_ bytes: [UInt8]) -> [UInt8] {
            var value = Array(bytes.drop(while: { $0 == 0 }))
            if value.isEmpty { value = [0] }
            if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
            return [0x02, UInt8(value.count)] + value
        }
        let body = integer(r) + integer(s)
        return [0x30, UInt8(body.count)] + body
    }
}
