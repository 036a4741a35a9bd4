import BaaSAgent
import BaaSCore
import BaaSCrypto
import BaaSLedger
import Foundation

/// R5.1 join: a tenant joins another tenant's running network with nodes on its own hosts.
///
/// The network's owner makes an invitation (`POST /v1/networks/{id}/invitations`): a one-time
/// code, valid for a limited time, stored only as its hash. The joining tenant calls
/// `POST /v1/networks/{id}/join` with the code and its nodes; that starts a `join` job:
///
/// | step | what happens |
/// |---|---|
/// | `node_keys` | the joining hosts' agents make the nodes' keys and answer CSRs |
/// | `certificates` | the network CA signs them |
/// | `configuration` | each node gets the genesis and a configuration listing the current peers (`join`) |
/// | `desired_state` | the joining hosts start the nodes; they wait, refused by the others, until added |
/// | `membership` | an `add_member` transaction (observer, certificate, P2P address) commits |
/// | `catch_up` | each new node replicates to the network's height |
/// | `promotion` | a `change_role` transaction makes each node requested as validator a voter |
extension NetworkService {
    static let joinSteps = ["node_keys", "certificates", "configuration", "desired_state", "membership", "catch_up", "promotion"]

    /// Makes a one-time invitation code for `networkID`, valid `seconds` (default one day).
    ///
    /// - Throws: `ControllerError` `notFound`, `forbidden`, `network_not_running` (409),
    ///   `invalid_invitation` (422) for a bad lifetime.
    func invite(by principal: Principal, networkID: String, seconds: Int?) throws -> CreatedInvitationResponse {
        try audited(AuditRecord(principal, action: "network.invitation.create", target: networkID)) { record in
            let network = try network(by: principal, id: networkID)
            record.tenantID = network.tenantID
            try authorizer.authorize(principal, .update, .network, tenantID: network.tenantID)
            guard network.status == "running" else {
                throw ControllerError.conflict("network_not_running", "The network is \(network.status); invite once its deployment succeeded.")
            }
            let lifetime = seconds ?? 86_400
            guard (60...30 * 86_400).contains(lifetime) else {
                throw ControllerError.invalid("invalid_invitation", "expires_in_seconds must be between 60 and 2592000 (30 days).")
            }
            let code = "inv_" + Hex.encode(crypto.randomBytes(count: 24))
            let invitation = NetworkInvitation(id: crypto.newID("inv"), codeHash: crypto.secretHash(code), createdBy: principal.userID,
                                               expiresAt: clock.now().addingTimeInterval(TimeInterval(lifetime)), usedBy: nil)
            try store.transaction { store in
                var secrets = try store.secrets(networkID: network.id)
                // Used and recently expired invitations stay, so their codes get a precise refusal.
                let horizon = clock.now().addingTimeInterval(-30 * 86_400)
                secrets.invitations = (secrets.invitations ?? []).filter { $0.usedBy != nil || $0.expiresAt > horizon } + [invitation]
                try store.update(networkID: network.id, secrets: secrets)
            }
            record.parameters["invitation"] = invitation.id
            return CreatedInvitationResponse(id: invitation.id, networkID: network.id, code: code, expiresAt: invitation.expiresAt)
        }
    }

    /// Uses an invitation: places the caller's nodes on its own hosts and starts the join job.
    ///
    /// - Throws: `ControllerError` `notFound` (unknown network), `invalid_invitation` (422, wrong
    ///   code), `invitation_expired` (422), `invitation_used` (409), `network_not_running` (409),
    ///   `host_of_another_tenant` (422), `already_member` (409), `invalid_join` (422), `forbidden`.
    func join(by principal: Principal, networkID: String, _ request: JoinNetworkRequest) throws -> (Network, NetworkJob) {
        var record = AuditRecord(principal, action: "network.join", target: networkID,
                                 parameters: ["nodes": String(request.nodes.count)])
        record.tenantID = principal.tenantID
        return try audited(record) { record in
            guard let tenant = principal.tenantID else {
                throw ControllerError.invalid("invalid_join", "Join as a user of the tenant whose hosts run the nodes.")
            }
            try authorizer.authorize(principal, .create, .network, tenantID: tenant)
            guard (1...16).contains(request.nodes.count) else {
                throw ControllerError.invalid("invalid_join", "nodes must list 1 to 16 nodes, each with the host that runs it.")
            }
            let hash = crypto.secretHash(request.code)
            let now = clock.now()
            let (network, job) = try store.transaction { store -> (Network, NetworkJob) in
                // An unknown network and a wrong code look alike, so codes cannot probe for networks.
                guard var network = try store.network(id: networkID) else { throw ControllerError.notFound("network") }
                var secrets = try store.secrets(networkID: networkID)
                guard let index = secrets.invitations?.firstIndex(where: { $0.codeHash == hash }) else {
                    throw ControllerError.invalid("invalid_invitation", "The invitation code is not valid for this network; ask the network's owner for a new one.")
                }
                let invitation = secrets.invitations![index]
                guard invitation.usedBy == nil else {
                    throw ControllerError.conflict("invitation_used", "The invitation code was already used; each code works once. Ask for a new one.")
                }
                guard invitation.expiresAt > now else {
                    throw ControllerError.invalid("invitation_expired", "The invitation code expired; ask the network's owner for a new one.")
                }
                guard network.status == "running" else {
                    throw ControllerError.conflict("network_not_running", "The network is \(network.status); it can be joined only while running.")
                }
                guard network.tenantID != tenant else {
                    throw ControllerError.conflict("already_member", "The network belongs to your tenant; add nodes to it directly.")
                }
                guard !network.nodes.contains(where: { $0.status == "joining" }) else {
                    throw ControllerError.conflict("join_in_progress", "Another join of this network is still running; retry once its job finished.")
                }
                let nodes = try placeJoining(request.nodes, network: network, tenantID: tenant)
                network.nodes += nodes
                network.memberTenants = Array(Set((network.memberTenants ?? []) + [tenant])).sorted()
                secrets.invitations![index].usedBy = tenant
                var job = newJob(network: network, kind: "join", steps: Self.joinSteps, total: nodes.count)
                job.tenantID = tenant
                try store.update(network)
                try store.update(networkID: networkID, secrets: secrets)
                try store.insert(job)
                record.parameters["job"] = job.id
                record.parameters["invitation"] = invitation.id
                return (network, job)
            }
            start(job)
            return (network, job)
        }
    }

    /// Places the joining nodes on the caller's own hosts, numbered after the network's nodes.
    private func placeJoining(_ requests: [JoinNetworkRequest.NodeRequest], network: Network, tenantID: String) throws -> [Network.Node] {
        let hostList = try hosts.store.transaction { try $0.hosts(tenantID: .some(nil), after: nil, limit: 100_000) }
        var used: [String: Set<Int>] = [:]
        for node in try store.transaction({ try $0.allNodes() }) {
            used[node.hostID, default: []].formUnion([node.p2pPort, node.apiPort])
        }
        var number = (network.nodes.map(\.number).max() ?? 0)
        var nodes: [Network.Node] = []
        for (index, request) in requests.enumerated() {
            let role = request.role ?? "observer"
            guard role == "validator" || role == "observer" else {
                throw ControllerError.invalid("invalid_join", "nodes[\(index)].role must be observer or validator.")
            }
            // Prefer the caller's own host when names collide across tenants.
            let named = hostList.filter { !$0.isRevoked && ($0.id == request.host || $0.name == request.host) }
            guard let host = named.first(where: { $0.tenantID == tenantID }) ?? named.first else {
                throw ControllerError.invalid("no_matching_host", "nodes[\(index)].host '\(request.host)' is not an enrolled host.")
            }
            guard host.tenantID == tenantID else {
                throw ControllerError.invalid("host_of_another_tenant",
                                              "nodes[\(index)].host '\(request.host)' is not your tenant's own host: joined nodes run on hosts "
                                                + "enrolled with a join token of your tenant.")
            }
            let range = Self.portRange(host)
            let taken = used[host.id, default: []]
            let ports = Array(range.lazy.filter { !taken.contains($0) }.prefix(2))
            guard ports.count == 2 else {
                throw ControllerError.conflict("ports_exhausted", "Host \(host.name) has no free ports left in \(range); widen its baas.ports label.")
            }
            used[host.id, default: []].formUnion(ports)
            number += 1
            nodes.append(Network.Node(id: "\(network.id)-\(number)", number: number, hostID: host.id, hostName: host.name,
                                      role: role, address: Self.address(host), p2pPort: ports[0], apiPort: ports[1],
                                      status: "joining", certificate: nil, tenantID: tenantID))
        }
        return nodes
    }

    func runJoin(_ initial: NetworkJob) async {
        let progress = Progress(initial, store: store)
        var current = "node_keys"
        // Nodes whose add_member committed: from then on they are members of the chain.
        var added: Set<String> = []
        do {
            guard var network = try store.transaction({ try $0.network(id: initial.networkID) }) else { return }
            let material = try makeAuthorities(network)
            var joining = network
            joining.nodes = network.nodes.filter { $0.status == "joining" }

            progress.begin(current, detail: "asking the joining hosts to make the nodes' keys")
            let csrs = try await makeNodeKeys(joining, progress: progress)

            current = "certificates"
            progress.begin(current)
            let issued = try issueCertificates(joining, csrs, material, progress: progress)
            for index in network.nodes.indices where issued[network.nodes[index].id] != nil {
                network.nodes[index].certificate = issued[network.nodes[index].id]?.tls.pem()
            }
            try store.transaction { try $0.update(network) }
            progress.finish(current, state: "succeeded")

            current = "configuration"
            progress.begin(current)
            var specs: [String: NodeSpec] = [:]
            var running = network
            running.nodes = network.nodes.filter { $0.status != "removed" }
            for node in joining.nodes {
                guard let engine = try enginePath(node, network: network) else {
                    throw StepFailure(code: "engine_missing",
                                      message: "Host \(node.hostName) has no \(network.engine) engine; list it under engines in its agent configuration.",
                                      hostID: node.hostID, hostName: node.hostName)
                }
                specs[node.id] = try spec(node, network: running, engine: engine, issued: issued[node.id]!,
                                          tokenKey: csrs[node.id]?.tokenKey?.configuration, join: true)
                progress.advance(current)
            }
            progress.finish(current, state: "succeeded")

            current = "desired_state"
            progress.begin(current)
            for (hostID, nodes) in Dictionary(grouping: joining.nodes, by: \.hostID) {
                try await pushDesired(hostID: hostID, hostName: nodes[0].hostName, adding: nodes.map { specs[$0.id]! }, removing: [])
                for _ in nodes { progress.advance(current) }
            }
            progress.finish(current, state: "succeeded")

            let existing = network.nodes.filter { $0.status == "running" }
            current = "membership"
            progress.begin(current, detail: "adding the nodes as observers")
            for node in joining.nodes {
                let member = Member(nodeID: node.number, role: .observer, certificate: issued[node.id]!.member.der(),
                                    p2pAddress: "\(node.address):\(node.p2pPort)")
                try await commitAsPlatform(network, via: existing, .addMember(member), what: "adding node \(node.number)")
                added.insert(node.id)
                progress.advance(current)
            }
            progress.finish(current, state: "succeeded")

            current = "catch_up"
            progress.begin(current, detail: "replicating the chain to the new nodes")
            for node in joining.nodes {
                let target = try await status(of: existing, network: network).height
                try await waitFor(node, what: "reach height \(target)") { $0.height >= target }
                progress.advance(current, detail: "node \(node.number) at height \(target)")
            }
            progress.finish(current, state: "succeeded")

            current = "promotion"
            let validators = joining.nodes.filter { $0.role == "validator" }
            progress.begin(current, detail: validators.isEmpty ? "no node asked to vote" : "promoting to validator")
            for node in validators {
                try await commitAsPlatform(network, via: existing + joining.nodes, .changeRole(nodeID: node.number, role: .validator),
                                           what: "promoting node \(node.number)")
                try await waitFor(node, what: "become a voter") { $0.voters?.contains(node.number) == true }
                progress.advance(current)
            }
            progress.finish(current, state: "succeeded", detail: "\(validators.count) of \(joining.nodes.count) nodes vote")

            for index in network.nodes.indices where network.nodes[index].status == "joining" { network.nodes[index].status = "running" }
            try store.transaction { try $0.update(network) }
            progress.succeed()
            logger.info("nodes joined a network", ["network": .string(network.id), "nodes": .integer(Int64(joining.nodes.count))])
        } catch {
            let failure = Self.failure(error)
            progress.fail(current, failure)
            await undoJoin(initial, keeping: added)
            logger.warning("joining a network failed", ["network": .string(initial.networkID), "step": .string(current),
                                                        "error": .string(failure.message)])
        }
    }

    /// After a failed join: nodes the chain never added leave their hosts and the network (and,
    /// when none was added, the invitation works again, so the same code can be retried); nodes
    /// already added stay, marked `failed`, since they are members of the chain.
    private func undoJoin(_ job: NetworkJob, keeping added: Set<String>) async {
        guard var network = try? store.transaction({ try $0.network(id: job.networkID) }) else { return }
        let leaving = network.nodes.filter { $0.status == "joining" && !added.contains($0.id) }
        for (hostID, nodes) in Dictionary(grouping: leaving, by: \.hostID) {
            try? await pushDesired(hostID: hostID, hostName: nodes[0].hostName, adding: [], removing: Set(nodes.map(\.id)),
                                   requireOnline: false)
            guard gateway.isOnline(hostID) else { continue }
            for node in nodes {
                _ = try? await agentRequest(node, method: DeployWire.remove, body: AgentWire.encode(NodeRemoveRequest(nodeID: node.id)))
            }
        }
        let leavingIDs = Set(leaving.map(\.id))
        network.nodes.removeAll { leavingIDs.contains($0.id) }
        for index in network.nodes.indices where network.nodes[index].status == "joining" { network.nodes[index].status = "failed" }
        if added.isEmpty, let tenant = job.tenantID, !network.nodes.contains(where: { $0.tenantID == tenant }) {
            network.memberTenants?.removeAll { $0 == tenant }
        }
        try? store.transaction { store in
            try store.update(network)
            if added.isEmpty, let tenant = job.tenantID {
                var secrets = try store.secrets(networkID: network.id)
                if let index = secrets.invitations?.lastIndex(where: { $0.usedBy == tenant }) {
                    secrets.invitations![index].usedBy = nil
                    try store.update(networkID: network.id, secrets: secrets)
                }
            }
        }
    }

    /// Signs `payload` as the platform user and submits it to `nodes` in turn until one
    /// acknowledges it committed with success.
    private func commitAsPlatform(_ network: Network, via nodes: [Network.Node], _ payload: TransactionPayload, what: String) async throws {
        let builder = try builder(network)
        var subset = network
        subset.nodes = nodes
        let (account, _) = try await relayAny(subset, method: "GET", target: "/v1/accounts/\(builder.address)")
        let chainNonce = (try? JSONDecoder().decode(NodeAPIModels.Account.self, from: Data(account.body.utf8)))?.nonce ?? 0
        let nonce = nonces.withLock { nonces -> UInt64 in
            let next = max(nonces[network.id] ?? 0, chainNonce)
            nonces[network.id] = next + 1
            return next
        }
        let transaction = try builder.sign(payload, nonce: nonce).encoded()
        let body = try String(decoding: JSONEncoder().encode(NodeAPIModels.Submit(transaction: Hex.encode(transaction))), as: UTF8.self)
        let (answer, node) = try await relayAny(subset, method: "POST", target: "/v1/transactions?wait=commit&timeout=30", body: body)
        guard let result = try? JSONDecoder().decode(NodeAPIModels.SubmitResult.self, from: Data(answer.body.utf8)),
              result.status == "committed" else {
            nonces.withLock { _ = $0.removeValue(forKey: network.id) }
            throw StepFailure(code: "membership_failed", message: "\(what.capitalized) did not commit: \(answer.body.prefix(300))",
                              hostID: node.hostID, hostName: node.hostName)
        }
        let receipt = try await relay(node, method: "GET", target: "/v1/transactions/\(result.hash)")
        let outcome = try? JSONDecoder().decode(NodeAPIModels.Transaction.self, from: Data(receipt.body.utf8))
        guard outcome?.outcome == "success" else {
            throw StepFailure(code: "membership_failed", message: "\(what.capitalized) failed on the chain: \(outcome?.reason ?? receipt.body)",
                              hostID: node.hostID, hostName: node.hostName)
        }
    }

    /// The status of the first of `nodes` that answers.
    private func status(of nodes: [Network.Node], network: Network) async throws -> NodeAPIModels.Status {
        var subset = network
        subset.nodes = nodes
        let (answer, _) = try await relayAny(subset, method: "GET", target: "/v1/status")
        guard let status = try? JSONDecoder().decode(NodeAPIModels.Status.self, from: Data(answer.body.utf8)) else {
            throw ControllerError("node_unreachable", answer.body, status: 502)
        }
        return status
    }

    /// Polls `node`'s status until `condition` holds, for at most `commitTimeout`.
    private func waitFor(_ node: Network.Node, what: String, _ condition: (NodeAPIModels.Status) -> Bool) async throws {
        let deadline = ContinuousClock.now + commitTimeout
        var last = "no answer yet"
        while ContinuousClock.now < deadline {
            if let answer = try? await relay(node, method: "GET", target: "/v1/status") {
                if let status = try? JSONDecoder().decode(NodeAPIModels.Status.self, from: Data(answer.body.utf8)) {
                    if condition(status) { return }
                    last = "height \(status.height), role \(status.role)"
                } else {
                    last = "\(answer.status) \(answer.body.prefix(200))"
                }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StepFailure(code: "join_timeout", message: "Node \(node.number) on \(node.hostName) did not \(what) within \(commitTimeout) (\(last)).",
                          hostID: node.hostID, hostName: node.hostName)
    }
}

/// `POST /v1/networks/{id}/invitations`.
struct CreateInvitationRequest: APIRequestBody {
    static let fields: Set<String> = ["expires_in_seconds"]
    var expiresInSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case expiresInSeconds = "expires_in_seconds"
    }
}

/// The answer to `POST /v1/networks/{id}/invitations`; the code is shown only here.
struct CreatedInvitationResponse: Encodable {
    var id: String
    var networkID: String
    var code: String
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case id, code
        case networkID = "network_id"
        case expiresAt = "expires_at"
    }
}

/// `POST /v1/networks/{id}/join`: the invitation code and the nodes on the caller's own hosts.
struct JoinNetworkRequest: APIRequestBody {
    static let fields: Set<String> = ["code", "nodes"]

    struct NodeRequest: Decodable, Sendable {
        var host: String
        /// `observer` (default) or `validator` (added as an observer, promoted once caught up).
        var role: String?
    }

    var code: String
    var nodes: [NodeRequest]
}

/// The answer to `POST /v1/networks/{id}/join`: the network and the join job.
struct JoinedNetworkResponse: Encodable {
    var network: Network
    var job: NetworkJob
}
