/// What a TLS endpoint presents and whom it trusts, all as PEM text.
///
/// PEM keeps this type independent of the key and certificate types: anything that can export PEM
/// (files, the platform CA, a PKCS#11 front) can build one. A `TLSContext` compiles it once; build a
/// new context to reload certificates or CRLs.
public struct TLSConfiguration: Sendable {
    /// The lowest protocol version accepted. TLS 1.3 is the default; 1.2 is for old peers only.
    public enum ProtocolVersion: Sendable {
        case tls12
        case tls13
    }

    /// The leaf certificate first, then any intermediates (PEM). Empty for a client without identity.
    public var certificateChainPEM: String
    /// The private key of the leaf certificate (PEM, any type OpenSSL reads). Never logged.
    public var privateKeyPEM: String
    /// Certificates that anchor verification of the peer (PEM, one or more).
    public var trustedRootsPEM: String
    /// Revocation lists of the trusted CAs (PEM, zero or more). When present, every peer certificate
    /// must be covered by a CRL from its issuer; a peer whose issuer has no CRL here is rejected.
    public var crlsPEM: String
    /// Servers only: reject a client that presents no certificate or an unverifiable one.
    public var requireClientCertificate: Bool
    /// Clients only: verify the server's certificate against `trustedRootsPEM` (default `true`).
    public var verifyServer: Bool
    /// TLS 1.3 unless an old peer forces 1.2.
    public var minimumVersion: ProtocolVersion

    /// A configuration; every field can also be set afterwards.
    public init(certificateChainPEM: String = "",
                privateKeyPEM: String = "",
                trustedRootsPEM: String = "",
                crlsPEM: String = "",
                requireClientCertificate: Bool = false,
                verifyServer: Bool = true,
                minimumVersion: ProtocolVersion = .tls13) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.trustedRootsPEM = trustedRootsPEM
        self.crlsPEM = crlsPEM
        self.requireClientCertificate = requireClientCertificate
        self.verifyServer = verifyServer
        self.minimumVersion = minimumVersion
    }
}
