internal import COpenSSL

/// Signs X.509 structures (certificates, CSRs, CRLs) with any `Signer`, including keys OpenSSL
/// cannot reach (a PKCS#11 token).
///
/// OpenSSL signs with an `EVP_PKEY` only. So the structure is first signed with a throwaway key of
/// the signer's algorithm, which makes OpenSSL write both algorithm identifiers (inside the signed
/// part and outside it) exactly as it would for the real key; then the to-be-signed part is cut
/// from the DER, signed by the real signer, and the structure is reassembled around the new signature.
enum SignedStructure {
    private static let placeholderP256 = PrivateKey.generate(.p256)
    private static let placeholderSM2 = PrivateKey.generate(.sm2)

    /// Calls `sign` with a signing context over the throwaway key for `algorithm`.
    static func signWithPlaceholder(_ algorithm: SignatureAlgorithm, _ what: String, _ sign: (OpaquePointer) -> Int32) throws {
        let key = algorithm == .p256 ? placeholderP256 : placeholderSM2
        let context = try key.key.makeSigningContext(algorithm)
        defer { EVP_MD_CTX_free(context) }
        try OpenSSL.checkPositive(sign(context), "cannot sign the \(what)")
    }

    /// Replaces the signature of the DER `SEQUENCE { tbs, algorithm, BIT STRING }` with one by `signer`.
    static func resign(_ der: [UInt8], with signer: any Signer, _ what: String) throws -> [UInt8] {
        let parts = try DER.sequenceChildren(der)
        guard parts.count == 3 else {
            throw CryptoError("crypto.malformed_der", "the \(what) is not a signed structure")
        }
        let signature: [UInt8]
        do {
            signature = try signer.sign(Array(parts[0]))
        } catch let error as CryptoError {
            throw error
        } catch {
            throw CryptoError("crypto.signer_failed", "the key could not sign the \(what): \(error)")
        }
        let signed = DER.sequence([parts[0], parts[1], DER.bitString(signature)[...]])
        guard signer.publicKey.verify(signature: signature, message: Array(parts[0])) else {
            throw CryptoError("crypto.signer_failed",
                              "the key produced a signature for the \(what) that its own public key does not accept; check that the key matches")
        }
        return signed
    }

    /// Whether the DER signed structure `der` carries a valid signature by `key` (SM2: with the
    /// standard user id). Malformed input is simply not validly signed.
    static func verify(_ der: [UInt8], with key: PublicKey) -> Bool {
        guard let parts = try? DER.sequenceChildren(der), parts.count == 3 else { return false }
        let bitString = Array(parts[2])
        guard bitString.first == 0x03, let element = try? DER.element(bitString, at: 0),
              element.valueStart < bitString.count, bitString[element.valueStart] == 0 else { return false }
        return key.verify(signature: Array(bitString[(element.valueStart + 1)...]), message: Array(parts[0]))
    }
}
