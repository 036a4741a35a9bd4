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
public struct NodeConfiguration: Sendable, Codable, Equatable {
    /// The PEM files of the node's TLS identity.
    public struct TLSFiles: Sendable, Codable, Equatable {
        public var certificate: String
        public var key: String
        public var ca: String

        /// Paths to the node's certificate, its key and the CA certificate that peers and clients chain to.
        public init(certificate: String, key: String, ca: String) {
            self.certificate = certificate
            self.key = key
            self.ca = ca
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
        configuration.tls = TLSFiles(certificate: resolve(configuration.tls.certificate), key: resolve(configuration.tls.key),
                                     ca: resolve(configuration.tls.ca))
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
        if peers[String(nodeId)] != nil {
            throw LedgerError("ledger.config", "\(path): peers must not list the node itself (\(nodeId))")
        }
    }
}
