internal import COpenSSL

/// An extended key usage purpose (RFC 5280 4.2.1.12).
public enum ExtendedKeyUsage: String, Sendable, Hashable, Codable, CaseIterable {
    /// TLS server (the certificate of a listener).
    case serverAuth
    /// TLS client (an agent, a node or a user connecting with mutual TLS).
    case clientAuth
    /// Signing code or artefacts.
    case codeSigning
    /// S/MIME.
    case emailProtection
    /// Trusted time stamps.
    case timeStamping
    /// OCSP responses.
    case ocspSigning
    /// Any purpose.
    case any

    /// OpenSSL's configuration name.
    var configurationName: String {
        switch self {
        case .ocspSigning: "OCSPSigning"
        case .any: "anyExtendedKeyUsage"
        default: rawValue
        }
    }

    /// OpenSSL's `XKU_*` bit for the purpose.
    var openSSLFlag: UInt32 {
        switch self {
        case .serverAuth: UInt32(XKU_SSL_SERVER)
        case .clientAuth: UInt32(XKU_SSL_CLIENT)
        case .codeSigning: UInt32(XKU_CODE_SIGN)
        case .emailProtection: UInt32(XKU_SMIME)
        case .timeStamping: UInt32(XKU_TIMESTAMP)
        case .ocspSigning: UInt32(XKU_OCSP_SIGN)
        case .any: UInt32(XKU_ANYEKU)
        }
    }
}
