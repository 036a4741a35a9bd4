internal import COpenSSL

/// A public key: ECDSA P-256 or SM2. Immutable and thread-safe; equal when the SPKI DER is equal.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    let key: EVPKey
    /// The scheme this key verifies.
    public let algorithm: SignatureAlgorithm
    private let spki: [UInt8]

    /// The `EVP_PKEY*` inside, for code in this module (TLS); valid while this value lives.
    var evpPKey: OpaquePointer { key.pointer }

    /// Shares `pointer` (borrowed, e.g. a certificate's key) by taking a reference of its own,
    /// which saves decoding the key a second time.
    init(sharing pointer: OpaquePointer) throws {
        let spki = try encodeDER("a public key") { i2d_PUBKEY(pointer, $0) }
        try OpenSSL.check(EVP_PKEY_up_ref(pointer), "cannot share a public key")
        let key = EVPKey(taking: pointer)
        self.algorithm = try key.algorithm()
        self.key = key
        self.spki = spki
    }

    /// Reads a DER `SubjectPublicKeyInfo`.
    ///
    /// - Throws: `crypto.malformed_der`, `crypto.unsupported_key`.
    public init(der: [UInt8]) throws {
        let pointer = try decodeDER(der, "public key", free: { EVP_PKEY_free($0) }) { cursor, count in
            d2i_PUBKEY(nil, cursor, count)
        }
        let key = EVPKey(taking: pointer)
        let algorithm = try key.algorithm()
        self.key = key
        self.algorithm = algorithm
        self.spki = der
    }

    /// Reads a PEM `PUBLIC KEY` block.
    ///
    /// - Throws: `crypto.malformed_pem`, `crypto.wrong_pem_label`, `crypto.malformed_der`, `crypto.unsupported_key`.
    public init(pem: String) throws {
        try self.init(der: PEMBlock.parseOne(pem, label: "PUBLIC KEY").der)
    }

    /// Builds a key from an uncompressed point `04‖X‖Y` (65 bytes), or from the DER OCTET STRING
    /// around it (67 bytes, `04 41 04‖X‖Y`) as PKCS#11 `CKA_EC_POINT` holds it.
    ///
    /// - Throws: `crypto.malformed_key` when the point is not 65 bytes or not on the curve.
    public init(rawPoint input: [UInt8], algorithm: SignatureAlgorithm) throws {
        let rawPoint = input.count == 67 && input.starts(with: [0x04, 0x41, 0x04]) ? Array(input.dropFirst(2)) : input
        guard rawPoint.count == 65, rawPoint.first == 0x04 else {
            throw CryptoError("crypto.malformed_key", "an uncompressed EC point is 65 bytes starting with 04; got \(rawPoint.count) bytes")
        }
        let header: [UInt8] = switch algorithm {
        case .p256: [0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                     0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00]
        case .sm2: [0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                    0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00]
        }
        do {
            try self.init(der: header + rawPoint)
        } catch let error as CryptoError {
            throw CryptoError("crypto.malformed_key", "the EC point is not on the \(algorithm) curve (\(error.message))")
        }
    }

    /// The key as a PEM `PUBLIC KEY` block.
    public func pem() -> String {
        PEMBlock(label: "PUBLIC KEY", der: spki).text
    }

    /// The DER `SubjectPublicKeyInfo`.
    public func der() -> [UInt8] {
        spki
    }

    /// The uncompressed point `04‖X‖Y` (65 bytes).
    public func rawPoint() -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let length = EVP_PKEY_get1_encoded_public_key(key.pointer, &out)
        guard length > 0, let out else { fatalError("cannot read an EC public point: \(OpenSSL.drainErrors())") }
        defer { baas_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    /// The SHA-256 of the DER `SubjectPublicKeyInfo`, in lower-case hex.
    public var fingerprint: String {
        Hex.encode(Digest.hash(spki, algorithm: .sha256))
    }

    /// Whether `signature` (DER) is a valid signature of `message` by the private half.
    /// Thread-safe; a malformed signature is simply invalid.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        key.verify(signature: signature, message: message, algorithm: algorithm)
    }

    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.spki == b.spki }

    public func hash(into hasher: inout Swift.Hasher) { hasher.combine(spki) }

    public var description: String { "PublicKey(\(algorithm), \(fingerprint.prefix(16)))" }
}
