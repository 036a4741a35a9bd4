import BaaSAgent
import BaaSCore
import BaaSCrypto
import BaaSLedger
import Foundation

/// Retry and rollback of a deployment, and transactions/blocks relayed through the agents.
extension NetworkService {
    /// Starts a rollback job: the network's nodes leave their hosts' desired state and their
    /// directories are deleted; the ports are free again.
    ///
    /// - Throws: `ControllerError` `notFound`, `forbidden`, `step_up_required` for a running network.
    func rollback(by principal: Principal, networkID: String) throws -> NetworkJob {
        try audited(AuditRecord(principal, action: "network.rollback", target: networkID)) { record in
            let network = try network(by: principal, id: networkID)
            record.tenantID = network.tenantID
            // Undoing a deployment that never ran is an update; tearing down a running network is a
            // deletion, which needs a fresh second factor.
            try authorizer.authorize(principal, network.status == "running" ? .delete : .update, .network, tenantID: network.tenantID)
            let job = newJob(network: network, kind: "rollback", steps: ["remove_nodes"], total: network.nodes.count)
            try store.transaction { try $0.insert(job) }
            start(job)
            return job
        }
    }

    /// Runs a failed deployment job again (keys already made on hosts are reused).
    ///
    /// - Throws: `ControllerError` `notFound`, `forbidden`, `job_not_failed` (409).
    func retry(by principal: Principal, jobID: String) throws -> NetworkJob {
        try audited(AuditRecord(principal, action: "network.job.retry", target: jobID)) { record in
            var job = try job(by: principal, id: jobID)
            record.tenantID = job.tenantID
            try authorizer.authorize(principal, .update, .network, tenantID: job.tenantID)
            guard job.kind == "deploy", job.status == "failed" else {
                throw ControllerError.conflict("job_not_failed", "Only a failed deployment job can be retried; this one is \(job.status).")
            }
            job.status = "running"
            job.error = nil
            job.finishedAt = nil
            job.steps = NetworkJob.deploySteps.map { NetworkJob.Step($0, total: $0 == "network_ca" ? 1 : job.steps.last?.total ?? 1) }
            try store.transaction { try $0.update(job) }
            start(job)
            return job
        }
    }

    func runRollback(_ initial: NetworkJob) async {
        let progress = Progress(initial, store: store)
        progress.begin("remove_nodes")
        guard var network = try? store.transaction({ try $0.network(id: initial.networkID) }) else { return }
        var failures: [String] = []
        for (hostID, nodes) in Dictionary(grouping: network.nodes, by: \.hostID) {
            let ids = Set(nodes.map(\.id))
            do {
                // An offline host gets the reduced desired state at its next hello.
                try await pushDesired(hostID: hostID, hostName: nodes[0].hostName, adding: [], removing: ids, requireOnline: false)
                if gateway.isOnline(hostID) {
                    for node in nodes {
                        _ = try await agentRequest(node, method: DeployWire.remove, body: AgentWire.encode(NodeRemoveRequest(nodeID: node.id)))
                        progress.advance("remove_nodes")
                    }
                } else {
                    failures.append("host \(nodes[0].hostName) is offline: its nodes stop when its agent reconnects")
                }
            } catch {
                failures.append(Self.failure(error).message)
            }
        }
        network.status = "rolled_back"
        for index in network.nodes.indices { network.nodes[index].status = "removed" }
        try? store.transaction { try $0.update(network) }
        progress.finish("remove_nodes", state: "succeeded", detail: failures.isEmpty ? "every node removed" : failures.joined(separator: "; "))
        progress.succeed()
        if let deploy = try? store.transaction({ store in try store.latestDeployJob(networkID: network.id) }), deploy.status == "failed" {
            var rolled = deploy
            rolled.status = "rolled_back"
            try? store.transaction { try $0.update(rolled) }
        }
    }

    /// The platform user's transaction signer for the network.
    func builder(_ network: Network) throws -> TransactionBuilder {
        let secrets = try store.transaction { try $0.secrets(networkID: network.id) }
        guard let keyPEM = secrets.userKey, let certificatePEM = network.userCertificate else {
            throw ControllerError.conflict("network_not_ready", "This network has not been deployed yet.")
        }
        return TransactionBuilder(chainID: network.chainID, hashAlgorithm: network.crypto == "sm2" ? .sm3 : .sha256,
                                  signer: try PrivateKey(pem: keyPEM), certificate: try Certificate(pem: certificatePEM).der())
    }

    /// Relays `target` to the first node whose host answers.
    func relayAny(_ network: Network, method: String, target: String, body: String? = nil) async throws -> (NodeRelayResponse, Network.Node) {
        var last: (any Error)?
        for node in network.nodes where gateway.isOnline(node.hostID) {
            do {
                let answer = try await relay(node, method: method, target: target, body: body)
                if answer.status != 502 { return (answer, node) }
                last = ControllerError("node_unreachable", answer.body, status: 502)
            } catch {
                last = error
            }
        }
        if let failure = last.map(Self.failure) {
            throw ControllerError(failure.code, failure.message, status: 502)
        }
        throw ControllerError("network_unreachable", "No host of this network is connected to the controller.", status: 502)
    }

    private func readable(by principal: Principal, _ id: String) throws -> Network {
        let network = try network(by: principal, id: id)
        guard network.status == "running" else {
            throw ControllerError.conflict("network_not_running", "The network is \(network.status); wait for its deployment job.")
        }
        return network
    }

    /// Signs a write (or transfer) as the network's platform user and submits it through an agent.
    func submit(by principal: Principal, networkID: String, _ request: SubmitTransactionRequest) async throws -> SubmittedTransactionResponse {
        var record = AuditRecord(principal, action: "network.transaction.submit", target: networkID,
                                 parameters: ["key": request.key ?? "", "to": request.to ?? ""])
        do {
            let network = try readable(by: principal, networkID)
            record.tenantID = network.tenantID
            try authorizer.authorize(principal, .operate, .transaction, tenantID: network.tenantID)
            let builder = try builder(network)
            let (account, _) = try await relayAny(network, method: "GET", target: "/v1/accounts/\(builder.address)")
            let chainNonce = (try? JSONDecoder().decode(NodeAPIModels.Account.self, from: Data(account.body.utf8)))?.nonce ?? 0
            let nonce = nonces.withLock { nonces -> UInt64 in
                let next = max(nonces[network.id] ?? 0, chainNonce)
                nonces[network.id] = next + 1
                return next
            }
            let transaction: [UInt8]
            if let key = request.key {
                transaction = try builder.put(key: Array(key.utf8), value: Array((request.value ?? "").utf8), nonce: nonce)
            } else if let to = request.to, let amount = request.amount {
                guard let address = Address(hex: to) else {
                    throw ControllerError.invalid("invalid_transaction", "to must be an address in hex.")
                }
                transaction = try builder.transfer(to: address, amount: amount, nonce: nonce)
            } else {
                throw ControllerError.invalid("invalid_transaction", "Send key (and value) for a write, or to and amount for a transfer.")
            }
            let wait = request.wait ?? true
            let body = try String(decoding: JSONEncoder().encode(NodeAPIModels.Submit(transaction: Hex.encode(transaction))), as: UTF8.self)
            let (answer, node) = try await relayAny(network, method: "POST",
                                                   target: "/v1/transactions" + (wait ? "?wait=commit&timeout=30" : ""), body: body)
            guard (200..<300).contains(answer.status),
                  let result = try? JSONDecoder().decode(NodeAPIModels.SubmitResult.self, from: Data(answer.body.utf8)) else {
                nonces.withLock { _ = $0.removeValue(forKey: network.id) }
                throw ControllerError("transaction_refused", "The node refused the transaction: \(answer.body.prefix(300))", status: 422)
            }
            if result.status == "rejected" { nonces.withLock { _ = $0.removeValue(forKey: network.id) } }
            record.parameters["hash"] = result.hash
            _ = try? audit.append(record)
            return SubmittedTransactionResponse(hash: result.hash, status: result.status, height: result.height, node: "node-\(node.number)")
        } catch {
            record.outcome = (error as? any OperatorError)?.code ?? "controller.internal_error"
            _ = try? audit.append(record)
            throw error
        }
    }

    /// A read of the chain (`/v1/blocks/…`, `/v1/transactions/…`, `/v1/status`) through an agent,
    /// audited; answers the node's JSON as it is.
    func read(by principal: Principal, networkID: String, target: String, node number: UInt64? = nil) async throws -> NodeRelayResponse {
        var record = AuditRecord(principal, action: "network.chain.read", target: networkID, parameters: ["path": target])
        do {
            let network = try readable(by: principal, networkID)
            record.tenantID = network.tenantID
            try authorizer.authorize(principal, .read, .transaction, tenantID: readingTenant(network, principal))
            let answer: NodeRelayResponse
            if let number {
                guard let node = network.nodes.first(where: { $0.number == number }) else { throw ControllerError.notFound("node") }
                answer = try await relay(node, method: "GET", target: target)
            } else {
                answer = try await relayAny(network, method: "GET", target: target).0
            }
            _ = try? audit.append(record)
            return answer
        } catch {
            record.outcome = (error as? any OperatorError)?.code ?? "controller.internal_error"
            _ = try? audit.append(record)
            throw error
        }
    }
}
