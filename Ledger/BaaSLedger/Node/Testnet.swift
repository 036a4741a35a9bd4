import BaaSCrypto
import BaaSPKCS11
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
/// and `joiningMembers` holds what a membership transaction adding each must carry. With
/// `tokenKeys` the node TLS keys are made in a PKCS#11 token instead (no `node.key` files).
public struct Testnet: Sendable {
    /// Node TLS keys generated in a PKCS#11 token: node I's key is labelled
    /// `<keyLabelPrefix>node-I`, and its configuration names the token and the PIN's source.
    public struct TokenKeys: Sendable {
        public var module: String
        public var tokenLabel: String
        public var keyLabelPrefix: String
        /// An absolute path (the configuration resolves relative ones against its own folder).
        public var pinFile: String?
        public var pinCredential: String?

        public init(module: String, tokenLabel: String, keyLabelPrefix: String = "baas-testnet/",
                    pinFile: String? = nil, pinCredential: String? = nil) {
            self.module = module
            self.tokenLabel = tokenLabel
            self.keyLabelPrefix = keyLabelPrefix
            self.pinFile = pinFile
            self.pinCredential = pinCredential
        }

        /// The configuration entry of node `id`'s key.
        public func key(_ id: UInt64) -> NodeConfiguration.PKCS11Key {
            .init(module: module, tokenLabel: tokenLabel, keyLabel: keyLabelPrefix + "node-\(id)", pinFile: pinFile,
                  pinCredential: pinCredential)
        }
    }

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
        /// Make the node TLS keys in this token instead of files.
        public var tokenKeys: TokenKeys?
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
        var tlsIdentities: [(String, String?)] = []
        let token = try options.tokenKeys.map { keys -> PKCS11Token in
            let pin: PINSource = keys.pinCredential.map { .credential($0) } ?? .file(keys.pinFile ?? "")
            return try PKCS11Token(module: PKCS11Module.load(path: keys.module), label: keys.tokenLabel, pin: pin)
        }
        let total = UInt64(options.nodes + options.joiners)
        func p2p(_ id: UInt64) -> UInt16 { options.basePort + UInt16(2 * (id - 1)) }
        for id in 1...total {
            let name = NodeConfiguration.commonName(of: id)
            let tlsKey = try token.map { try PrivateKey(external: $0.generateKey(label: options.tokenKeys!.key(id).keyLabel)) }
                ?? PrivateKey.generate(.p256)
            let tlsCertificate = try tlsCA.issue(.leaf(subject: DistinguishedName(commonName: name),
                                                       subjectAlternativeNames: [.dns(name), .ip(options.host)],
                                                       notBefore: notBefore, notAfter: notAfter,
                                                       extendedKeyUsage: [.serverAuth, .clientAuth]), for: tlsKey.publicKey)
            tlsIdentities.append((tlsCertificate.pem(), tlsKey.isExternal ? nil : tlsKey.pemPKCS8()))
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
            if let keyPEM = tlsIdentities[Int(id - 1)].1 { try save(keyPEM, nodeDir + "/node.key") }
            var peers: [String: String] = [:]
            // A genesis node knows the genesis nodes; a joiner knows every node made before it.
            for other in 1...max(UInt64(options.nodes), id - 1) where other != id {
                peers[String(other)] = "\(options.host):\(p2p(other))"
            }
            let configuration = NodeConfiguration(
                nodeId: id, dataDirectory: "data", genesis: "../genesis.json", p2pListen: "\(options.host):\(p2p(id))",
                apiListen: "\(options.host):\(p2p(id) + 1)", peers: peers,
                tls: .init(certificate: "node.pem", key: options.tokenKeys == nil ? "node.key" : nil, ca: "../tls-ca.pem",
                           pkcs11: options.tokenKeys?.key(id)), logLevel: "info",
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
