import FoundationEssentials

/// What one `baas-ledger` process runs: its identity, where its data lives, where it listens,
/// whom it talks to, and the PEM files of its TLS identity — read from a JSON file:
/// ```json
/// { "nodeId": 1, "dataDirectory": "/var/lib/baas/n1", "genesis": "/etc/baas/genesis.json",
///   "p2pListen": "127.0.0.1:7001", "apiListen": "127.0.0.1:8001",
///   "peers": {"2": "127.0.0.1:7002", "3": "127.0.0.1:7003"},
///   "tls": {"certificate": "node.pem", "key": "node.key", "ca": "ca.pem"}, "logLevel": "info",
///   "snapshotInterval": 5000, "join": false }
/// ```
/// `peers` lists the nodes to dial at start; members added later are dialled at the P2P address
/// their membership transaction carries. A node joining a running network (`"join": true`) is
/// not in the genesis: it starts from the genesis, waits to be added (as an observer) by a
/// membership transaction, and catches up from its peers by log or snapshot.
/// Relative paths are taken from the configuration file's folder. The TLS certificate must be
/// issued by `tls.ca` (the network's transport CA) with common name and DNS name `node-<id>`:
/// peers and API clients are accepted only with certificates from that CA.
///
/// The node key is a PEM file (`tls.key`) or a P-256 key in a PKCS#11 token (`tls.pkcs11`, exactly
/// one of the two). The PIN comes from a file or a systemd credential, never from the config:
/// ```json
/// "tls": {"certificate": "node.pem", "ca": "tls-ca.pem",
///         "pkcs11": {"module": "/usr/lib/softhsm/libsofthsm2.so", "tokenLabel": "baas",
///                    "keyLabel": "baas/net-1/tls", "pinFile": "/etc/baas/hsm-pin"}}
/// ```
public struct NodeConfiguration: Sendable, Codable, Equatable {
    /// A node key held in a PKCS#11 token (an HSM, SoftHSM2): it never leaves the token, and every
    /// TLS handshake signs there (`C_Sign`).
    public struct PKCS11Key: Sendable, Codable, Equatable {
        /// The module's shared library, e.g. `/usr/lib/softhsm/libsofthsm2.so`.
        public var module: String
        /// The token, by label (slot numbers change, labels do not).
        public var tokenLabel: String
        /// The key pair's label (CKA_LABEL) on the token.
        public var keyLabel: String
        /// A file holding the user PIN (mode 0600); relative to the configuration's folder.
        public var pinFile: String?
        /// The name of a systemd credential holding the PIN (`$CREDENTIALS_DIRECTORY/<name>`);
        /// taken before `pinFile` when both are given.
        public var pinCredential: String?

        public init(module: String, tokenLabel: String, keyLabel: String, pinFile: String? = nil, pinCredential: String? = nil) {
            self.module = module
            self.tokenLabel = tokenLabel
            self.keyLabel = keyLabel
            self.pinFile = pinFile
            self.pinCredential = pinCredential
        }

        private enum CodingKeys: String, CodingKey {
            case module, tokenLabel, keyLabel, pinFile, pinCredential, pin
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if c.contains(.pin) {
                throw DecodingError.dataCorruptedError(
                    forKey: .pin, in: c,
                    debugDescription: "tls.pkcs11.pin is not accepted: the PIN never goes into a configuration; put it in a file (pinFile, mode 0600) or a systemd credential (pinCredential)")
            }
            module = try c.decode(String.self, forKey: .module)
            tokenLabel = try c.decode(String.self, forKey: .tokenLabel)
            keyLabel = try c.decode(String.self, forKey: .keyLabel)
            pinFile = try c.decodeIfPresent(String.self, forKey: .pinFile)
            pinCredential = try c.decodeIfPresent(String.self, forKey: .pinCredential)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(module, forKey: .module)
            try c.encode(tokenLabel, forKey: .tokenLabel)
            try c.encode(keyLabel, forKey: .keyLabel)
            try c.encodeIfPresent(pinFile, forKey: .pinFile)
            try c.encodeIfPresent(pinCredential, forKey: .pinCredential)
        }
    }

    /// The node's TLS identity: certificate and CA as PEM files, the key as a PEM file or in a token.
    public struct TLSFiles: Sendable, Codable, Equatable {
        public var certificate: String
        /// The private key's PEM file; nil when `pkcs11` holds the key.
        public var key: String?
        public var ca: String
        /// The private key in a PKCS#11 token instead of `key`.
        public var pkcs11: PKCS11Key?

        /// Paths to the node's certificate, its key (or the token holding it) and the CA
        /// certificate that peers and clients chain to.
        public init(certificate: String, key: String?, ca: String, pkcs11: PKCS11Key? = nil) {
            self.certificate = certificate
            self.key = key
            self.ca = ca
            self.pkcs11 = pkcs11
        }
    }

    public var nodeId: UInt64
    public var dataDirectory: String
    public var genesis: String
    public var p2pListen: String
    public var apiListen: String
    /// The other nodes, by node id (decimal string) → `host:port` of their P2P listener.
    public var peers: [String: String]
    public var tls: TLSFiles
    public var logLevel: String?
    /// Applied Raft entries (blocks) between two snapshots of the state; the log before the
    /// previous snapshot is dropped, so a node further behind syncs from a snapshot. Default 5000.
    public var snapshotInterval: UInt64?
    /// True for a node that joins a running network and so is not a genesis member.
    public var join: Bool?

    /// A configuration as `load` reads it (paths as given, unchecked).
    public init(nodeId: UInt64, dataDirectory: String, genesis: String, p2pListen: String, apiListen: String,
                peers: [String: String], tls: TLSFiles, logLevel: String? = nil, snapshotInterval: UInt64? = nil,
                join: Bool? = nil) {
        self.nodeId = nodeId
        self.dataDirectory = dataDirectory
        self.genesis = genesis
        self.p2pListen = p2pListen
        self.apiListen = apiListen
        self.peers = peers
        self.tls = tls
        self.logLevel = logLevel
        self.snapshotInterval = snapshotInterval
        self.join = join
    }

    /// The common name a node's certificate carries.
    public static func commonName(of nodeID: UInt64) -> String { "node-\(nodeID)" }

    /// Reads the file at `path`, resolves relative paths against its folder and checks it.
    ///
    /// - Throws: `ledger.config` naming the file and the problem.
    public static func load(path: String) throws -> NodeConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError("ledger.config", "cannot read the node configuration \(path); check the path and permissions")
        }
        var configuration: NodeConfiguration
        do {
            configuration = try JSONDecoder().decode(NodeConfiguration.self, from: data)
        } catch {
            throw LedgerError("ledger.config", "\(path) is not a valid node configuration: \(error)")
        }
        let base = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        func resolve(_ file: String) -> String { file.hasPrefix("/") ? file : base + "/" + file }
        configuration.dataDirectory = resolve(configuration.dataDirectory)
        configuration.genesis = resolve(configuration.genesis)
        configuration.tls.certificate = resolve(configuration.tls.certificate)
        configuration.tls.key = configuration.tls.key.map(resolve)
        configuration.tls.ca = resolve(configuration.tls.ca)
        if let pinFile = configuration.tls.pkcs11?.pinFile { configuration.tls.pkcs11?.pinFile = resolve(pinFile) }
        try configuration.validate(path)
        return configuration
    }

    /// The peers by node id.
    public func peerAddresses() throws -> [UInt64: (host: String, port: UInt16)] {
        var result: [UInt64: (host: String, port: UInt16)] = [:]
        for (key, value) in peers {
            guard let id = UInt64(key), id != 0 else {
                throw LedgerError("ledger.config", "peer id '\(key)' must be a positive integer")
            }
            result[id] = try Self.split(value, what: "peer \(key)")
        }
        return result
    }

    /// `host:port` split.
    ///
    /// - Throws: `ledger.config` for anything else.
    public static func split(_ address: String, what: String) throws -> (host: String, port: UInt16) {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw LedgerError("ledger.config", "\(what) address '\(address)' must be host:port")
        }
        return (String(address[..<colon]), port)
    }

    private func validate(_ path: String) throws {
        guard nodeId != 0 else { throw LedgerError("ledger.config", "\(path): nodeId must be a positive integer") }
        _ = try peerAddresses()
        _ = try Self.split(p2pListen, what: "p2pListen")
        _ = try Self.split(apiListen, what: "apiListen")
        if let snapshotInterval, snapshotInterval < 2 {
            throw LedgerError("ledger.config", "\(path): snapshotInterval must be at least 2")
        }
        switch (tls.key, tls.pkcs11) {
        case (nil, nil):
            throw LedgerError("ledger.config", "\(path): tls needs the node key: key (a PEM file) or pkcs11 (a token)")
        case (.some, .some):
            throw LedgerError("ledger.config", "\(path): tls has both key and pkcs11; keep the one that holds the node key")
        case (nil, .some(let token)):
            if token.pinFile == nil && token.pinCredential == nil {
                throw LedgerError("ledger.config", "\(path): tls.pkcs11 needs pinFile or pinCredential (never the PIN itself)")
            }
        case (.some, nil):
            break
        }
        if peers[String(nodeId)] != nil {
            throw LedgerError("ledger.config", "\(path): peers must not list the node itself (\(nodeId))")
        }
    }
}
