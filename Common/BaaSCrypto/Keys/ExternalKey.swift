internal import COpenSSL

/// Makes `EVP_PKEY`s whose ECDSA signatures come from a `Signer`, so OpenSSL itself (TLS
/// handshakes, anything given `PrivateKey.evpPKey`) can sign with a key it cannot see.
///
/// OpenSSL hands the callback the digest, so the signer must implement `sign(digest:)`; only
/// P-256 is possible. The signer is retained by the OpenSSL key and released when it is freed.
enum ExternalKey {
    /// Keeps the signer alive for as long as OpenSSL's key refers to it.
    final class Box {
        let signer: any Signer

        init(_ signer: any Signer) {
            self.signer = signer
        }
    }

    nonisolated(unsafe) private static let method: OpaquePointer? = baas_external_ec_method_new(externalSign)
    fileprivate static let index: Int32 = baas_EC_KEY_new_ex_index(releaseBox)

    /// A public-only key whose signing calls `signer`.
    ///
    /// - Throws: `crypto.unsupported_key` for SM2, `crypto.openssl` if OpenSSL refuses.
    static func make(_ signer: any Signer) throws -> EVPKey {
        guard signer.algorithm == .p256 else {
            throw CryptoError("crypto.unsupported_key", "only P-256 keys held outside the process can sign through OpenSSL; SM2 keys sign through Signer only")
        }
        guard let method, index >= 0 else {
            throw OpenSSL.error("crypto.openssl", "cannot set up external EC keys")
        }
        let spki = signer.publicKey.der()
        let box = Unmanaged.passRetained(Box(signer))
        guard let pointer = baas_external_ec_pkey(spki, spki.count, method, index, box.toOpaque()) else {
            box.release()
            throw OpenSSL.error("crypto.openssl", "cannot build an OpenSSL key around the external signer")
        }
        return EVPKey(taking: pointer)
    }
}

private func externalSign(type: Int32, digest: UnsafePointer<UInt8>?, digestLength: Int32,
                          signature: UnsafeMutablePointer<UInt8>?, signatureLength: UnsafeMutablePointer<UInt32>?,
                          kinv: OpaquePointer?, r: OpaquePointer?, key: OpaquePointer?) -> Int32 {
    guard let digest, digestLength > 0, let signature, let signatureLength, let key,
          let context = baas_EC_KEY_get_ex_data(key, ExternalKey.index) else { return 0 }
    let signer = Unmanaged<ExternalKey.Box>.fromOpaque(context).takeUnretainedValue().signer
    guard let der = try? signer.sign(digest: Array(UnsafeBufferPointer(start: digest, count: Int(digestLength)))),
          der.count <= Int(baas_ECDSA_size(key)) else { return 0 }
    der.withUnsafeBufferPointer { signature.update(from: $0.baseAddress!, count: der.count) }
    signatureLength.pointee = UInt32(der.count)
    return 1
}

private func releaseBox(parent: UnsafeMutableRawPointer?, pointer: UnsafeMutableRawPointer?, data: UnsafeMutablePointer<CRYPTO_EX_DATA>?,
                        index: Int32, argl: Int, argp: UnsafeMutableRawPointer?) {
    guard let pointer, index == ExternalKey.index else { return }
    Unmanaged<ExternalKey.Box>.fromOpaque(pointer).release()
}
