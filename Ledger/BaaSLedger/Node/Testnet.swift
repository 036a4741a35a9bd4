import BaaSCrypto
import FoundationEssentials

/// Writes everything a local test network needs into one folder: the network CA, a P-256
/// transport CA for TLS (the network CA itself on P-256 networks; SM2 certificates cannot serve
/// TLS with this OpenSSL), per-node TLS and member certificates, funded users, an API client
/// certificate, the genesis and one `config.json` per node:
///
/// ```
/// D/genesis.json  D/ca.pem  D/tls-ca.pem  D/client.pem  D/client.key
/// D/users/user-K.pem  D/users/user-K.key
/// D/node-I/config.json  D/node-I/node.pem  D/node-I/node.key  D/node-I/data/
/// ```
/// Node I listens for P2P on `basePort + 2(I-1)` and for the API on the port after it. Nodes
/// after the first `nodes` (`joiners`) are not in the genesis: their configuration says `join`,
/// and `joiningMembers` holds what a membership transaction adding each must carry.
public struct Testnet: Sendable {
    /// What to generate.
    public struct Options: Sendable {
        public var nodes: Int
        public var directory: String
        public var signature: SignatureAlgorithm
        public var host: String
        public var basePort: UInt16
        public var users: Int
        public var parameters: ChainParameters
        /// Written into every node's configuration when set.
        public var snapshotInterval: UInt64?
        /// Nodes made ready to join later (ids after the genesis nodes), not in the genesis.
        public var joiners: Int = 0

        /// `nodes` validators in `directory`, ports from `basePort`, `users` funded users.
        public init(nodes: Int, directory: String, signature: SignatureAlgorithm, host: String = "127.0.0.1",
                    basePort: UInt16, users: Int = 4, parameters: ChainParameters = ChainParameters(),
                    snapshotInterval: UInt64? = nil) {
            self.nodes = nodes
            self.directory = directory
            self.signature = signature
            self.host = host
            self.basePort = basePort
            self.users = users
            self.parameters = parameters
            self.snapshotInterval = snapshotInterval
        }
    }

    /// A funded user: key, certificate (DER) and a transaction builder.
    public struct User: Sendable {
        public let key: PrivateKey
        public let builder: TransactionBuilder
    }

    public let directory: String
    public let genesis: Genesis
    /// `config.json` of each node, node 1 first.
    public let configPaths: [String]
    /// The API port of each node, node 1 first.
    public let apiPorts: [UInt16]
    /// For each joiner, the member to add (as an observer) with its certificate and P2P address.
    public let joiningMembers: [Member]
    public let users: [User]
    public let host: String

    public var tlsCAPath: String { directory + "/tls-ca.pem" }
    public var clientCertificatePath: String { directory + "/client.pem" }
    public var clientKeyPath: String { directory + "/client.key" }

    /// Generates the network.
    ///
    /// - Throws: `CryptoError`, `LedgerError`, or a file-system error when the folder cannot be written.
    public static func write(_ options: Options) throws -> Testnet {
        let files = FileManager.default
        let dir = options.directory
        try files.createDirectory(atPath: dir + "/users", withIntermediateDirectories: true)
        let now = Date()
        let notBefore = now.addingTimeInterval(-3600)
        let notAfter = now.addingTimeInterval(365 * 86_400)
        func save(_ text: String, _ path: String) throws {
            // Private keys are readable by their owner only.
            let attributes: [FileAttributeKey: Any]? = path.hasSuffix(".key") ? [.posixPermissions: 0o600] : nil
            guard files.createFile(atPath: path, contents: Data(text.utf8), attributes: attributes) else {
                throw LedgerError("ledger.config", "cannot write \(path)")
            }
        }
        let caKey = PrivateKey.generate(options.signature)
        let ca = try CertificateIssuer.selfSigned(
            .rootCA(subject: DistinguishedName(commonName: "ledger network CA", organization: "BaaS testnet"),
                    notBefore: notBefore, notAfter: notAfter), signer: caKey)
        let tlsCA: CertificateIssuer
        if options.signature == .p256 {
            tlsCA = ca
        } else {
            tlsCA = try CertificateIssuer.selfSigned(
                .rootCA(subject: DistinguishedName(commonName: "ledger transport CA", organization: "BaaS testnet"),
                        notBefore: notBefore, notAfter: notAfter), signer: PrivateKey.generate(.p256))
        }
        try save(ca.certificate.pem(), dir + "/ca.pem")
        try save(tlsCA.certificate.pem(), dir + "/tls-ca.pem")

        let clientKey = PrivateKey.generate(.p256)
        let client = try tlsCA.issue(.leaf(subject: DistinguishedName(commonName: "api-client"), notBefore: notBefore,
                                           notAfter: notAfter, extendedKeyUsage: [.clientAuth]), for: clientKey.publicKey)
        try save(client.pem(), dir + "/client.pem")
        try save(clientKey.pemPKCS8(), dir + "/client.key")

        let chainID = "testnet-\(options.signature == .sm2 ? "sm3-sm2" : "sha256-p256")"
        let hash: DigestAlgorithm = options.signature == .sm2 ? .sm3 : .sha256
        var users: [User] = []
        for index in 0..<options.users {
            let key = PrivateKey.generate(options.signature)
            let certificate = try ca.issue(.leaf(subject: DistinguishedName(commonName: "user-\(index)"), notBefore: notBefore,
                                                 notAfter: notAfter, extendedKeyUsage: [.clientAuth]), for: key.publicKey)
            try save(certificate.pem(), dir + "/users/user-\(index).pem")
            try save(key.pemPKCS8(), dir + "/users/user-\(index).key")
            users.append(User(key: key, builder: TransactionBuilder(chainID: chainID, hashAlgorithm: hash, signer: key,
                                                                    certificate: certificate.der())))
        }

        var members: [Member] = []
        var tlsIdentities: [(String, String)] = []
        let total = UInt64(options.nodes + options.joiners)
        func p2p(_ id: UInt64) -> UInt16 { options.basePort + UInt16(2 * (id - 1)) }
        for id in 1...total {
            let name = NodeConfiguration.commonName(of: id)
            let tlsKey = PrivateKey.generate(.p256)
            let tlsCertificate = try tlsCA.issue(.leaf(subject: DistinguishedName(commonName: name),
                                                       subjectAlternativeNames: [.dns(name), .ip(options.host)],
                                                       notBefore: notBefore, notAfter: notAfter,
                                                       extendedKeyUsage: [.serverAuth, .clientAuth]), for: tlsKey.publicKey)
            tlsIdentities.append((tlsCertificate.pem(), tlsKey.pemPKCS8()))
            let memberCertificate: Certificate
            if options.signature == .p256 {
                memberCertificate = tlsCertificate
            } else {
                let memberKey = PrivateKey.generate(options.signature)
                memberCertificate = try ca.issue(.leaf(subject: DistinguishedName(commonName: name), notBefore: notBefore,
                                                       notAfter: notAfter, extendedKeyUsage: [.clientAuth]), for: memberKey.publicKey)
                try files.createDirectory(atPath: dir + "/node-\(id)", withIntermediateDirectories: true)
                try save(memberKey.pemPKCS8(), dir + "/node-\(id)/member.key")
            }
            members.append(Member(nodeID: id, role: id <= UInt64(options.nodes) ? .validator : .observer,
                                  certificate: memberCertificate.der(), p2pAddress: "\(options.host):\(p2p(id))"))
        }
        let joiningMembers = Array(members.dropFirst(options.nodes))
        members = Array(members.prefix(options.nodes))
        let genesis = try Genesis(
            chainID: chainID, hashAlgorithm: hash, signatureAlgorithm: options.signature,
            timestampMilliseconds: UInt64(now.timeIntervalSince1970 * 1000), networkCA: ca.certificate.der(),
            members: members, admins: users.prefix(1).map(\.builder.address),
            allocations: users.map { Genesis.Allocation(address: $0.builder.address, amount: 1_000_000_000) },
            parameters: options.parameters)
        try save(String(decoding: try genesis.json(), as: UTF8.self), dir + "/genesis.json")

        var configPaths: [String] = []
        var apiPorts: [UInt16] = []
        for id in 1...total {
            let nodeDir = dir + "/node-\(id)"
            try files.createDirectory(atPath: nodeDir, withIntermediateDirectories: true)
            try save(tlsIdentities[Int(id - 1)].0, nodeDir + "/node.pem")
            try save(tlsIdentities[Int(id - 1)].1, nodeDir + "/node.key")
            var peers: [String: String] = [:]
            // A genesis node knows the genesis nodes; a joiner knows every node made before it.
            for other in 1...max(UInt64(options.nodes), id - 1) where other != id {
                peers[String(other)] = "\(options.host):\(p2p(other))"
            }
            let configuration = NodeConfiguration(
                nodeId: id, dataDirectory: "data", genesis: "../genesis.json", p2pListen: "\(options.host):\(p2p(id))",
                apiListen: "\(options.host):\(p2p(id) + 1)", peers: peers,
                tls: .init(certificate: "node.pem", key: "node.key", ca: "../tls-ca.pem"), logLevel: "info",
                snapshotInterval: options.snapshotInterval, join: id > UInt64(options.nodes) ? true : nil)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try save(String(decoding: try encoder.encode(configuration), as: UTF8.self), nodeDir + "/config.json")
            configPaths.append(nodeDir + "/config.json")
            apiPorts.append(p2p(id) + 1)
        }
        return Testnet(directory: dir, genesis: genesis, configPaths: configPaths, apiPorts: apiPorts,
                       joiningMembers: joiningMembers, users: users, host: options.host)
    }

    /// A client of node `nodeID`'s API with the testnet's client certificate.
    public func client(_ nodeID: UInt64) throws -> LedgerClient {
        func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LedgerError("ledger.config", "cannot read \(path)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        return try LedgerClient(host: host, port: apiPorts[Int(nodeID - 1)], nodeID: nodeID,
                                certificatePEM: read(clientCertificatePath), keyPEM: read(clientKeyPath), caPEM: read(tlsCAPath))
    }
}
