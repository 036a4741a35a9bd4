internal import COpenSSL

/// A compiled TLS configuration (an OpenSSL `SSL_CTX`): certificates, key, trust anchors, CRLs.
///
/// Immutable once built and safe to share between threads; every `TLSSession` keeps its context
/// alive. To reload certificates or CRLs, build a new context and publish it through a
/// `ReloadableTLSContext`: new connections use the new one, open ones keep theirs.
///
/// Sessions are never resumed (no tickets, no cache), so every handshake verifies the peer against
/// the CRLs of the context in force at that moment.
public final class TLSContext: @unchecked Sendable {
    /// Which side of the handshake sessions of this context play.
    public enum Role: Sendable {
        case server
        case client
    }

    let pointer: OpaquePointer
    /// The side this context was built for.
    public let role: Role
    /// Whether sessions verify the peer's certificate (servers: clients are asked for one).
    public let verifiesPeer: Bool

    /// Compiles `configuration` for `role`.
    ///
    /// - Throws: `CryptoError` `crypto.tls_bad_pem` when a PEM block does not parse,
    ///   `crypto.tls_key_mismatch` when the key does not belong to the certificate,
    ///   `crypto.tls_configuration` for anything else OpenSSL refuses (with its text).
    public init(configuration: TLSConfiguration, role: Role) throws {
        guard let context = SSL_CTX_new(role == .server ? TLS_server_method() : TLS_client_method()) else {
            throw TLSContext.failure("crypto.tls_configuration", "cannot create a TLS context")
        }
        self.pointer = context
        self.role = role
        switch role {
        case .server: verifiesPeer = !configuration.trustedRootsPEM.isEmpty || configuration.requireClientCertificate
        case .client: verifiesPeer = configuration.verifyServer
        }
        try configure(configuration)
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    private func configure(_ configuration: TLSConfiguration) throws {
        let version = configuration.minimumVersion == .tls13 ? TLS1_3_VERSION : TLS1_2_VERSION
        guard baas_SSL_CTX_set_min_proto_version(pointer, version) == 1 else {
            throw TLSContext.failure("crypto.tls_configuration", "cannot set the minimum TLS version")
        }
        _ = SSL_CTX_set_options(pointer, baas_SSL_OP_NO_RENEGOTIATION | baas_SSL_OP_NO_COMPRESSION
                                | baas_SSL_OP_CIPHER_SERVER_PREFERENCE | baas_SSL_OP_IGNORE_UNEXPECTED_EOF)
        _ = baas_SSL_CTX_set_mode(pointer, baas_SSL_MODE_RELEASE_BUFFERS | baas_SSL_MODE_ENABLE_PARTIAL_WRITE
                                  | baas_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
        _ = baas_SSL_CTX_disable_session_cache(pointer)
        _ = SSL_CTX_set_num_tickets(pointer, 0)

        if !configuration.certificateChainPEM.isEmpty {
            let chain = try TLSContext.certificates(in: configuration.certificateChainPEM, what: "certificate chain")
            defer { chain.forEach { X509_free($0) } }
            guard SSL_CTX_use_certificate(pointer, chain[0]) == 1 else {
                throw TLSContext.failure("crypto.tls_configuration", "the certificate was refused")
            }
            for intermediate in chain.dropFirst() where baas_SSL_CTX_add1_chain_cert(pointer, intermediate) != 1 {
                throw TLSContext.failure("crypto.tls_configuration", "an intermediate certificate was refused")
            }
            let key = try TLSContext.privateKey(in: configuration.privateKeyPEM)
            defer { EVP_PKEY_free(key) }
            guard SSL_CTX_use_PrivateKey(pointer, key) == 1, SSL_CTX_check_private_key(pointer) == 1 else {
                throw TLSContext.failure("crypto.tls_key_mismatch",
                                         "the private key does not match the certificate; give the key of the leaf certificate")
            }
        }

        let store = SSL_CTX_get_cert_store(pointer)
        if !configuration.trustedRootsPEM.isEmpty {
            let roots = try TLSContext.certificates(in: configuration.trustedRootsPEM, what: "trusted roots")
            defer { roots.forEach { X509_free($0) } }
            for root in roots {
                guard X509_STORE_add_cert(store, root) == 1 else {
                    throw TLSContext.failure("crypto.tls_configuration", "a trusted root was refused (duplicate?)")
                }
                if role == .server { _ = SSL_CTX_add_client_CA(pointer, root) }
            }
        }
        if !configuration.crlsPEM.isEmpty {
            let crls = try TLSContext.revocationLists(in: configuration.crlsPEM)
            defer { crls.forEach { X509_CRL_free($0) } }
            for crl in crls where X509_STORE_add_crl(store, crl) != 1 {
                throw TLSContext.failure("crypto.tls_configuration", "a CRL was refused (duplicate?)")
            }
            _ = X509_STORE_set_flags(store, UInt(X509_V_FLAG_CRL_CHECK))
        }

        let mode: Int32
        switch role {
        case .server:
            if configuration.requireClientCertificate {
                mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
            } else {
                mode = verifiesPeer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE
            }
        case .client:
            mode = configuration.verifyServer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE
        }
        SSL_CTX_set_verify(pointer, mode, nil)
    }

    // MARK: - PEM

    private static func withMemoryBIO<T>(_ text: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        var text = text
        return try text.withUTF8 { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else {
                throw failure("crypto.tls_configuration", "out of memory reading PEM")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    private static func certificates(in pem: String, what: String) throws -> [OpaquePointer] {
        let found: [OpaquePointer] = try withMemoryBIO(pem) { bio in
            var found: [OpaquePointer] = []
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) { found.append(certificate) }
            return found
        }
        ERR_clear_error()
        guard !found.isEmpty else {
            throw CryptoError("crypto.tls_bad_pem", "the \(what) contains no readable PEM certificate")
        }
        return found
    }

    private static func revocationLists(in pem: String) throws -> [OpaquePointer] {
        let found: [OpaquePointer] = try withMemoryBIO(pem) { bio in
            var found: [OpaquePointer] = []
            while let crl = PEM_read_bio_X509_CRL(bio, nil, nil, nil) { found.append(crl) }
            return found
        }
        ERR_clear_error()
        guard !found.isEmpty else {
            throw CryptoError("crypto.tls_bad_pem", "the CRL text contains no readable PEM CRL")
        }
        return found
    }

    private static func privateKey(in pem: String) throws -> OpaquePointer {
        let key = try withMemoryBIO(pem) { bio in PEM_read_bio_PrivateKey(bio, nil, nil, nil) }
        guard let key else {
            ERR_clear_error()
            throw CryptoError("crypto.tls_bad_pem", "the private key is missing or not readable PEM (encrypted keys are not supported)")
        }
        return key
    }

    /// A `CryptoError` with the OpenSSL error queue appended (and the queue cleared).
    static func failure(_ code: String, _ message: String) -> CryptoError {
        let detail = openSSLErrorQueueText()
        return CryptoError(code, detail.isEmpty ? message : "\(message): \(detail)")
    }

    /// Drains this thread's OpenSSL error queue into one line.
    static func openSSLErrorQueueText() -> String {
        var parts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            parts.append(String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return parts.joined(separator: "; ")
    }
}
