internal import COpenSSL

/// Owns one `EVP_PKEY*` and frees it with the last reference.
final class EVPKey: @unchecked Sendable {
    // EVP_PKEY objects are safe to use from several threads for signing and verifying once built.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Which of our algorithms the key belongs to.
    ///
    /// - Throws: `crypto.unsupported_key` for RSA, other curves, Ed25519 …
    func algorithm() throws -> SignatureAlgorithm {
        // OpenSSL 3.0 decodes keys on the SM2 curve as type SM2 (so they make SM2, not ECDSA, signatures).
        if EVP_PKEY_is_a(pointer, "SM2") == 1 { return .sm2 }
        if EVP_PKEY_is_a(pointer, "EC") == 1 {
            switch groupName() {
            case "prime256v1", "P-256", "secp256r1": return .p256
            case let other:
                throw CryptoError("crypto.unsupported_key", "the EC key is on curve '\(other ?? "unknown")'; only P-256 and SM2 are supported")
            }
        }
        let type = EVP_PKEY_get0_type_name(pointer).map { String(cString: $0) } ?? "unknown"
        throw CryptoError("crypto.unsupported_key", "the key is of type '\(type)'; only EC P-256 and SM2 keys are supported")
    }

    private func groupName() -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(pointer, &buffer, buffer.count, &length) == 1 else {
            OpenSSL.clearErrors()
            return nil
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A digest-sign context over this (private) key for `algorithm`, with the SM2 user id set;
    /// the caller frees it with `EVP_MD_CTX_free`.
    func makeSigningContext(_ algorithm: SignatureAlgorithm) throws -> OpaquePointer {
        let context = try OpenSSL.check(EVP_MD_CTX_new(), "cannot allocate a signing context")
        do {
            var keyContext: OpaquePointer?
            try OpenSSL.check(EVP_DigestSignInit_ex(context, &keyContext, algorithm.digest.openSSLName, nil, nil, pointer, nil),
                              "cannot start a \(algorithm.x509Name) signature")
            if algorithm == .sm2 {
                try OpenSSL.check(EVP_PKEY_CTX_set1_id(keyContext, baas_sm2_default_id(), 16), "cannot set the SM2 user id")
            }
            return context
        } catch {
            EVP_MD_CTX_free(context)
            throw error
        }
    }

    /// Signs `message` with this (private) key: digest and, for SM2, the user id inside.
    func sign(_ message: [UInt8], algorithm: SignatureAlgorithm) throws -> [UInt8] {
        let context = try makeSigningContext(algorithm)
        defer { EVP_MD_CTX_free(context) }
        var length = 0
        try message.withUnsafeBufferPointer { input in
            try OpenSSL.check(EVP_DigestSign(context, nil, &length, input.baseAddress, input.count), "cannot size a signature")
        }
        var signature = [UInt8](repeating: 0, count: length)
        try message.withUnsafeBufferPointer { input in
            try OpenSSL.check(EVP_DigestSign(context, &signature, &length, input.baseAddress, input.count), "signing failed")
        }
        return Array(signature.prefix(length))
    }

    /// Whether `signature` (DER) is valid for `message` under this key. Never throws: malformed
    /// signatures are simply invalid.
    func verify(signature: [UInt8], message: [UInt8], algorithm: SignatureAlgorithm) -> Bool {
        defer { OpenSSL.clearErrors() }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit_ex(context, &keyContext, algorithm.digest.openSSLName, nil, nil, pointer, nil) == 1 else {
            return false
        }
        if algorithm == .sm2, EVP_PKEY_CTX_set1_id(keyContext, baas_sm2_default_id(), 16) != 1 {
            return false
        }
        return signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBufferPointer { input in
                EVP_DigestVerify(context, sig.baseAddress, sig.count, input.baseAddress, input.count) == 1
            }
        }
    }
}

/// Runs an OpenSSL `i2d_*` function and returns its output.
func encodeDER(_ what: @autoclosure () -> String, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>) -> Int32) throws -> [UInt8] {
    var out: UnsafeMutablePointer<UInt8>?
    let length = body(&out)
    guard length > 0, let out else { throw OpenSSL.error("crypto.openssl", "cannot encode \(what()) as DER") }
    defer { baas_OPENSSL_free(out) }
    return Array(UnsafeBufferPointer(start: out, count: Int(length)))
}

/// Runs an OpenSSL `d2i_*` function over all of `der`; trailing bytes are an error.
func decodeDER(_ der: [UInt8], _ what: String,
               free: (OpaquePointer) -> Void,
               _ body: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?) throws -> OpaquePointer {
    guard !der.isEmpty else {
        throw CryptoError("crypto.malformed_der", "the \(what) is empty")
    }
    OpenSSL.clearErrors()
    return try der.withUnsafeBufferPointer { buffer in
        var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
        guard let object = body(&cursor, buffer.count) else {
            throw OpenSSL.error("crypto.malformed_der", "the \(what) is not valid DER")
        }
        if let cursor, cursor != buffer.baseAddress! + buffer.count {
            free(object)
            throw CryptoError("crypto.malformed_der", "the \(what) has \(buffer.baseAddress! + buffer.count - cursor) bytes of trailing data")
        }
        return object
    }
}
