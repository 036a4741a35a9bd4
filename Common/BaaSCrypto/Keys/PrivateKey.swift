internal import COpenSSL

/// A private key: ECDSA P-256 or SM2 held in memory, or a P-256 key held by any `Signer`
/// (`init(external:)`) that OpenSSL can nevertheless sign with.
///
/// Values are immutable and safe to share between threads. The key never appears in
/// `description` or in any error message.
public struct PrivateKey: Signer, CustomStringConvertible {
    let key: EVPKey
    private let external: (any Signer)?
    /// The scheme this key signs with.
    public let algorithm: SignatureAlgorithm
    /// The matching public key.
    public let publicKey: PublicKey

    /// The `EVP_PKEY*` inside, for code in this module (TLS); valid while this value lives.
    var evpPKey: OpaquePointer { key.pointer }

    init(key: EVPKey) throws {
        let algorithm = try key.algorithm()
        self.key = key
        self.external = nil
        self.algorithm = algorithm
        let spki = try encodeDER("a public key") { i2d_PUBKEY(key.pointer, $0) }
        self.publicKey = try PublicKey(der: spki)
    }

    /// A new random key. Thread-safe.
    public static func generate(_ algorithm: SignatureAlgorithm) -> PrivateKey {
        do {
            let context = try OpenSSL.check(EVP_PKEY_CTX_new_from_name(nil, algorithm == .sm2 ? "SM2" : "EC", nil),
                                            "cannot create a key generator")
            defer { EVP_PKEY_CTX_free(context) }
            try OpenSSL.check(EVP_PKEY_keygen_init(context), "cannot start key generation")
            if algorithm == .p256 {
                try OpenSSL.checkPositive(EVP_PKEY_CTX_set_group_name(context, "P-256"), "cannot select P-256")
            }
            var pkey: OpaquePointer?
            try OpenSSL.check(EVP_PKEY_generate(context, &pkey), "key generation failed")
            return try PrivateKey(key: EVPKey(taking: OpenSSL.check(pkey, "key generation returned no key")))
        } catch {
            // Generation of a built-in curve fails only without memory or entropy.
            fatalError("cannot generate a \(algorithm) key: \(error)")
        }
    }

    /// Reads a DER private key: PKCS#8 `PrivateKeyInfo` (unencrypted) or SEC1 `ECPrivateKey`.
    ///
    /// - Throws: `crypto.malformed_der` or `crypto.unsupported_key`.
    public init(der: [UInt8]) throws {
        let pointer = try decodeDER(der, "private key", free: { EVP_PKEY_free($0) }) { cursor, count in
            d2i_AutoPrivateKey(nil, cursor, count)
        }
        try self.init(key: EVPKey(taking: pointer))
    }

    /// Reads a PEM private key: `PRIVATE KEY` (PKCS#8) or `EC PRIVATE KEY` (SEC1, optionally after
    /// an `EC PARAMETERS` block as `openssl ecparam -genkey` writes it).
    ///
    /// - Throws: `crypto.malformed_pem`, `crypto.wrong_pem_label`, `crypto.malformed_der`, `crypto.unsupported_key`.
    public init(pem: String) throws {
        let block = try PEMBlock.parseOne(pem, labels: ["PRIVATE KEY", "EC PRIVATE KEY"], ignoring: ["EC PARAMETERS"])
        try self.init(der: block.der)
    }

    /// Wraps a key held elsewhere (a PKCS#11 token) so that OpenSSL can sign with it: `evpPKey`
    /// then makes TLS handshakes and X.509 signatures through `signer.sign(digest:)`.
    ///
    /// - Throws: `crypto.unsupported_key` unless `signer` is P-256.
    public init(external signer: any Signer) throws {
        key = try ExternalKey.make(signer)
        external = signer
        algorithm = signer.algorithm
        publicKey = signer.publicKey
    }

    /// Whether the private key lives outside this process (`init(external:)`).
    public var isExternal: Bool { external != nil }

    /// The key as unencrypted PKCS#8 DER. Handle the result as a secret.
    ///
    /// - Precondition: the key is not external (`isExternal` is false): those cannot be exported.
    public func derPKCS8() -> [UInt8] {
        precondition(external == nil, "an external private key cannot be exported")
        do {
            let info = try OpenSSL.check(EVP_PKEY2PKCS8(key.pointer), "cannot convert the key to PKCS#8")
            defer { PKCS8_PRIV_KEY_INFO_free(info) }
            return try encodeDER("a private key") { i2d_PKCS8_PRIV_KEY_INFO(info, $0) }
        } catch {
            fatalError("cannot encode a private key: \(error)")
        }
    }

    /// The key as unencrypted PKCS#8 PEM (`PRIVATE KEY`). Handle the result as a secret.
    ///
    /// - Precondition: the key is not external.
    public func pemPKCS8() -> String {
        PEMBlock(label: "PRIVATE KEY", der: derPKCS8()).text
    }

    /// Signs `message` (hashed inside with `algorithm.digest`); returns a DER signature. Thread-safe.
    ///
    /// - Throws: `CryptoError` only if OpenSSL fails (out of memory).
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        if let external { return try external.sign(message) }
        return try key.sign(message, algorithm: algorithm)
    }

    /// Signs a SHA-256 digest (P-256 only); returns a DER signature.
    ///
    /// - Throws: `crypto.unsupported` for SM2, `crypto.invalid_digest` for a digest that is not 32 bytes.
    public func sign(digest: [UInt8]) throws -> [UInt8] {
        if let external { return try external.sign(digest: digest) }
        guard algorithm == .p256 else {
            throw CryptoError("crypto.unsupported", "SM2 signatures hash the signer's identity and cannot start from a digest")
        }
        guard digest.count == 32 else {
            throw CryptoError("crypto.invalid_digest", "a SHA-256 digest has 32 bytes, not \(digest.count)")
        }
        let context = try OpenSSL.check(EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil), "cannot create a signing context")
        defer { EVP_PKEY_CTX_free(context) }
        try OpenSSL.check(EVP_PKEY_sign_init(context), "cannot start a digest signature")
        var length = 0
        try OpenSSL.check(EVP_PKEY_sign(context, nil, &length, digest, digest.count), "cannot size a signature")
        var signature = [UInt8](repeating: 0, count: length)
        try OpenSSL.check(EVP_PKEY_sign(context, &signature, &length, digest, digest.count), "signing failed")
        return Array(signature.prefix(length))
    }

    /// Names the algorithm and the public key fingerprint; never the key.
    public var description: String {
        "PrivateKey(\(algorithm)\(isExternal ? ", external" : ""), public \(publicKey.fingerprint.prefix(16)))"
    }
}
