import FoundationEssentials
import BaaSCrypto
import BaaSPKCS11

/// Where the agent's TLS client key lives: a PKCS#11 token when the configuration names one (the
/// key is generated there and never leaves it), else `agent.key` (PKCS#8 PEM, mode 0600) in the
/// state directory.
public struct AgentKeyStore: Sendable {
    public let configuration: AgentConfiguration
    public static let defaultKeyLabel = "baas-agent"

    public init(configuration: AgentConfiguration) {
        self.configuration = configuration
    }

    /// Whether the key is held by a PKCS#11 token.
    public var usesPKCS11: Bool { configuration.pkcs11 != nil }

    /// The agent's key, creating it when `create` and none exists yet.
    ///
    /// - Throws: `AgentError` `agent.key_missing` / `agent.key_unreadable`, `PKCS11Error` from the token.
    public func key(create: Bool) throws -> PrivateKey {
        if let pkcs11 = configuration.pkcs11 {
            // The agent and its nodes serialise token calls on one lock in the state directory
            // (stable across agent restarts, unlike the unit's private /tmp).
            PKCS11Module.shareHostLock(path: configuration.stateDirectory + "/pkcs11.lock")
            let module = try PKCS11Module.load(path: pkcs11.module)
            let token = try PKCS11Token(module: module, label: pkcs11.tokenLabel, pin: try pkcs11.pinSource())
            let label = pkcs11.keyLabel ?? Self.defaultKeyLabel
            let signer = create ? try token.signerGeneratingIfNeeded(label: label) : try token.signer(label: label)
            return try PrivateKey(external: signer)
        }
        let path = AgentIdentity.keyPath(configuration.stateDirectory)
        if let data = FileManager.default.contents(atPath: path) {
            do {
                return try PrivateKey(pem: String(decoding: data, as: UTF8.self))
            } catch {
                throw AgentError("agent.key_unreadable", "The agent key \(path) does not parse; enroll this host again.")
            }
        }
        guard create else {
            throw AgentError("agent.key_missing", "The agent key \(path) is missing; enroll this host again.")
        }
        let key = PrivateKey.generate(.p256)
        try AgentFiles.save(key.pemPKCS8(), to: path, mode: 0o600)
        return key
    }

    /// A client TLS context presenting `certificate` with `key` and trusting only `ca`.
    public static func clientContext(certificate: Certificate, key: PrivateKey, ca: Certificate) throws -> TLSContext {
        try TLSContext(configuration: TLSConfiguration(trustedRootsPEM: ca.pem()), certificateChain: [certificate],
                       privateKey: key, role: .client)
    }
}
