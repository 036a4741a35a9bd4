
/// Channel methods the deployment uses, controller → agent:
/// - `node.prepare` (`NodePrepareRequest`) → `NodePrepareResponse`: make the node's keys on this
///   host and answer their CSRs; the private keys never leave the host.
/// - `node.relay` (`NodeRelayRequest`) → `NodeRelayResponse`: one HTTP call to a local node's API,
///   made with the node directory's client certificate, so the controller never dials a node.
/// - `node.remove` (`NodeRemoveRequest`) → empty: delete a stopped node's directory and its token
///   keys (rollback).
public enum DeployWire {
    public static let prepare = "node.prepare"
    public static let relay = "node.relay"
    public static let remove = "node.remove"
}

/// `node.prepare`: which node to make keys for and the names its certificates will carry.
public struct NodePrepareRequest: Codable, Sendable, Equatable {
    /// The node's directory name on the host (`NodeSpec.id`).
    public var nodeID: String
    /// The certificate common name, `node-<n>`.
    public var commonName: String
    /// `p256` or `sm2`: the network's signature algorithm (the member key uses it; TLS keys are P-256).
    public var algorithm: String

    public init(nodeID: String, commonName: String, algorithm: String) {
        self.nodeID = nodeID
        self.commonName = commonName
        self.algorithm = algorithm
    }
}

/// The CSRs (PEM) of the keys made for a node: its TLS key, the relay's client key, and on SM2
/// networks a separate member key (P-256 networks use the TLS key as member key).
public struct NodePrepareResponse: Codable, Sendable, Equatable {
    public var tlsCSR: String
    public var clientCSR: String
    public var memberCSR: String?
    /// Where the node's TLS key lives: `file` (node directory, owner-only) or `hsm` (the host's
    /// PKCS#11 token).
    public var keyStore: String
    /// With `hsm`: the token entry the node's configuration names as `tls.pkcs11` (module, token,
    /// key label, and where the node reads the PIN — never the PIN).
    public var tokenKey: NodeTokenKey?
    /// What the operator should know about the keys (an SM2 member key kept in a file).
    public var detail: String?

    public init(tlsCSR: String, clientCSR: String, memberCSR: String?, keyStore: String,
                tokenKey: NodeTokenKey? = nil, detail: String? = nil) {
        self.tlsCSR = tlsCSR
        self.clientCSR = clientCSR
        self.memberCSR = memberCSR
        self.keyStore = keyStore
        self.tokenKey = tokenKey
        self.detail = detail
    }
}

/// A node key in the host's PKCS#11 token, as the node's configuration names it (`tls.pkcs11` of
/// BaaSLedger's `NodeConfiguration`, same JSON fields): module, token, key label, and where the
/// node reads the PIN — never the PIN itself.
public struct NodeTokenKey: Codable, Sendable, Equatable {
    public var module: String
    public var tokenLabel: String
    public var keyLabel: String
    public var pinFile: String?
    public var pinCredential: String?

    public init(module: String, tokenLabel: String, keyLabel: String, pinFile: String? = nil, pinCredential: String? = nil) {
        self.module = module
        self.tokenLabel = tokenLabel
        self.keyLabel = keyLabel
        self.pinFile = pinFile
        self.pinCredential = pinCredential
    }
}

/// `node.relay`: an HTTP call for the node's API (`GET /v1/status`, `POST /v1/transactions` …).
public struct NodeRelayRequest: Codable, Sendable, Equatable {
    public var nodeID: String
    public var method: String
    public var target: String
    public var body: String?

    public init(nodeID: String, method: String, target: String, body: String? = nil) {
        self.nodeID = nodeID
        self.method = method
        self.target = target
        self.body = body
    }
}

/// The node's answer, or status 502 with the reason when it could not be reached.
public struct NodeRelayResponse: Codable, Sendable, Equatable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}

/// `node.remove`: delete the node's directory (after the desired state stopped it).
public struct NodeRemoveRequest: Codable, Sendable, Equatable {
    public var nodeID: String

    public init(nodeID: String) {
        self.nodeID = nodeID
    }
}
