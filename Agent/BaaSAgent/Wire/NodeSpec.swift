/// What the controller wants one node on this host to be: the engine executable and version, its
/// arguments and environment, the config files written into its directory before start, the ports
/// it listens on, resource limits and the key labels it uses.
///
/// For now `engine` is the executable path itself (tests use `/bin/sh` or `sleep`); the deploy issue
/// sends `baas-ledger` specs.
public struct NodeSpec: Codable, Sendable, Equatable {
    public struct Resources: Codable, Sendable, Equatable {
        public var cpuMillicores: Int?
        public var memoryBytes: UInt64?

        public init(cpuMillicores: Int? = nil, memoryBytes: UInt64? = nil) {
            self.cpuMillicores = cpuMillicores
            self.memoryBytes = memoryBytes
        }
    }

    public var id: String
    public var engine: String
    public var version: String
    public var arguments: [String]
    public var environment: [String: String]
    /// File name (relative to the node directory, no `/` or `..`) → content.
    public var configFiles: [String: String]
    public var ports: [Int]
    public var resources: Resources
    /// Labels of the keys the node signs with (in the agent's key store).
    public var keys: [String]

    public init(id: String, engine: String, version: String = "", arguments: [String] = [],
                environment: [String: String] = [:], configFiles: [String: String] = [:], ports: [Int] = [],
                resources: Resources = Resources(), keys: [String] = []) {
        self.id = id
        self.engine = engine
        self.version = version
        self.arguments = arguments
        self.environment = environment
        self.configFiles = configFiles
        self.ports = ports
        self.resources = resources
        self.keys = keys
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        engine = try c.decode(String.self, forKey: .engine)
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
        arguments = try c.decodeIfPresent([String].self, forKey: .arguments) ?? []
        environment = try c.decodeIfPresent([String: String].self, forKey: .environment) ?? [:]
        configFiles = try c.decodeIfPresent([String: String].self, forKey: .configFiles) ?? [:]
        ports = try c.decodeIfPresent([Int].self, forKey: .ports) ?? []
        resources = try c.decodeIfPresent(Resources.self, forKey: .resources) ?? Resources()
        keys = try c.decodeIfPresent([String].self, forKey: .keys) ?? []
    }

    /// Whether `id` and the config file names are safe to use as path components.
    public var isWellFormed: Bool {
        func safe(_ name: String) -> Bool {
            !name.isEmpty && !name.contains("/") && name != "." && name != ".." && !name.hasPrefix(".")
        }
        return safe(id) && configFiles.keys.allSatisfy(safe) && engine.hasPrefix("/")
    }
}
