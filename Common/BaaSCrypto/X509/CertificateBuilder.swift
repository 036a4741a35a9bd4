internal import COpenSSL
public import FoundationEssentials

/// What goes into a certificate: subject, names, validity, usages and CA constraints.
///
/// The builder is a plain value; `selfSign(with:)` makes a root, `issue(for:issuer:signer:)` a
/// certificate signed by a CA. Every certificate gets a random 128-bit serial (unless one is set),
/// subject and authority key identifiers and a critical basicConstraints extension. The signature
/// algorithm follows the issuer's key: ecdsa-with-SHA256 for P-256, SM2-with-SM3 for SM2.
public struct CertificateBuilder: Sendable {
    /// The subject name.
    public var subject: DistinguishedName
    /// Names for the subjectAltName extension (marked critical when the subject is empty).
    public var subjectAlternativeNames: [SubjectAlternativeName]
    /// Start of validity.
    public var notBefore: Date
    /// End of validity.
    public var notAfter: Date
    /// Key usage bits (a critical extension; omitted when empty).
    public var keyUsage: KeyUsage
    /// Extended key usages (omitted when empty).
    public var extendedKeyUsage: [ExtendedKeyUsage]
    /// Whether the certificate is a CA.
    public var isCA: Bool
    /// For a CA: how many intermediate CAs may follow it (nil: no limit).
    public var pathLength: Int?
    /// The serial number bytes (big-endian, positive); nil picks 128 random bits.
    public var serialNumber: [UInt8]?

    /// A builder with every field given.
    public init(subject: DistinguishedName, subjectAlternativeNames: [SubjectAlternativeName] = [],
                notBefore: Date, notAfter: Date, keyUsage: KeyUsage, extendedKeyUsage: [ExtendedKeyUsage] = [],
                isCA: Bool = false, pathLength: Int? = nil, serialNumber: [UInt8]? = nil) {
        self.subject = subject
        self.subjectAlternativeNames = subjectAlternativeNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.keyUsage = keyUsage
        self.extendedKeyUsage = extendedKeyUsage
        self.isCA = isCA
        self.pathLength = pathLength
        self.serialNumber = serialNumber
    }

    /// A root CA: CA:TRUE, keyCertSign + cRLSign + digitalSignature, optional path length.
    public static func rootCA(subject: DistinguishedName, notBefore: Date, notAfter: Date, pathLength: Int? = nil) -> CertificateBuilder {
        CertificateBuilder(subject: subject, notBefore: notBefore, notAfter: notAfter,
                           keyUsage: .certificateAuthority, isCA: true, pathLength: pathLength)
    }

    /// An intermediate CA; by default it may only issue leaf certificates (path length 0).
    public static func intermediateCA(subject: DistinguishedName, notBefore: Date, notAfter: Date, pathLength: Int? = 0) -> CertificateBuilder {
        CertificateBuilder(subject: subject, notBefore: notBefore, notAfter: notAfter,
                           keyUsage: .certificateAuthority, isCA: true, pathLength: pathLength)
    }

    /// An end-entity certificate: CA:FALSE, digitalSignature, the given names and purposes.
    public static func leaf(subject: DistinguishedName, subjectAlternativeNames: [SubjectAlternativeName] = [],
                            notBefore: Date, notAfter: Date,
                            extendedKeyUsage: [ExtendedKeyUsage]) -> CertificateBuilder {
        CertificateBuilder(subject: subject, subjectAlternativeNames: subjectAlternativeNames,
                           notBefore: notBefore, notAfter: notAfter, keyUsage: .digitalSignature,
                           extendedKeyUsage: extendedKeyUsage)
    }

    /// A self-signed certificate for `signer`'s key (a root CA, or a self-signed leaf for tests).
    ///
    /// - Throws: `crypto.invalid_name`, `crypto.invalid_certificate` for inconsistent fields,
    ///   `crypto.signer_failed` when the signer fails.
    public func selfSign(with signer: any Signer) throws -> Certificate {
        try build(publicKey: signer.publicKey, issuer: nil, signer: signer)
    }

    /// A certificate for `publicKey`, signed by the CA `issuer` whose key `signer` holds.
    ///
    /// - Throws: `crypto.not_a_ca` when `issuer` is not a CA allowed to sign certificates,
    ///   `crypto.key_mismatch` when `signer` does not hold `issuer`'s key, and what `selfSign` throws.
    public func issue(for publicKey: PublicKey, issuer: Certificate, signer: any Signer) throws -> Certificate {
        guard issuer.isCA, issuer.keyUsage?.contains(.keyCertSign) ?? true else {
            throw CryptoError("crypto.not_a_ca", "the issuer '\(issuer.subject)' is not a CA allowed to sign certificates")
        }
        guard issuer.publicKey == signer.publicKey else {
            throw CryptoError("crypto.key_mismatch", "the signing key does not belong to the issuer certificate '\(issuer.subject)'")
        }
        return try build(publicKey: publicKey, issuer: issuer, signer: signer)
    }

    private func build(publicKey: PublicKey, issuer: Certificate?, signer: any Signer) throws -> Certificate {
        guard notBefore < notAfter else {
            throw CryptoError("crypto.invalid_certificate", "notBefore (\(notBefore)) must be earlier than notAfter (\(notAfter))")
        }
        if let pathLength, !isCA || pathLength < 0 {
            throw CryptoError("crypto.invalid_certificate", "a path length (\(pathLength)) needs a CA certificate and must not be negative")
        }
        let x509 = try OpenSSL.check(X509_new(), "cannot allocate a certificate")
        defer { X509_free(x509) }
        try OpenSSL.check(X509_set_version(x509, 2), "cannot set the certificate version")
        try setSerial(x509)
        let name = try subject.makeX509Name()
        defer { X509_NAME_free(name) }
        try OpenSSL.check(X509_set_subject_name(x509, name), "cannot set the subject")
        try OpenSSL.check(X509_set_issuer_name(x509, issuer.map { X509_get_subject_name($0.x509) } ?? name), "cannot set the issuer")
        let start = try ASN1Time.make(notBefore)
        defer { ASN1_TIME_free(start) }
        let end = try ASN1Time.make(notAfter)
        defer { ASN1_TIME_free(end) }
        try OpenSSL.check(X509_set1_notBefore(x509, start), "cannot set notBefore")
        try OpenSSL.check(X509_set1_notAfter(x509, end), "cannot set notAfter")
        try OpenSSL.check(X509_set_pubkey(x509, publicKey.evpPKey), "cannot set the public key")

        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer?.x509 ?? x509, x509, nil, nil, 0)
        var constraints = isCA ? "critical,CA:TRUE" : "critical,CA:FALSE"
        if let pathLength { constraints += ",pathlen:\(pathLength)" }
        try Self.add(x509, &context, NID_basic_constraints, constraints)
        if !keyUsage.isEmpty {
            try Self.add(x509, &context, NID_key_usage, "critical," + keyUsage.configurationNames.joined(separator: ","))
        }
        if !extendedKeyUsage.isEmpty {
            try Self.add(x509, &context, NID_ext_key_usage, extendedKeyUsage.map(\.configurationName).joined(separator: ","))
        }
        try Self.add(x509, &context, NID_subject_key_identifier, "hash")
        try Self.add(x509, &context, NID_authority_key_identifier, "keyid:always")
        if !subjectAlternativeNames.isEmpty {
            let names = try SubjectAlternativeName.makeGeneralNames(subjectAlternativeNames)
            defer { baas_GENERAL_NAMES_free(names) }
            let critical: Int32 = subject.attributes.isEmpty ? 1 : 0
            try OpenSSL.check(X509_add1_ext_i2d(x509, NID_subject_alt_name, UnsafeMutableRawPointer(names), critical, UInt(X509V3_ADD_DEFAULT)),
                              "cannot add the subject alternative names")
        }

        try SignedStructure.signWithPlaceholder(signer.algorithm, "certificate") { X509_sign_ctx(x509, $0) }
        let unsigned = try encodeDER("a certificate") { i2d_X509(x509, $0) }
        return try Certificate(der: SignedStructure.resign(unsigned, with: signer, "certificate"))
    }

    private func setSerial(_ x509: OpaquePointer) throws {
        var bytes = serialNumber ?? SecureRandom.bytes(count: 16)
        if serialNumber == nil {
            // Positive and exactly 128 bits of entropy minus the sign bit, never zero.
            bytes[0] &= 0x7f
            bytes[0] |= 0x40
        }
        guard !bytes.isEmpty, bytes.count <= 20 else {
            throw CryptoError("crypto.invalid_certificate", "a serial number must have 1 to 20 bytes, not \(bytes.count)")
        }
        let bignum = try OpenSSL.check(BN_bin2bn(bytes, Int32(bytes.count), nil), "cannot build the serial number")
        defer { BN_free(bignum) }
        let integer = try OpenSSL.check(BN_to_ASN1_INTEGER(bignum, nil), "cannot build the serial number")
        defer { ASN1_INTEGER_free(integer) }
        try OpenSSL.check(X509_set_serialNumber(x509, integer), "cannot set the serial number")
    }

    /// Adds the extension OpenSSL builds from its configuration text `value` (fixed strings made
    /// by this module, never user input).
    static func add(_ x509: OpaquePointer, _ context: inout X509V3_CTX, _ nid: Int32, _ value: String) throws {
        let ext = try OpenSSL.check(X509V3_EXT_nconf_nid(nil, &context, nid, value), "cannot build the extension '\(value)'")
        defer { X509_EXTENSION_free(ext) }
        try OpenSSL.check(X509_add_ext(x509, ext, -1), "cannot add the extension '\(value)'")
    }
}
