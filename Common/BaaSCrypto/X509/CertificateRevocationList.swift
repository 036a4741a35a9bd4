internal import COpenSSL
public import FoundationEssentials

/// Owns one `X509_CRL*`.
final class X509CRLObject: @unchecked Sendable {
    // Only read after construction.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_CRL_free(pointer)
    }
}

/// A signed list of revoked certificate serial numbers (X.509 v2 CRL). Immutable and thread-safe.
///
/// SM2 lists are signed with the standard user id like every SM2 signature here; OpenSSL 3.0
/// checks CRL signatures with an empty id, so `CertificateVerifier` checks SM2 CRL signatures
/// itself, and `openssl crl -verify` / `openssl verify -crl_check` reject SM2 CRLs from any
/// signer that uses the standard id.
public struct CertificateRevocationList: Sendable, Hashable, CustomStringConvertible {
    let object: X509CRLObject
    private let encoded: [UInt8]

    /// The `X509_CRL*` inside, for code in this module (TLS); valid while this value lives.
    var x509CRL: OpaquePointer { object.pointer }

    /// The CA that issued the list.
    public let issuer: DistinguishedName
    /// When the list was made.
    public let thisUpdate: Date
    /// When the next list is due (a list past this is stale).
    public let nextUpdate: Date?
    /// The cRLNumber extension, if present and small enough.
    public let number: UInt64?
    /// The entries.
    public let revoked: [RevokedCertificate]
    private let revokedSerials: [String: RevokedCertificate]

    /// Issues a list signed by `issuer`.
    ///
    /// - Throws: `crypto.not_a_ca` when the issuer's key usage forbids signing CRLs,
    ///   `crypto.invalid_serial` for a serial that is not hex, `crypto.signer_failed`.
    public init(issuer: CertificateIssuer, revoked: [RevokedCertificate], thisUpdate: Date, nextUpdate: Date, number: UInt64) throws {
        guard issuer.certificate.keyUsage?.contains(.cRLSign) ?? true else {
            throw CryptoError("crypto.not_a_ca", "the CA '\(issuer.certificate.subject)' may not sign revocation lists (no cRLSign key usage)")
        }
        guard thisUpdate < nextUpdate else {
            throw CryptoError("crypto.invalid_crl", "thisUpdate (\(thisUpdate)) must be earlier than nextUpdate (\(nextUpdate))")
        }
        let crl = try OpenSSL.check(X509_CRL_new(), "cannot allocate a CRL")
        defer { X509_CRL_free(crl) }
        try OpenSSL.check(X509_CRL_set_version(crl, 1), "cannot set the CRL version")
        try OpenSSL.check(X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer.certificate.x509)), "cannot set the CRL issuer")
        let last = try ASN1Time.make(thisUpdate)
        defer { ASN1_TIME_free(last) }
        let next = try ASN1Time.make(nextUpdate)
        defer { ASN1_TIME_free(next) }
        try OpenSSL.check(X509_CRL_set1_lastUpdate(crl, last), "cannot set thisUpdate")
        try OpenSSL.check(X509_CRL_set1_nextUpdate(crl, next), "cannot set nextUpdate")
        for entry in revoked {
            try Self.add(entry, to: crl)
        }
        let crlNumber = try OpenSSL.check(ASN1_INTEGER_new(), "cannot allocate the CRL number")
        defer { ASN1_INTEGER_free(crlNumber) }
        try OpenSSL.check(ASN1_INTEGER_set_uint64(crlNumber, number), "cannot set the CRL number")
        try OpenSSL.check(X509_CRL_add1_ext_i2d(crl, NID_crl_number, UnsafeMutableRawPointer(crlNumber), 0, 0), "cannot add the CRL number")
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer.certificate.x509, nil, nil, crl, 0)
        let authority = try OpenSSL.check(X509V3_EXT_nconf_nid(nil, &context, NID_authority_key_identifier, "keyid:always"),
                                          "cannot build the authority key identifier")
        defer { X509_EXTENSION_free(authority) }
        try OpenSSL.check(X509_CRL_add_ext(crl, authority, -1), "cannot add the authority key identifier")
        try OpenSSL.check(X509_CRL_sort(crl), "cannot sort the CRL")
        try SignedStructure.signWithPlaceholder(issuer.signer.algorithm, "CRL") { X509_CRL_sign_ctx(crl, $0) }
        let unsigned = try encodeDER("a CRL") { i2d_X509_CRL(crl, $0) }
        try self.init(der: SignedStructure.resign(unsigned, with: issuer.signer, "CRL"))
    }

    /// Reads a DER CRL.
    ///
    /// - Throws: `crypto.malformed_der`, `crypto.malformed_crl`.
    public init(der: [UInt8]) throws {
        let pointer = try decodeDER(der, "CRL", free: { X509_CRL_free($0) }) { cursor, count in
            d2i_X509_CRL(nil, cursor, count)
        }
        object = X509CRLObject(taking: pointer)
        encoded = der
        issuer = DistinguishedName(x509Name: X509_CRL_get_issuer(pointer))
        guard let thisUpdate = ASN1Time.date(X509_CRL_get0_lastUpdate(pointer)) else {
            throw CryptoError("crypto.malformed_crl", "the CRL has an unreadable thisUpdate")
        }
        self.thisUpdate = thisUpdate
        nextUpdate = ASN1Time.date(X509_CRL_get0_nextUpdate(pointer))
        if let raw = X509_CRL_get_ext_d2i(pointer, NID_crl_number, nil, nil) {
            let integer = raw.assumingMemoryBound(to: ASN1_INTEGER.self)
            var value: UInt64 = 0
            number = ASN1_INTEGER_get_uint64(&value, integer) == 1 ? value : nil
            ASN1_INTEGER_free(integer)
        } else {
            number = nil
        }
        var entries: [RevokedCertificate] = []
        if let stack = X509_CRL_get_REVOKED(pointer) {
            for index in 0..<baas_sk_X509_REVOKED_num(stack) {
                guard let item = baas_sk_X509_REVOKED_value(stack, index) else { continue }
                let serial = try Certificate.hex(X509_REVOKED_get0_serialNumber(item))
                guard let date = ASN1Time.date(X509_REVOKED_get0_revocationDate(item)) else {
                    throw CryptoError("crypto.malformed_crl", "the CRL entry for serial \(serial) has an unreadable date")
                }
                var reason: RevocationReason?
                if let raw = X509_REVOKED_get_ext_d2i(item, NID_crl_reason, nil, nil) {
                    let enumerated = raw.assumingMemoryBound(to: ASN1_ENUMERATED.self)
                    reason = RevocationReason(rawValue: ASN1_ENUMERATED_get(enumerated))
                    ASN1_ENUMERATED_free(enumerated)
                }
                entries.append(RevokedCertificate(serialNumber: serial, revocationDate: date, reason: reason))
            }
        }
        revoked = entries
        revokedSerials = Dictionary(entries.map { ($0.serialNumber, $0) }, uniquingKeysWith: { first, _ in first })
        OpenSSL.clearErrors()
    }

    /// Reads text holding one PEM `X509 CRL` block.
    ///
    /// - Throws: `crypto.malformed_pem`, `crypto.wrong_pem_label`, and what `init(der:)` throws.
    public init(pem: String) throws {
        try self.init(der: PEMBlock.parseOne(pem, label: "X509 CRL").der)
    }

    /// The DER encoding.
    public func der() -> [UInt8] {
        encoded
    }

    /// The PEM `X509 CRL` block.
    public func pem() -> String {
        PEMBlock(label: "X509 CRL", der: encoded).text
    }

    /// Whether the list names `serial` (hex, any case, leading zeros ignored).
    public func isRevoked(serial: String) -> Bool {
        revocation(of: serial) != nil
    }

    /// The entry for `serial`, if revoked.
    public func revocation(of serial: String) -> RevokedCertificate? {
        canonicalSerial(serial).flatMap { revokedSerials[$0] }
    }

    /// Whether the list is signed by the private half of `key` (SM2: with the standard user id).
    public func isSigned(by key: PublicKey) -> Bool {
        SignedStructure.verify(encoded, with: key)
    }

    /// Whether `issuer` issued this list: its subject is the list's issuer and its key signed it.
    public func isIssued(by issuer: Certificate) -> Bool {
        issuer.subject == self.issuer && isSigned(by: issuer.publicKey)
    }

    public var description: String {
        "CertificateRevocationList(issuer: \(issuer), number: \(number.map(String.init) ?? "none"), \(revoked.count) revoked)"
    }

    public static func == (a: CertificateRevocationList, b: CertificateRevocationList) -> Bool { a.encoded == b.encoded }

    public func hash(into hasher: inout Swift.Hasher) { hasher.combine(encoded) }

    private static func add(_ entry: RevokedCertificate, to crl: OpaquePointer) throws {
        guard let serial = canonicalSerial(entry.serialNumber), let bytes = try? Hex.decode(serial) else {
            throw CryptoError("crypto.invalid_serial", "'\(entry.serialNumber)' is not a hex serial number")
        }
        let item = try OpenSSL.check(X509_REVOKED_new(), "cannot allocate a CRL entry")
        var owned = true
        defer { if owned { X509_REVOKED_free(item) } }
        let bignum = try OpenSSL.check(BN_bin2bn(bytes, Int32(bytes.count), nil), "cannot build a serial number")
        defer { BN_free(bignum) }
        let integer = try OpenSSL.check(BN_to_ASN1_INTEGER(bignum, nil), "cannot build a serial number")
        defer { ASN1_INTEGER_free(integer) }
        try OpenSSL.check(X509_REVOKED_set_serialNumber(item, integer), "cannot set a revoked serial number")
        let date = try ASN1Time.make(entry.revocationDate)
        defer { ASN1_TIME_free(date) }
        try OpenSSL.check(X509_REVOKED_set_revocationDate(item, date), "cannot set a revocation date")
        if let reason = entry.reason {
            let enumerated = try OpenSSL.check(ASN1_ENUMERATED_new(), "cannot allocate a revocation reason")
            defer { ASN1_ENUMERATED_free(enumerated) }
            try OpenSSL.check(ASN1_ENUMERATED_set(enumerated, reason.rawValue), "cannot set a revocation reason")
            try OpenSSL.check(X509_REVOKED_add1_ext_i2d(item, NID_crl_reason, UnsafeMutableRawPointer(enumerated), 0, 0),
                              "cannot add a revocation reason")
        }
        try OpenSSL.check(X509_CRL_add0_revoked(crl, item), "cannot add a CRL entry")
        owned = false
    }
}
