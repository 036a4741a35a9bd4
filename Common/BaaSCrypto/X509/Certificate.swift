internal import COpenSSL
public import FoundationEssentials

/// Owns one `X509*`.
final class X509Object: @unchecked Sendable {
    // A parsed certificate is only read after construction, which OpenSSL allows from any thread.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_free(pointer)
    }
}

/// An X.509 certificate with a P-256 or SM2 public key. Immutable and thread-safe; equal when the
/// DER encodings are equal.
public struct Certificate: Sendable, Hashable, CustomStringConvertible {
    let object: X509Object
    private let encoded: [UInt8]

    /// The `X509*` inside, for code in this module (TLS); valid while this value lives.
    var x509: OpaquePointer { object.pointer }

    /// The subject.
    public let subject: DistinguishedName
    /// The issuer.
    public let issuer: DistinguishedName
    /// The serial number as lower-case hex of its magnitude bytes (even length), e.g. `"0a3f…"`.
    public let serialNumber: String
    /// Start of validity (whole seconds).
    public let notBefore: Date
    /// End of validity (whole seconds).
    public let notAfter: Date
    /// DNS names, IP addresses and URIs from the subjectAltName extension, in order.
    public let subjectAlternativeNames: [SubjectAlternativeName]
    /// Whether basicConstraints says CA:TRUE.
    public let isCA: Bool
    /// The basicConstraints path length limit of a CA, if any.
    public let pathLength: Int?
    /// The key usage bits, or nil when the certificate has no keyUsage extension.
    public let keyUsage: KeyUsage?
    /// The extended key usages (empty when the extension is absent).
    public let extendedKeyUsage: [ExtendedKeyUsage]
    /// The subject's public key.
    public let publicKey: PublicKey

    /// Takes ownership of `pointer` (from d2i or the chain of a verification).
    init(taking pointer: OpaquePointer) throws {
        let object = X509Object(taking: pointer)
        if X509_get_signature_nid(pointer) == NID_SM2_with_SM3 {
            try OpenSSL.check(baas_X509_set_sm2_id(pointer), "cannot set the SM2 user id")
        }
        let encoded = try encodeDER("a certificate") { i2d_X509(pointer, $0) }
        self.object = object
        self.encoded = encoded
        subject = DistinguishedName(x509Name: X509_get_subject_name(pointer))
        issuer = DistinguishedName(x509Name: X509_get_issuer_name(pointer))
        serialNumber = try Self.hex(X509_get0_serialNumber(pointer))
        guard let notBefore = ASN1Time.date(X509_get0_notBefore(pointer)),
              let notAfter = ASN1Time.date(X509_get0_notAfter(pointer)) else {
            throw CryptoError("crypto.malformed_certificate", "the certificate has an unreadable validity period")
        }
        self.notBefore = notBefore
        self.notAfter = notAfter
        // Reading any extension flag makes OpenSSL parse and cache the extensions; a certificate
        // whose extensions do not parse gets EXFLAG_INVALID and is refused here.
        if X509_get_extension_flags(pointer) & UInt32(EXFLAG_INVALID) != 0 {
            throw OpenSSL.error("crypto.malformed_certificate", "the certificate has malformed extensions")
        }
        if let names = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) {
            let stack = OpaquePointer(names)
            subjectAlternativeNames = SubjectAlternativeName.read(stack)
            baas_GENERAL_NAMES_free(stack)
        } else {
            subjectAlternativeNames = []
        }
        isCA = baas_X509_is_ca(pointer) != 0
        let pathLength = X509_get_pathlen(pointer)
        self.pathLength = isCA && pathLength >= 0 ? Int(pathLength) : nil
        keyUsage = baas_X509_has_key_usage(pointer) != 0 ? KeyUsage(rawValue: UInt16(truncatingIfNeeded: X509_get_key_usage(pointer))) : nil
        if baas_X509_has_extended_key_usage(pointer) != 0 {
            let flags = X509_get_extended_key_usage(pointer)
            extendedKeyUsage = ExtendedKeyUsage.allCases.filter { flags & $0.openSSLFlag != 0 }
        } else {
            extendedKeyUsage = []
        }
        guard let key = X509_get0_pubkey(pointer) else {
            throw OpenSSL.error("crypto.malformed_certificate", "the certificate's public key is unreadable")
        }
        publicKey = try PublicKey(sharing: key)
        OpenSSL.clearErrors()
    }

    /// Reads one DER certificate.
    ///
    /// - Throws: `crypto.malformed_der`, `crypto.malformed_certificate`, or `crypto.unsupported_key`
    ///   for a key other than P-256 or SM2.
    public init(der: [UInt8]) throws {
        let pointer = try decodeDER(der, "certificate", free: { X509_free($0) }) { cursor, count in
            d2i_X509(nil, cursor, count)
        }
        try self.init(taking: pointer)
    }

    /// Reads text holding exactly one PEM `CERTIFICATE` block.
    ///
    /// - Throws: `crypto.malformed_pem`, `crypto.wrong_pem_label`, and what `init(der:)` throws.
    public init(pem: String) throws {
        try self.init(der: PEMBlock.parseOne(pem, label: "CERTIFICATE").der)
    }

    /// Reads every certificate of a PEM bundle (a chain: leaf first, by convention).
    ///
    /// - Throws: as `init(pem:)`; any block that is not a `CERTIFICATE` is an error.
    public static func chain(pem: String) throws -> [Certificate] {
        try PEMBlock.parseAll(pem).map { block in
            guard block.label == "CERTIFICATE" else {
                throw CryptoError("crypto.wrong_pem_label", "expected PEM blocks 'CERTIFICATE' but found '\(block.label)'")
            }
            return try Certificate(der: block.der)
        }
    }

    /// Concatenated PEM of `chain`, in order.
    public static func pem(_ chain: [Certificate]) -> String {
        chain.map { $0.pem() }.joined()
    }

    /// The DER encoding.
    public func der() -> [UInt8] {
        encoded
    }

    /// The PEM `CERTIFICATE` block.
    public func pem() -> String {
        PEMBlock(label: "CERTIFICATE", der: encoded).text
    }

    /// SHA-256 of the DER encoding, lower-case hex (what enrollment tokens pin).
    public var fingerprintSHA256: String {
        Hex.encode(Digest.hash(encoded, algorithm: .sha256))
    }

    /// The algorithm the issuer signed with, or nil for one this module does not know.
    public var signatureAlgorithm: SignatureAlgorithm? {
        switch X509_get_signature_nid(x509) {
        case NID_ecdsa_with_SHA256: .p256
        case NID_SM2_with_SM3: .sm2
        default: nil
        }
    }

    /// Whether `date` lies within `notBefore...notAfter`.
    public func isValid(at date: Date) -> Bool {
        notBefore <= date && date <= notAfter
    }

    /// Whether the signature on this certificate was made by the private half of `key`.
    public func isSigned(by key: PublicKey) -> Bool {
        defer { OpenSSL.clearErrors() }
        return X509_verify(x509, key.evpPKey) == 1
    }

    /// Subject, serial and validity for logs.
    public var description: String {
        "Certificate(subject: \(subject), serial: \(serialNumber), notAfter: \(notAfter))"
    }

    public static func == (a: Certificate, b: Certificate) -> Bool { a.encoded == b.encoded }

    public func hash(into hasher: inout Swift.Hasher) { hasher.combine(encoded) }

    /// Hex of an ASN1_INTEGER's magnitude.
    static func hex(_ integer: UnsafePointer<ASN1_INTEGER>?) throws -> String {
        guard let integer, let bignum = ASN1_INTEGER_to_BN(integer, nil) else {
            throw OpenSSL.error("crypto.malformed_certificate", "the serial number is unreadable")
        }
        defer { BN_free(bignum) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(bignum) + 7) / 8))
        _ = BN_bn2bin(bignum, &bytes)
        return bytes.isEmpty ? "00" : Hex.encode(bytes)
    }
}
