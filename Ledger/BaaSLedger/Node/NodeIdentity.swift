import BaaSCrypto
import BaaSPKCS11
import FoundationEssentials

/// The node's TLS identity as its configuration names it: the certificate and CA from PEM files,
/// the private key from a PEM file or from a PKCS#11 token (`tls.pkcs11`). A token key signs every
/// P2P and API handshake inside the token; the node never sees it.
struct NodeIdentity {
    let certificatePEM: String
    let caPEM: String
    private let fileKeyPEM: String?
    private let tokenKey: PrivateKey?

    /// Reads the files and, for a token key, loads the module, logs in and finds the key.
    ///
    /// - Throws: `ledger.config` when a file cannot be read; for a token key the PKCS#11 error's own
    ///   code (`pkcs11.load_failed`, `pkcs11.token_not_found`, `pkcs11.ckr_pin_incorrect`,
    ///   `pkcs11.key_not_found`, `pkcs11.pin_unreadable` …) with a message naming the module, token
    ///   and key and saying what to do. The PIN is never part of it.
    init(configuration: NodeConfiguration) throws {
        let read = { (path: String, what: String) throws -> String in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LedgerError("ledger.config", "cannot read the \(what) \(path)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        certificatePEM = try read(configuration.tls.certificate, "TLS certificate")
        caPEM = try read(configuration.tls.ca, "TLS CA certificate")
        if let token = configuration.tls.pkcs11 {
            fileKeyPEM = nil
            tokenKey = try Self.tokenKey(token, nodeID: configuration.nodeId)
        } else if let key = configuration.tls.key {
            fileKeyPEM = try read(key, "TLS key")
            tokenKey = nil
        } else {
            throw LedgerError("ledger.config", "tls needs the node key: key (a PEM file) or pkcs11 (a token)")
        }
    }

    /// Whether the key lives in a PKCS#11 token.
    var isInToken: Bool { tokenKey != nil }

    /// A TLS context presenting the node's certificate; servers require client certificates.
    func context(role: TLSContext.Role) throws -> TLSContext {
        let base = TLSConfiguration(trustedRootsPEM: caPEM, requireClientCertificate: role == .server)
        if let tokenKey {
            return try TLSContext(configuration: base, certificateChain: [Certificate(pem: certificatePEM)],
                                  privateKey: tokenKey, role: role)
        }
        var configuration = base
        configuration.certificateChainPEM = certificatePEM
        configuration.privateKeyPEM = fileKeyPEM ?? ""
        return try TLSContext(configuration: configuration, role: role)
    }

    private static func tokenKey(_ token: NodeConfiguration.PKCS11Key, nodeID: UInt64) throws -> PrivateKey {
        let pin: PINSource
        let pinOrigin: String
        if let credential = token.pinCredential {
            pin = .credential(credential)
            pinOrigin = "the systemd credential '\(credential)'"
        } else {
            pin = .file(token.pinFile ?? "")
            pinOrigin = "the PIN file \(token.pinFile ?? "")"
        }
        do {
            let module = try PKCS11Module.load(path: token.module)
            let session = try PKCS11Token(module: module, label: token.tokenLabel, pin: pin)
            return try PrivateKey(external: session.signer(label: token.keyLabel))
        } catch let error as PKCS11Error {
            let advice: String
            switch error.code {
            case "pkcs11.load_failed":
                advice = "; set tls.pkcs11.module to the HSM vendor's PKCS#11 library"
            case "pkcs11.token_not_found":
                advice = "; set tls.pkcs11.tokenLabel to the token that holds the node key"
            case "pkcs11.ckr_pin_incorrect", "pkcs11.ckr_pin_locked":
                advice = " (PIN from \(pinOrigin))"
            case "pkcs11.key_not_found":
                advice = "; the agent makes this key when it deploys the node (step node_keys): retry the deployment, or set tls.pkcs11.keyLabel to the key's label"
            default:
                advice = ""
            }
            throw LedgerError(error.code, "node \(nodeID) cannot use its key '\(token.keyLabel)' in PKCS#11 token '\(token.tokenLabel)' (\(token.module)): \(error.message)\(advice)")
        }
    }
}
