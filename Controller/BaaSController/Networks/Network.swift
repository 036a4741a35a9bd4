import Foundation

/// A ledger network the platform deployed: its CAs, genesis, the platform-issued blockchain user
/// and the nodes with their hosts and ports. Stored as one JSON document; private keys are kept
/// apart in `NetworkSecrets`.
public struct Network: Codable, Sendable, Equatable {
    /// One node of the network on one host.
    public struct Node: Codable, Sendable, Equatable {
        /// The node's directory name on its host (`NodeSpec.id`).
        public var id: String
        /// The ledger node id (1-based), certificate name `node-<number>`.
        public var number: UInt64
        public var hostID: String
        public var hostName: String
        public var role: String
        public var address: String
        public var p2pPort: Int
        public var apiPort: Int
        public var status: String
        public var certificate: String?
        /// The tenant whose host runs the node when it is not the network's (a node that joined).
        public var tenantID: String?

        enum CodingKeys: String, CodingKey {
            case id, number, role, address, status, certificate
            case tenantID = "tenant_id"
            case hostID = "host_id"
            case hostName = "host_name"
            case p2pPort = "p2p_port"
            case apiPort = "api_port"
        }
    }

    public var id: String
    public var tenantID: String?
    public var name: String
    public var engine: String
    public var version: String
    public var consensus: String
    public var crypto: String
    public var blockIntervalMilliseconds: UInt64
    public var maxTransactionsPerBlock: UInt64
    /// `deploying`, `running`, `failed`, `rolled_back`.
    public var status: String
    public var createdAt: Date
    public var chainID: String
    public var caCertificate: String?
    public var transportCACertificate: String?
    public var genesis: String?
    /// The blockchain user the platform signs relayed transactions with (genesis admin, funded).
    public var userAddress: String?
    public var userCertificate: String?
    public var nodes: [Node]
    /// Tenants that joined the network with nodes on their own hosts: they read it and its chain,
    /// but manage only their own nodes.
    public var memberTenants: [String]?

    enum CodingKeys: String, CodingKey {
        case id, name, engine, version, consensus, crypto, status, genesis, nodes
        case tenantID = "tenant_id"
        case blockIntervalMilliseconds = "block_interval_ms"
        case maxTransactionsPerBlock = "max_transactions_per_block"
        case createdAt = "created_at"
        case chainID = "chain_id"
        case caCertificate = "ca_certificate"
        case transportCACertificate = "transport_ca_certificate"
        case userAddress = "user_address"
        case userCertificate = "user_certificate"
        case memberTenants = "member_tenants"
    }
}

/// The private keys of a network's CAs and platform user (PEM, PKCS#8), kept only in the
/// controller's database and never returned by the API.
struct NetworkSecrets: Codable, Sendable {
    var caKey: String?
    var transportCAKey: String?
    var userKey: String?
    /// Invitations to join, by the SHA-256 of their one-time code (the code itself is never stored).
    var invitations: [NetworkInvitation]?
}

/// An invitation for another tenant to join a network with its own nodes.
struct NetworkInvitation: Codable, Sendable {
    var id: String
    var codeHash: String
    var createdBy: String
    var expiresAt: Date
    /// The tenant that used it; an invitation works once.
    var usedBy: String?
}
