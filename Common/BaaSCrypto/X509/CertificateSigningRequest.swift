internal import COpenSSL

/// Owns one `X509_REQ*`.
final class X509RequestObject: @unchecked Sendable {
    // Only read after construction.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_REQ_free(pointer)
    }
}

/// A PKCS#10 certificate signing request: a subject, requested names and a public key, signed
/// by the matching private key. Immutable and thread-safe.
public struct CertificateSigningRequest: Sendable, Hashable, CustomStringConvertible {
    let object: X509RequestObject
    private let encoded: [UInt8]

    /// The requested subject.
    public let subject: DistinguishedName
    /// The requested subject alternative names (from the extensionRequest attribute).
    public let subjectAlternativeNames: [SubjectAlternativeName]
    /// The key to certify.
    public let publicKey: PublicKey

    /// Builds and signs a request for `signer`'s key.
    ///
    /// - Throws: `crypto.invalid_name`, `crypto.signer_failed`.
    public init(subject: DistinguishedName, subjectAlternativeNames: [SubjectAlternativeName] = [], signer: any Signer) throws {
        let request = try OpenSSL.check(X509_REQ_new(), "cannot allocate a certificate request")
        defer { X509_REQ_free(request) }
        try OpenSSL.check(X509_REQ_set_version(request, 0), "cannot set the request version")
        let name = try subject.makeX509Name()
        defer { X509_NAME_free(name) }
        try OpenSSL.check(X509_REQ_set_subject_name(request, name), "cannot set the subject")
        try OpenSSL.check(X509_REQ_set_pubkey(request, signer.publicKey.evpPKey), "cannot set the public key")
        if !subjectAlternativeNames.isEmpty {
            let names = try SubjectAlternativeName.makeGeneralNames(subjectAlternativeNames)
            defer { baas_GENERAL_NAMES_free(names) }
            let ext = try OpenSSL.check(X509V3_EXT_i2d(NID_subject_alt_name, 0, UnsafeMutableRawPointer(names)),
                                        "cannot encode the subject alternative names")
            let stack = try OpenSSL.check(baas_sk_X509_EXTENSION_new_null(), "cannot allocate an extension list")
            defer { baas_sk_X509_EXTENSION_pop_free(stack) }
            guard baas_sk_X509_EXTENSION_push(stack, ext) > 0 else {
                X509_EXTENSION_free(ext)
                throw OpenSSL.error("crypto.openssl", "cannot add the subject alternative names")
            }
            try OpenSSL.check(X509_REQ_add_extensions(request, stack), "cannot add the requested extensions")
        }
        try SignedStructure.signWithPlaceholder(signer.algorithm, "certificate request") { X509_REQ_sign_ctx(request, $0) }
        let unsigned = try encodeDER("a certificate request") { i2d_X509_REQ(request, $0) }
        try self.init(der: SignedStructure.resign(unsigned, with: signer, "certificate request"))
    }

    /// Reads a DER request.
    ///
    /// - Throws: `crypto.malformed_der`, `crypto.malformed_csr`, `crypto.unsupported_key`.
    public init(der: [UInt8]) throws {
        let pointer = try decodeDER(der, "certificate request", free: { X509_REQ_free($0) }) { cursor, count in
            d2i_X509_REQ(nil, cursor, count)
        }
        let object = X509RequestObject(taking: pointer)
        if X509_REQ_get_signature_nid(pointer) == NID_SM2_with_SM3 {
            try OpenSSL.check(baas_X509_REQ_set_sm2_id(pointer), "cannot set the SM2 user id")
        }
        self.object = object
        self.encoded = der
        subject = DistinguishedName(x509Name: X509_REQ_get_subject_name(pointer))
        var names: [SubjectAlternativeName] = []
        if let extensions = X509_REQ_get_extensions(pointer) {
            if let general = X509V3_get_d2i(extensions, NID_subject_alt_name, nil, nil) {
                names = SubjectAlternativeName.read(OpaquePointer(general))
                baas_GENERAL_NAMES_free(OpaquePointer(general))
            }
            baas_sk_X509_EXTENSION_pop_free(extensions)
        }
        subjectAlternativeNames = names
        guard let key = X509_REQ_get0_pubkey(pointer) else {
            throw OpenSSL.error("crypto.malformed_csr", "the request's public key is unreadable")
        }
        publicKey = try PublicKey(sharing: key)
        OpenSSL.clearErrors()
    }

    /// Reads text holding one PEM `CERTIFICATE REQUEST` block (or the older `NEW CERTIFICATE REQUEST`).
    ///
    /// - Throws: `crypto.malformed_pem`, `crypto.wrong_pem_label`, and what `init(der:)` throws.
    public init(pem: String) throws {
        try self.init(der: PEMBlock.parseOne(pem, labels: ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"]).der)
    }

    /// The DER encoding.
    public func der() -> [UInt8] {
        encoded
    }

    /// The PEM `CERTIFICATE REQUEST` block.
    public func pem() -> String {
        PEMBlock(label: "CERTIFICATE REQUEST", der: encoded).text
    }

    /// Whether the request is signed by the private half of `publicKey` (proof of possession).
    public var isSignatureValid: Bool {
        defer { OpenSSL.clearErrors() }
        return X509_REQ_verify(object.pointer, publicKey.evpPKey) == 1
    }

    public var description: String { "CertificateSigningRequest(subject: \(subject), key: \(publicKey))" }

    public static func == (a: CertificateSigningRequest, b: CertificateSigningRequest) -> Bool { a.encoded == b.encoded }

    public func hash(into hasher: inout Swift.Hasher) { hasher.combine(encoded) }
}
