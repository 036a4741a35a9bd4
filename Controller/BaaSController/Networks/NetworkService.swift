import BaaSAgent
import BaaSCore
import Foundation
import Synchronization

/// Networks, their nodes and deployment jobs behind the `Authorizer` (resources `network`,
/// `node`, `transaction`), recorded in the `AuditLog`.
///
/// `create` returns at once with a running job; the job runs on a task of its own and reaches
/// the hosts only through the `AgentGateway`. Thread-safe.
public final class NetworkService: Sendable {
    public let store: NetworkStore
    let hosts: HostService
    let authorizer: Authorizer
    let audit: AuditLog
    let crypto: any ControllerCryptography
    let clock: any WallClock
    let logger: Logger
    /// How long one agent request may take before the step fails naming the host.
    public let agentTimeout: Duration
    /// How long the job waits for the first committed block.
    public let commitTimeout: Duration
    /// Ports handed out when a host has no `baas.ports` label.
    public static let defaultPortRange: ClosedRange<Int> = 30000...32999
    let nonces = Mutex<[String: UInt64]>([:])
    let running = Mutex<Set<String>>([])

    public init(store: NetworkStore, hosts: HostService, domain: ControllerDomain, crypto: any ControllerCryptography,
                clock: any WallClock, agentTimeout: Duration = .seconds(20), commitTimeout: Duration = .seconds(60),
                logger: Logger = Logger(label: "controller.networks")) {
        self.store = store
        self.hosts = hosts
        self.authorizer = domain.authorizer
        self.audit = domain.audit
        self.crypto = crypto
        self.clock = clock
        self.agentTimeout = agentTimeout
        self.commitTimeout = commitTimeout
        self.logger = logger
    }

    var gateway: AgentGateway { hosts.gateway }

    /// Validates the request, picks hosts and ports, stores the network and starts its deployment job.
    ///
    /// - Throws: `ControllerError` `invalid_network` (422) naming the field, `no_matching_host`
    ///   (422), `notFound` for an unknown host or tenant, `forbidden`.
    func create(by principal: Principal, _ request: CreateNetworkRequest) throws -> (Network, NetworkJob) {
        let tenant = request.tenantID ?? principal.tenantID
        var record = AuditRecord(principal, action: "network.create", target: "",
                                 parameters: ["name": request.name, "nodes": String(request.nodes.count),
                                              "crypto": request.crypto ?? "p256"])
        record.tenantID = tenant
        return try audited(record) { record in
            if let tenant {
                try authorizer.authorize(principal, .create, .network, tenantID: tenant)
            } else {
                try authorizer.authorizePlatform(principal, .create, .network)
            }
            let crypto = request.crypto ?? "p256"
            guard ["p256", "sm2"].contains(crypto) else {
                throw ControllerError.invalid("invalid_network", "crypto must be p256 or sm2.")
            }
            guard (request.consensus ?? "raft") == "raft" else {
                throw ControllerError.invalid("invalid_network", "consensus must be raft (the built-in ledger's only consensus).")
            }
            guard (request.engine ?? "baas-ledger") == "baas-ledger" else {
                throw ControllerError.invalid("invalid_network", "engine must be baas-ledger.")
            }
            guard (1...64).contains(request.name.count),
                  request.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw ControllerError.invalid("invalid_network", "name must have 1-64 letters, digits, '-', '_' or '.'.")
            }
            guard (1...256).contains(request.nodes.count) else {
                throw ControllerError.invalid("invalid_network", "nodes must list 1 to 256 nodes.")
            }
            let id = self.crypto.newID("net")
            record.target = id
            guard request.nodes.contains(where: { ($0.role ?? "validator") == "validator" }) else {
                throw ControllerError.invalid("invalid_network", "nodes must hold at least one validator: observers replicate but never vote.")
            }
            let nodes = try place(request.nodes, networkID: id, tenantID: tenant, principal: principal)
            let now = clock.now()
            let defaults = ChainDefaults()
            let network = Network(id: id, tenantID: tenant, name: request.name, engine: "baas-ledger",
                                  version: request.version ?? "", consensus: "raft", crypto: crypto,
                                  blockIntervalMilliseconds: request.block?.intervalMilliseconds ?? defaults.interval,
                                  maxTransactionsPerBlock: request.block?.maxTransactions ?? defaults.maxTransactions,
                                  status: "deploying", createdAt: now, chainID: "baas-" + id, nodes: nodes)
            let job = newJob(network: network, kind: "deploy", steps: NetworkJob.deploySteps, total: nodes.count)
            try store.transaction { store in
                try store.insert(network, secrets: NetworkSecrets())
                try store.insert(job)
            }
            record.parameters["job"] = job.id
            start(job)
            return (network, job)
        }
    }

    struct ChainDefaults {
        let interval: UInt64 = 50
        let maxTransactions: UInt64 = 5_000
    }

    func newJob(network: Network, kind: String, steps: [String], total: Int) -> NetworkJob {
        let now = clock.now()
        return NetworkJob(id: crypto.newID("job"), tenantID: network.tenantID, networkID: network.id, kind: kind,
                          status: "running", steps: steps.map { NetworkJob.Step($0, total: $0 == "network_ca" ? 1 : total) },
                          error: nil, createdAt: now, updatedAt: now, finishedAt: nil)
    }

    /// Chooses a host for every requested node and allocates its two ports from the host's range.
    private func place(_ requests: [CreateNetworkRequest.NodeRequest], networkID: String, tenantID: String?,
                       principal: Principal) throws -> [Network.Node] {
        let candidates = try hosts.store.transaction { store in
            try store.hosts(tenantID: .some(nil), after: nil, limit: 100_000)
        }.filter { !$0.isRevoked && ($0.tenantID == nil || $0.tenantID == tenantID) }
        var used: [String: Set<Int>] = [:]
        for node in try store.transaction({ try $0.allNodes() }) {
            used[node.hostID, default: []].formUnion([node.p2pPort, node.apiPort])
        }
        var placed: [String: Int] = [:]
        var nodes: [Network.Node] = []
        for (index, request) in requests.enumerated() {
            let host: Host
            if let name = request.host {
                guard let found = candidates.first(where: { $0.id == name || $0.name == name }) else {
                    throw ControllerError.invalid("no_matching_host", "nodes[\(index)].host '\(name)' is not an enrolled host of this tenant.")
                }
                host = found
            } else {
                let selector = request.selector ?? [:]
                let matching = candidates.filter { host in selector.allSatisfy { host.labels[$0.key] == $0.value } }
                guard let least = matching.min(by: { (placed[$0.id] ?? 0, $0.id) < (placed[$1.id] ?? 0, $1.id) }) else {
                    throw ControllerError.invalid("no_matching_host", "No enrolled host matches nodes[\(index)].selector \(HostService.labelText(selector)).")
                }
                host = least
            }
            let role = request.role ?? "validator"
            guard role == "validator" || role == "observer" else {
                throw ControllerError.invalid("invalid_network", "nodes[\(index)].role must be validator or observer.")
            }
            let range = Self.portRange(host)
            var ports: [Int] = []
            var candidate = range.lowerBound
            while ports.count < 2, candidate <= range.upperBound {
                if !used[host.id, default: []].contains(candidate) { ports.append(candidate) }
                candidate += 1
            }
            guard ports.count == 2 else {
                throw ControllerError.conflict("ports_exhausted", "Host \(host.name) has no free ports left in \(range); widen its baas.ports label.")
            }
            used[host.id, default: []].formUnion(ports)
            placed[host.id, default: 0] += 1
            let number = UInt64(index + 1)
            nodes.append(Network.Node(id: "\(networkID)-\(number)", number: number, hostID: host.id, hostName: host.name,
                                      role: role, address: Self.address(host), p2pPort: ports[0], apiPort: ports[1],
                                      status: "pending", certificate: nil))
        }
        return nodes
    }

    /// The host's `baas.ports` label (`low-high`), else the default range.
    static func portRange(_ host: Host) -> ClosedRange<Int> {
        if let text = host.labels["baas.ports"] {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            if parts.count == 2, parts[0] > 0, parts[0] < parts[1], parts[1] < 65536 { return parts[0]...parts[1] }
        }
        return defaultPortRange
    }

    /// The address nodes on `host` listen on and peers dial: its `baas.address` label, else its
    /// first non-loopback IPv4 address, else loopback.
    static func address(_ host: Host) -> String {
        if let label = host.labels["baas.address"], !label.isEmpty { return label }
        return host.facts.addresses.first { $0.family == "ipv4" && !$0.address.hasPrefix("127.") }?.address ?? "127.0.0.1"
    }

    /// The network, if the principal may see it.
    ///
    /// - Throws: `ControllerError` `notFound`.
    func network(by principal: Principal, id: String) throws -> Network {
        guard let network = try store.transaction({ try $0.network(id: id) }) else { throw ControllerError.notFound("network") }
        try authorizer.authorize(principal, .read, .network, tenantID: readingTenant(network, principal))
        return network
    }

    /// The tenant a read is authorised against: the reader's own when its tenant joined the
    /// network, else the network's (so other tenants get 404).
    func readingTenant(_ network: Network, _ principal: Principal) -> String? {
        if let tenant = principal.tenantID, network.memberTenants?.contains(tenant) == true { return tenant }
        return network.tenantID
    }

    /// The principal's networks (every tenant's for a platform admin).
    func networks(by principal: Principal, page: PageRequest) throws -> Page<Network> {
        let tenant: String?? = principal.role == .platformAdmin ? .some(nil) : .some(principal.tenantID)
        if principal.role != .platformAdmin {
            try authorizer.authorize(principal, .read, .network, tenantID: principal.tenantID)
        }
        let items = try store.transaction { try $0.networks(tenantID: tenant, after: page.cursor, limit: page.limit + 1) }
        return Page(items: Array(items.prefix(page.limit)), nextCursor: items.count > page.limit ? items[page.limit - 1].id : nil)
    }

    /// The job, if the principal may see its network.
    func job(by principal: Principal, id: String) throws -> NetworkJob {
        guard let job = try store.transaction({ try $0.job(id: id) }) else { throw ControllerError.notFound("job") }
        try authorizer.authorize(principal, .read, .network, tenantID: job.tenantID)
        return job
    }

    /// Runs `body`, then appends its audit record (outcome `ok`, or the error's code).
    func audited<T>(_ record: AuditRecord, _ body: (inout AuditRecord) throws -> T) throws -> T {
        var record = record
        do {
            let value = try body(&record)
            _ = try audit.append(record)
            return value
        } catch {
            record.outcome = (error as? any OperatorError)?.code ?? "controller.internal_error"
            _ = try? audit.append(record)
            throw error
        }
    }
}

extension NetworkService {
    /// Creates a network of `hosts.count` validators, node `i` on `hosts[i]` (ids or names), as
    /// `create` does for `POST /v1/networks`; for tools and benchmarks in this package.
    package func deploy(by principal: Principal, name: String, hosts: [String], crypto: String = "p256") throws -> NetworkJob {
        let request = CreateNetworkRequest(name: name, tenantID: nil, engine: nil, version: nil, consensus: nil, crypto: crypto,
                                           nodes: hosts.map { CreateNetworkRequest.NodeRequest(host: $0, selector: nil, role: nil, resources: nil) },
                                           block: nil)
        return try create(by: principal, request).1
    }

    /// The job as stored now, nil when unknown.
    package func currentJob(id: String) throws -> NetworkJob? {
        try store.transaction { try $0.job(id: id) }
    }
}
