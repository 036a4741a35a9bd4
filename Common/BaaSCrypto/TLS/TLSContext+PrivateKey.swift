internal import COpenSSL

extension TLSContext {
    /// Compiles `configuration` but presents `certificateChain` with `privateKey`, which may live
    /// outside the process (`PrivateKey(external:)`, e.g. a PKCS#11 token): the handshake then
    /// signs through the key's `Signer`. The configuration's own chain and key PEM are ignored.
    ///
    /// - Throws: `CryptoError` `crypto.tls_key_mismatch` when the key does not belong to the leaf,
    ///   `crypto.tls_configuration` for anything else OpenSSL refuses.
    public convenience init(configuration: TLSConfiguration, certificateChain: [Certificate], privateKey: PrivateKey,
                            role: Role) throws {
        var base = configuration
        base.certificateChainPEM = ""
        base.privateKeyPEM = ""
        try self.init(configuration: base, role: role)
        guard let leaf = certificateChain.first, SSL_CTX_use_certificate(pointer, leaf.x509) == 1 else {
            throw TLSContext.failure("crypto.tls_configuration", "the certificate was refused")
        }
        for intermediate in certificateChain.dropFirst() where baas_SSL_CTX_add1_chain_cert(pointer, intermediate.x509) != 1 {
            throw TLSContext.failure("crypto.tls_configuration", "an intermediate certificate was refused")
        }
        guard SSL_CTX_use_PrivateKey(pointer, privateKey.evpPKey) == 1, SSL_CTX_check_private_key(pointer) == 1 else {
            throw TLSContext.failure("crypto.tls_key_mismatch",
                                     "the private key does not match the certificate; give the key of the leaf certificate")
        }
    }
}
