import BaaSCrypto
import BaaSNet
import BaaSPKCS11
import FoundationEssentials
import Synchronization

/// The agent's deployment requests: node key generation (CSR back to the controller), relaying
/// API calls to a local node, and removing a node's directory on rollback.
///
/// When the agent has a PKCS#11 token (`pkcs11` in its configuration) the node's P-256 keys are
/// generated there, non-extractable, labelled `baas/<node id>/tls` (the node's TLS and member key,
/// used by `baas-ledger` through `tls.pkcs11`) and `baas/<node id>/relay` (the agent's client key
/// for the node's API); only an SM2 network's member key is a file, since tokens such as
/// SoftHSM2 have no SM2. Without a token the keys are written into the node's directory
/// (`<state>/nodes/<id>/`, owner-only). A repeated prepare reuses the keys, so a retried job gets
/// the same ones; `node.remove` deletes them, from the token too.
/// Thread-safe; relay clients are cached per node, the token session is opened once.
public final class DeployHandler: Sendable {
    let stateDirectory: String
    let pkcs11: AgentConfiguration.PKCS11?
    private let clients = Mutex<[String: (HTTPClient, String, UInt16)]>([:])
    private let session = Mutex<PKCS11Token?>(nil)

    public init(stateDirectory: String, pkcs11: AgentConfiguration.PKCS11? = nil) {
        self.stateDirectory = stateDirectory
        self.pkcs11 = pkcs11
    }

    /// The token label of node `nodeID`'s key for `purpose` (`tls` or `relay`).
    public static func tokenKeyLabel(nodeID: String, purpose: String) -> String { "baas/\(nodeID)/\(purpose)" }

    /// The agent's token, logged in once.
    func token() throws -> PKCS11Token? {
        guard let pkcs11 else { return nil }
        return try session.withLock { session in
            if let session { return session }
            let token = try PKCS11Token(module: PKCS11Module.load(path: pkcs11.module), label: pkcs11.tokenLabel, pin: pkcs11.pinSource())
            session = token
            return token
        }
    }

    /// Answers one deployment method, or nil when `method` is not one.
    public func handle(method: String, body: [UInt8]) async -> ChannelResponse? {
        do {
            switch method {
            case DeployWire.prepare:
                return .ok(AgentWire.encode(try prepare(AgentWire.decode(NodePrepareRequest.self, from: body))))
            case DeployWire.relay:
                return .ok(AgentWire.encode(await relay(try AgentWire.decode(NodeRelayRequest.self, from: body))))
            case DeployWire.remove:
                try remove(AgentWire.decode(NodeRemoveRequest.self, from: body))
                return .ok([])
            default:
                return nil
            }
        } catch {
            return ChannelResponse(status: 400, body: Array("\(error)".utf8))
        }
    }

    func directory(_ nodeID: String) throws -> String {
        guard !nodeID.isEmpty, !nodeID.contains("/"), !nodeID.hasPrefix(".") else {
            throw AgentError("agent.bad_message", "node id '\(nodeID)' is not a plain name")
        }
        return stateDirectory + "/nodes/" + nodeID
    }

    /// Makes (or reuses) the node's keys and returns their CSRs.
    func prepare(_ request: NodePrepareRequest) throws -> NodePrepareResponse {
        let directory = try directory(request.nodeID)
        try AgentFiles.makeDirectory(directory)
        let algorithm: SignatureAlgorithm = request.algorithm == "sm2" ? .sm2 : .p256
        let token = try token()
        func key(_ name: String, _ algorithm: SignatureAlgorithm) throws -> PrivateKey {
            let path = directory + "/" + name
            if let data = FileManager.default.contents(atPath: path) {
                return try PrivateKey(pem: String(decoding: data, as: UTF8.self))
            }
            let key = PrivateKey.generate(algorithm)
            try AgentFiles.save(key.pemPKCS8(), to: path, mode: 0o600)
            return key
        }
        func p256(_ file: String, purpose: String) throws -> PrivateKey {
            guard let token else { return try key(file, .p256) }
            let label = Self.tokenKeyLabel(nodeID: request.nodeID, purpose: purpose)
            return try PrivateKey(external: token.signerGeneratingIfNeeded(label: label))
        }
        let subject = DistinguishedName(commonName: request.commonName)
        let tls = try CertificateSigningRequest(subject: subject, signer: p256("node.key", purpose: "tls"))
        let client = try CertificateSigningRequest(subject: DistinguishedName(commonName: "relay-" + request.commonName),
                                                   signer: p256("client.key", purpose: "relay"))
        let member = algorithm == .sm2 ? try CertificateSigningRequest(subject: subject, signer: key("member.key", .sm2)) : nil
        guard let pkcs11, token != nil else {
            return NodePrepareResponse(tlsCSR: tls.pem(), clientCSR: client.pem(), memberCSR: member?.pem(), keyStore: "file")
        }
        let tokenKey = NodeTokenKey(module: pkcs11.module, tokenLabel: pkcs11.tokenLabel,
                                                   keyLabel: Self.tokenKeyLabel(nodeID: request.nodeID, purpose: "tls"),
                                                   pinFile: pkcs11.pinFile, pinCredential: pkcs11.pinCredential)
        return NodePrepareResponse(tlsCSR: tls.pem(), clientCSR: client.pem(), memberCSR: member?.pem(), keyStore: "hsm",
                                   tokenKey: tokenKey,
                                   detail: member == nil ? nil : "the SM2 member key is a file: the HSM has no SM2 (TLS keys are in the HSM)")
    }

    /// One call to the node's API over mutual TLS with the node directory's relay certificate.
    func relay(_ request: NodeRelayRequest) async -> NodeRelayResponse {
        do {
            let (client, host, port) = try relayClient(request.nodeID)
            var headers = HTTPHeaders()
            let body = Array((request.body ?? "").utf8)
            if !body.isEmpty { headers.set("Content-Type", "application/json") }
            let response = try await client.send(request.method, request.target, headers: headers, body: body, host: host, port: port)
            return NodeRelayResponse(status: response.status, body: String(decoding: response.body, as: UTF8.self))
        } catch {
            clients.withLock { $0.removeValue(forKey: request.nodeID) }?.0.shutdown()
            return NodeRelayResponse(status: 502, body: "node \(request.nodeID) did not answer: \(error)")
        }
    }

    private func relayClient(_ nodeID: String) throws -> (HTTPClient, String, UInt16) {
        if let cached = clients.withLock({ $0[nodeID] }) { return cached }
        let directory = try directory(nodeID)
        func read(_ name: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
                throw AgentError("agent.node_missing", "node \(nodeID) has no \(name) on this host")
            }
            return String(decoding: data, as: UTF8.self)
        }
        let target = try JSONDecoder().decode(NodeRelayTarget.self, from: Data(try read("config.json").utf8))
        let (host, port) = try target.address()
        let tls: TLSContext
        if !FileManager.default.fileExists(atPath: directory + "/client.key"), let token = try token() {
            let key = try PrivateKey(external: token.signer(label: Self.tokenKeyLabel(nodeID: nodeID, purpose: "relay")))
            tls = try TLSContext(configuration: TLSConfiguration(trustedRootsPEM: try read("tls-ca.pem")),
                                 certificateChain: [Certificate(pem: try read("client.pem"))], privateKey: key, role: .client)
        } else {
            tls = try TLSContext(configuration: TLSConfiguration(certificateChainPEM: try read("client.pem"), privateKeyPEM: try read("client.key"),
                                                                 trustedRootsPEM: try read("tls-ca.pem")), role: .client)
        }
        let client = HTTPClient(configuration: .init(tls: tls, serverName: target.commonName,
                                                     maxIdleConnectionsPerHost: 16, requestTimeout: .seconds(60)))
        let entry = (client, host == "0.0.0.0" ? "127.0.0.1" : host, port)
        clients.withLock { $0[nodeID] = entry }
        return entry
    }

    /// Deletes the node's directory and its keys in the token; the desired state must already
    /// have stopped it.
    func remove(_ request: NodeRemoveRequest) throws {
        let directory = try directory(request.nodeID)
        clients.withLock { $0.removeValue(forKey: request.nodeID) }?.0.shutdown()
        if let token = try token() {
            for purpose in ["tls", "relay"] {
                try token.deleteKey(label: Self.tokenKeyLabel(nodeID: request.nodeID, purpose: purpose))
            }
        }
        if FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.removeItem(atPath: directory)
        }
    }
}
