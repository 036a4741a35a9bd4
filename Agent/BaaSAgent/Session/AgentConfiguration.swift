import FoundationEssentials
import BaaSPKCS11

/// What `baas-agent` reads from `/etc/baas/agent.json` (or `--config FILE`). Every key is optional:
/// ```json
/// {"state_directory": "/var/lib/baas/agent", "name": "host-a", "labels": {"cloud": "aws"},
///  "metrics_interval_seconds": 10, "disk_paths": ["/var/lib/baas"],
///  "engines": [{"name": "baas-ledger", "version": "0.1.0", "path": "/usr/bin/baas-ledger"}],
///  "pkcs11": {"module": "/usr/lib/softhsm/libsofthsm2.so", "token_label": "baas",
///             "pin_file": "/etc/baas/hsm-pin", "pin_credential": "hsm-pin", "key_label": "baas-agent",
///             "pass_environment": ["SOFTHSM2_CONF"]}}
/// ```
/// With `pkcs11`, deployed nodes' keys are made in the same token (see `DeployHandler`), and the
/// nodes get the variables the module needs from the agent's environment (`pass_environment`,
/// default `SOFTHSM2_CONF`; plus `CREDENTIALS_DIRECTORY` when the PIN is a systemd credential).
/// The enrollment (host id, certificates, controller address) lives in the state directory, written
/// by `baas-agent enroll`.
public struct AgentConfiguration: Codable, Sendable, Equatable {
    /// Where the agent's key (unless PKCS#11), certificates, enrollment and node list live.
    public struct PKCS11: Codable, Sendable, Equatable {
        public var module: String
        public var tokenLabel: String
        public var pinFile: String?
        public var pinCredential: String?
        public var keyLabel: String?
        /// Names of the agent's environment variables that node processes using the token get
        /// (what the module reads, e.g. `SOFTHSM2_CONF`); nil means `["SOFTHSM2_CONF"]`.
        public var passEnvironment: [String]?

        public init(module: String, tokenLabel: String, pinFile: String? = nil, pinCredential: String? = nil,
                    keyLabel: String? = nil, passEnvironment: [String]? = nil) {
            self.module = module
            self.tokenLabel = tokenLabel
            self.pinFile = pinFile
            self.pinCredential = pinCredential
            self.keyLabel = keyLabel
            self.passEnvironment = passEnvironment
        }

        /// The variables node processes get from `environment` (the agent's own): those named by
        /// `passEnvironment`, `BAAS_PKCS11_LOCK` (the lock serialising the host's token calls),
        /// and `CREDENTIALS_DIRECTORY` when the PIN is a systemd credential, so the node reads the
        /// same PIN the same way. Values are paths, never the PIN.
        public func nodeEnvironment(from environment: [String: String]) -> [String: String] {
            var names = (passEnvironment ?? ["SOFTHSM2_CONF"]) + ["BAAS_PKCS11_LOCK"]
            if pinCredential != nil { names.append("CREDENTIALS_DIRECTORY") }
            var result: [String: String] = [:]
            for name in names { result[name] = environment[name] }
            return result
        }

        /// The PIN source: the credential when named, else the file.
        /// - Throws: `AgentError` `agent.config_invalid` when neither is given.
        public func pinSource() throws -> PINSource {
            if let pinCredential { return .credential(pinCredential) }
            if let pinFile { return .file(pinFile) }
            throw AgentError("agent.config_invalid", "pkcs11 needs pin_file or pin_credential (never the PIN itself).")
        }
    }

    public var stateDirectory: String
    public var name: String?
    public var labels: [String: String]
    public var metricsIntervalSeconds: Double
    public var diskPaths: [String]
    public var engines: [HostFacts.Engine]
    public var pkcs11: PKCS11?

    public init(stateDirectory: String = "/var/lib/baas/agent", name: String? = nil, labels: [String: String] = [:],
                metricsIntervalSeconds: Double = 10, diskPaths: [String] = [], engines: [HostFacts.Engine] = [],
                pkcs11: PKCS11? = nil) {
        self.stateDirectory = stateDirectory
        self.name = name
        self.labels = labels
        self.metricsIntervalSeconds = metricsIntervalSeconds
        self.diskPaths = diskPaths
        self.engines = engines
        self.pkcs11 = pkcs11
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stateDirectory = try c.decodeIfPresent(String.self, forKey: .stateDirectory) ?? "/var/lib/baas/agent"
        name = try c.decodeIfPresent(String.self, forKey: .name)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        metricsIntervalSeconds = try c.decodeIfPresent(Double.self, forKey: .metricsIntervalSeconds) ?? 10
        diskPaths = try c.decodeIfPresent([String].self, forKey: .diskPaths) ?? []
        engines = try c.decodeIfPresent([HostFacts.Engine].self, forKey: .engines) ?? []
        pkcs11 = try c.decodeIfPresent(PKCS11.self, forKey: .pkcs11)
    }

    /// The default location of the configuration file.
    public static let defaultPath = "/etc/baas/agent.json"

    /// Reads the file at `path`; a missing default file means all defaults.
    ///
    /// - Throws: `AgentError` `agent.config_unreadable` / `agent.config_invalid`.
    public static func load(path: String, required: Bool) throws -> AgentConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            if !required { return AgentConfiguration() }
            throw AgentError("agent.config_unreadable", "Cannot read the agent config \(path); check the path and its permissions.")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let configuration: AgentConfiguration
        do {
            configuration = try decoder.decode(AgentConfiguration.self, from: data)
        } catch {
            throw AgentError("agent.config_invalid", "The agent config \(path) is not valid: \(error)")
        }
        guard configuration.metricsIntervalSeconds >= 0.1 else {
            throw AgentError("agent.config_invalid", "metrics_interval_seconds in \(path) must be at least 0.1.")
        }
        return configuration
    }

    /// What the host facts say about the token: module and label when `pkcs11` is configured.
    public var hostHSM: HostFacts.HSM? {
        pkcs11.map { HostFacts.HSM(module: $0.module, tokenLabel: $0.tokenLabel) }
    }

    /// The metrics interval as a duration.
    public var metricsInterval: Duration { .milliseconds(Int64(metricsIntervalSeconds * 1000)) }
}
