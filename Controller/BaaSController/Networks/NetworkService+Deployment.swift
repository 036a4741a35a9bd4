import BaaSAgent
import BaaSCore
import BaaSCrypto
import BaaSLedger
import Foundation

/// The deployment job: network CA, node keys made on their hosts, certificates, genesis and
/// configuration, desired state pushed to the agents, and the first committed block.
extension NetworkService {
    /// A step failure carrying the host that failed.
    struct StepFailure: Error {
        var code: String
        var message: String
        var hostID: String?
        var hostName: String?
    }

    /// Starts running `job` on a task of its own (once per job at a time).
    func start(_ job: NetworkJob) {
        guard running.withLock({ $0.insert(job.id).inserted }) else { return }
        Task.detached { [self] in
            defer { _ = running.withLock { $0.remove(job.id) } }
            if job.kind == "rollback" {
                await runRollback(job)
            } else if job.kind == "join" {
                await runJoin(job)
            } else {
                await runDeployment(job)
            }
        }
    }

    /// Job progress kept in memory and written through to the store on every change.
    final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var job: NetworkJob
        private var started: [String: Date] = [:]
        let store: NetworkStore

        init(_ job: NetworkJob, store: NetworkStore) {
            self.job = job
            self.store = store
        }

        var snapshot: NetworkJob { lock.withLock { job } }

        func update(_ body: (inout NetworkJob) -> Void) {
            let copy = lock.withLock { () -> NetworkJob in
                body(&job)
                job.updatedAt = Date()
                return job
            }
            try? store.transaction { try $0.update(copy) }
        }

        /// Ends the job as succeeded.
        func succeed() {
            update { job in
                job.status = "succeeded"
                job.finishedAt = Date()
            }
        }

        /// Fails `step` and with it the job, with the cause the operator sees.
        func fail(_ step: String, _ failure: NetworkJob.Failure) {
            finish(step, state: "failed", detail: failure.message)
            update { job in
                job.status = "failed"
                job.error = failure
                job.finishedAt = Date()
            }
        }

        func begin(_ step: String, detail: String = "") {
            lock.withLock { started[step] = Date() }
            update { job in
                guard let index = job.steps.firstIndex(where: { $0.name == step }) else { return }
                job.steps[index].state = "running"
                job.steps[index].done = 0
                job.steps[index].detail = detail
            }
        }

        func advance(_ step: String, detail: String? = nil) {
            update { job in
                guard let index = job.steps.firstIndex(where: { $0.name == step }) else { return }
                job.steps[index].done = min(job.steps[index].done + 1, job.steps[index].total)
                if let detail { job.steps[index].detail = detail }
            }
        }

        func finish(_ step: String, state: String, detail: String? = nil) {
            let seconds = lock.withLock { started[step].map { Date().timeIntervalSince($0) } }
            update { job in
                guard let index = job.steps.firstIndex(where: { $0.name == step }) else { return }
                job.steps[index].state = state
                if state == "succeeded" { job.steps[index].done = job.steps[index].total }
                if let detail { job.steps[index].detail = detail }
                job.steps[index].seconds = seconds
            }
        }
    }

    func runDeployment(_ initial: NetworkJob) async {
        let progress = Progress(initial, store: store)
        var current = "network_ca"
        do {
            guard var network = try store.transaction({ try $0.network(id: initial.networkID) }) else { return }
            network.status = "deploying"
            try store.transaction { try $0.update(network) }

            progress.begin(current)
            let material = try makeAuthorities(network)
            network.caCertificate = material.ca.certificate.pem()
            network.transportCACertificate = material.transport.certificate.pem()
            network.userCertificate = material.userCertificate.pem()
            network.userAddress = Address(publicKey: material.userKey.publicKey).description
            try store.transaction { try $0.update(network) }
            progress.finish(current, state: "succeeded", detail: "network CA \(network.crypto)")

            current = "node_keys"
            progress.begin(current, detail: "asking each host to make its node's keys")
            let csrs = try await makeNodeKeys(network, progress: progress)

            current = "certificates"
            progress.begin(current)
            let issued = try issueCertificates(network, csrs, material, progress: progress)
            for index in network.nodes.indices {
                network.nodes[index].certificate = issued[network.nodes[index].id]?.tls.pem()
            }
            progress.finish(current, state: "succeeded")

            current = "configuration"
            progress.begin(current)
            // Observers are Raft learners from the genesis on; every member carries its P2P address
            // so nodes added later find it.
            let members = network.nodes.map {
                Member(nodeID: $0.number, role: $0.role == "observer" ? .observer : .validator,
                       certificate: issued[$0.id]!.member.der(), p2pAddress: "\($0.address):\($0.p2pPort)")
            }
            let algorithm: SignatureAlgorithm = network.crypto == "sm2" ? .sm2 : .p256
            var parameters = ChainParameters()
            parameters.blockIntervalMilliseconds = network.blockIntervalMilliseconds
            parameters.maxTransactionsPerBlock = network.maxTransactionsPerBlock
            // Platform networks run on managed hosts close to each other: a 50 ms Raft tick
            // elects the first leader (and a new one after a failure) in 0.5-1 s instead of 1-2 s.
            parameters.tickMilliseconds = 50
            let userAddress = Address(publicKey: material.userKey.publicKey)
            let genesis = try Genesis(chainID: network.chainID, hashAlgorithm: algorithm == .sm2 ? .sm3 : .sha256,
                                      signatureAlgorithm: algorithm,
                                      timestampMilliseconds: UInt64(network.createdAt.timeIntervalSince1970 * 1000),
                                      networkCA: material.ca.certificate.der(), members: members, admins: [userAddress],
                                      allocations: [Genesis.Allocation(address: userAddress, amount: 1_000_000_000_000)],
                                      parameters: parameters)
            network.genesis = String(decoding: try genesis.json(), as: UTF8.self)
            var specs: [String: NodeSpec] = [:]
            for node in network.nodes {
                guard let engine = try enginePath(node, network: network) else {
                    throw StepFailure(code: "engine_missing",
                                      message: "Host \(node.hostName) has no \(network.engine) engine; list it under engines in its agent configuration.",
                                      hostID: node.hostID, hostName: node.hostName)
                }
                specs[node.id] = try spec(node, network: network, engine: engine, issued: issued[node.id]!,
                                          tokenKey: csrs[node.id]?.tokenKey?.configuration)
                progress.advance(current)
            }
            try store.transaction { try $0.update(network) }
            progress.finish(current, state: "succeeded")

            current = "desired_state"
            progress.begin(current)
            let byHost = Dictionary(grouping: network.nodes, by: \.hostID)
            let rendered = specs
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (hostID, nodes) in byHost {
                    group.addTask {
                        try await self.pushDesired(hostID: hostID, hostName: nodes[0].hostName,
                                                   adding: nodes.map { rendered[$0.id]! }, removing: [])
                        for _ in nodes { progress.advance("desired_state") }
                    }
                }
                try await group.waitForAll()
            }
            progress.finish(current, state: "succeeded")

            current = "first_block"
            progress.begin(current, detail: "waiting for the first committed block")
            let height = try await waitForFirstBlock(network, userKey: material.userKey, userCertificate: material.userCertificate,
                                                     progress: progress)
            progress.finish(current, state: "succeeded", detail: "block \(height) committed on every node")
            for index in network.nodes.indices { network.nodes[index].status = "running" }
            network.status = "running"
            try store.transaction { try $0.update(network) }
            progress.succeed()
            logger.info("network deployed", ["network": .string(network.id), "nodes": .integer(Int64(network.nodes.count))])
        } catch {
            let failure = Self.failure(error)
            progress.fail(current, failure)
            if var network = try? store.transaction({ try $0.network(id: initial.networkID) }) {
                network.status = "failed"
                try? store.transaction { try $0.update(network) }
            }
            logger.warning("network deployment failed", ["network": .string(initial.networkID), "step": .string(current),
                                                         "error": .string(failure.message)])
        }
    }

    static func failure(_ error: any Error) -> NetworkJob.Failure {
        if let failure = error as? StepFailure {
            return NetworkJob.Failure(code: failure.code, message: failure.message, hostID: failure.hostID, hostName: failure.hostName)
        }
        if let error = error as? any OperatorError {
            return NetworkJob.Failure(code: error.code, message: error.message, hostID: nil, hostName: nil)
        }
        return NetworkJob.Failure(code: "deployment_failed", message: "\(error)", hostID: nil, hostName: nil)
    }

    /// The CAs and the platform user, reused when a retried job finds them stored.
    struct Authorities {
        var ca: CertificateIssuer
        var transport: CertificateIssuer
        var userKey: PrivateKey
        var userCertificate: Certificate
    }

    func makeAuthorities(_ network: Network) throws -> Authorities {
        var secrets = try store.transaction { try $0.secrets(networkID: network.id) }
        let algorithm: SignatureAlgorithm = network.crypto == "sm2" ? .sm2 : .p256
        let notBefore = Date().addingTimeInterval(-3600)
        let notAfter = Date().addingTimeInterval(5 * 365 * 86_400)
        if let caKey = secrets.caKey, let transportKey = secrets.transportCAKey, let userKey = secrets.userKey,
           let caPEM = network.caCertificate, let transportPEM = network.transportCACertificate, let userPEM = network.userCertificate {
            return Authorities(ca: try CertificateIssuer(certificate: Certificate(pem: caPEM), signer: PrivateKey(pem: caKey)),
                               transport: try CertificateIssuer(certificate: Certificate(pem: transportPEM), signer: PrivateKey(pem: transportKey)),
                               userKey: try PrivateKey(pem: userKey), userCertificate: try Certificate(pem: userPEM))
        }
        let caKey = PrivateKey.generate(algorithm)
        let ca = try CertificateIssuer.selfSigned(
            .rootCA(subject: DistinguishedName(commonName: "\(network.name) network CA", organization: "BaaS \(network.id)"),
                    notBefore: notBefore, notAfter: notAfter), signer: caKey)
        var transport = ca
        var transportKey = caKey
        if algorithm == .sm2 {
            // SM2 certificates cannot serve TLS with this OpenSSL: the transport CA is P-256.
            transportKey = PrivateKey.generate(.p256)
            transport = try CertificateIssuer.selfSigned(
                .rootCA(subject: DistinguishedName(commonName: "\(network.name) transport CA", organization: "BaaS \(network.id)"),
                        notBefore: notBefore, notAfter: notAfter), signer: transportKey)
        }
        let userKey = PrivateKey.generate(algorithm)
        let userCertificate = try ca.issue(.leaf(subject: DistinguishedName(commonName: "platform-user", organization: network.tenantID ?? "platform"),
                                                 notBefore: notBefore, notAfter: notAfter, extendedKeyUsage: [.clientAuth]),
                                           for: userKey.publicKey)
        secrets = NetworkSecrets(caKey: caKey.pemPKCS8(), transportCAKey: transportKey.pemPKCS8(), userKey: userKey.pemPKCS8())
        try store.transaction { try $0.update(networkID: network.id, secrets: secrets) }
        return Authorities(ca: ca, transport: transport, userKey: userKey, userCertificate: userCertificate)
    }

    func issue(_ node: Network.Node, _ csrs: NodePrepareResponse,
                       _ material: Authorities) throws -> (tls: Certificate, client: Certificate, member: Certificate) {
        let notBefore = Date().addingTimeInterval(-3600)
        let notAfter = Date().addingTimeInterval(2 * 365 * 86_400)
        let name = NodeConfiguration.commonName(of: node.number)
        func checked(_ pem: String) throws -> CertificateSigningRequest {
            let csr = try CertificateSigningRequest(pem: pem)
            guard csr.isSignatureValid else {
                throw StepFailure(code: "invalid_csr", message: "Host \(node.hostName) sent a CSR with a bad signature for \(name).",
                                  hostID: node.hostID, hostName: node.hostName)
            }
            return csr
        }
        var names: [SubjectAlternativeName] = [.dns(name)]
        if node.address.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) { names.append(.ip(node.address)) } else { names.append(.dns(node.address)) }
        let tls = try material.transport.issue(.leaf(subject: DistinguishedName(commonName: name), subjectAlternativeNames: names,
                                                     notBefore: notBefore, notAfter: notAfter,
                                                     extendedKeyUsage: [.serverAuth, .clientAuth]),
                                               for: checked(csrs.tlsCSR).publicKey)
        let client = try material.transport.issue(.leaf(subject: DistinguishedName(commonName: "relay-" + name), notBefore: notBefore,
                                                        notAfter: notAfter, extendedKeyUsage: [.clientAuth]),
                                                  for: checked(csrs.clientCSR).publicKey)
        var member = tls
        if let memberCSR = csrs.memberCSR {
            member = try material.ca.issue(.leaf(subject: DistinguishedName(commonName: name), notBefore: notBefore, notAfter: notAfter,
                                                 extendedKeyUsage: [.clientAuth]), for: checked(memberCSR).publicKey)
        }
        return (tls, client, member)
    }

    func enginePath(_ node: Network.Node, network: Network) throws -> String? {
        guard let host = try hosts.store.transaction({ try $0.host(id: node.hostID) }) else { return nil }
        let engines = host.facts.engines.filter { $0.name == network.engine }
        return (engines.first { network.version.isEmpty || $0.version == network.version } ?? engines.first)?.path
    }

    /// The `node_keys` step: each node's host makes its keys (in its HSM when it has one) and
    /// answers CSRs; finishes the step with where the keys are.
    func makeNodeKeys(_ network: Network, progress: Progress) async throws -> [String: NodePrepareResponse] {
        let algorithmName = network.crypto
        let csrs = try await forEachNode(network) { node in
            let body = AgentWire.encode(NodePrepareRequest(nodeID: node.id, commonName: NodeConfiguration.commonName(of: node.number),
                                                           algorithm: algorithmName))
            let response = try await self.agentRequest(node, method: DeployWire.prepare, body: body)
            progress.advance("node_keys")
            return try AgentWire.decode(NodePrepareResponse.self, from: response)
        }
        progress.finish("node_keys", state: "succeeded", detail: Self.keysDetail(network, csrs))
        return csrs
    }

    /// The `certificates` step's signing: the network CA signs each node's CSRs.
    func issueCertificates(_ network: Network, _ csrs: [String: NodePrepareResponse], _ material: Authorities,
                           progress: Progress) throws -> [String: (tls: Certificate, client: Certificate, member: Certificate)] {
        var issued: [String: (tls: Certificate, client: Certificate, member: Certificate)] = [:]
        for node in network.nodes {
            issued[node.id] = try issue(node, csrs[node.id]!, material)
            progress.advance("certificates")
        }
        return issued
    }

    /// Where the hosts made the node keys, for the `node_keys` step.
    static func keysDetail(_ network: Network, _ answers: [String: NodePrepareResponse]) -> String {
        let inHSM = network.nodes.filter { answers[$0.id]?.keyStore == "hsm" }
        let hosts = Set(inHSM.map(\.hostName)).sorted().joined(separator: ", ")
        var text = "\(network.nodes.count) node keys made on their hosts: \(inHSM.count) in an HSM"
            + (inHSM.isEmpty ? "" : " (\(hosts))") + ", \(network.nodes.count - inHSM.count) in files"
        for note in Set(answers.values.compactMap(\.detail)).sorted() { text += "; " + note }
        return text
    }

    /// The node's spec; `tokenKey` (from its host's answer) puts its TLS key in the host's HSM.
    func spec(_ node: Network.Node, network: Network, engine: String,
              issued: (tls: Certificate, client: Certificate, member: Certificate),
              tokenKey: NodeConfiguration.PKCS11Key?, join: Bool = false) throws -> NodeSpec {
        var peers: [String: String] = [:]
        for other in network.nodes where other.number != node.number {
            peers[String(other.number)] = "\(other.address):\(other.p2pPort)"
        }
        let configuration = NodeConfiguration(nodeId: node.number, dataDirectory: "data", genesis: "genesis.json",
                                              p2pListen: "\(node.address):\(node.p2pPort)", apiListen: "\(node.address):\(node.apiPort)",
                                              peers: peers, tls: .init(certificate: "node.pem", key: tokenKey == nil ? "node.key" : nil,
                                                                       ca: "tls-ca.pem", pkcs11: tokenKey),
                                              logLevel: "info", join: join ? true : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let files = ["config.json": String(decoding: try encoder.encode(configuration), as: UTF8.self),
                     "genesis.json": network.genesis ?? "", "node.pem": issued.tls.pem(), "client.pem": issued.client.pem(),
                     "tls-ca.pem": network.transportCACertificate ?? "", "ca.pem": network.caCertificate ?? ""]
        return NodeSpec(id: node.id, engine: engine, version: network.version, arguments: ["run", "--config", "config.json"],
                        configFiles: files, ports: [node.p2pPort, node.apiPort])
    }

    /// Runs `body` for every node at once; the first failure names its host.
    func forEachNode<T: Sendable>(_ network: Network, _ body: @escaping @Sendable (Network.Node) async throws -> T) async throws -> [String: T] {
        try await withThrowingTaskGroup(of: (String, T).self) { group in
            for node in network.nodes {
                group.addTask { (node.id, try await body(node)) }
            }
            var results: [String: T] = [:]
            for try await (id, value) in group { results[id] = value }
            return results
        }
    }

    /// One request to the agent on the node's host; failures name the host.
    func agentRequest(_ node: Network.Node, method: String, body: [UInt8]) async throws -> [UInt8] {
        let response: ChannelResponseBytes
        do {
            let answer = try await gateway.request(hostID: node.hostID, method: method, body: body, timeout: agentTimeout)
            response = ChannelResponseBytes(status: Int(answer.status), body: answer.body)
        } catch let error as ControllerError where error.code == "host_offline" {
            throw StepFailure(code: "host_offline", message: "Host \(node.hostName) (\(node.hostID)) is not connected: its agent is down or cannot reach the controller.",
                              hostID: node.hostID, hostName: node.hostName)
        } catch {
            throw StepFailure(code: "host_unreachable", message: "Host \(node.hostName) (\(node.hostID)) did not answer \(method): \(error)",
                              hostID: node.hostID, hostName: node.hostName)
        }
        guard response.status == 200 else {
            throw StepFailure(code: "host_failed", message: "Host \(node.hostName) (\(node.hostID)) failed \(method): \(String(decoding: response.body, as: UTF8.self))",
                              hostID: node.hostID, hostName: node.hostName)
        }
        return response.body
    }

    struct ChannelResponseBytes {
        var status: Int
        var body: [UInt8]
    }

    /// Adds `adding` and drops `removing` from the host's desired state, stores it, and (when the
    /// host is online) waits for the agent to converge. Refusals of our nodes fail with the host's words.
    func pushDesired(hostID: String, hostName: String, adding: [NodeSpec], removing: Set<String>, requireOnline: Bool = true) async throws {
        let ids = Set(adding.map(\.id)).union(removing)
        let desired = try hosts.store.transaction { store -> DesiredState in
            guard let host = try store.host(id: hostID) else { throw ControllerError.notFound("host") }
            let nodes = host.desired.nodes.filter { !ids.contains($0.id) } + adding
            let desired = DesiredState(generation: host.desired.generation + 1, nodes: nodes)
            try store.setDesired(id: hostID, desired)
            return desired
        }
        guard gateway.isOnline(hostID) || requireOnline else { return }
        let report: NodeReport
        do {
            report = try await gateway.pushAndWait(hostID: hostID, desired, timeout: agentTimeout)
        } catch {
            throw StepFailure(code: "host_offline", message: "Host \(hostName) (\(hostID)) did not take the desired state: \(error)",
                              hostID: hostID, hostName: hostName)
        }
        let problems = report.events.filter { event in adding.contains { event.contains($0.id) } || event.hasPrefix("apply") }
        if !problems.isEmpty {
            throw StepFailure(code: "host_failed", message: "Host \(hostName) could not start its nodes: \(problems.joined(separator: "; "))",
                              hostID: hostID, hostName: hostName)
        }
    }

    /// Submits a first transaction and waits until every node reports a committed block.
    private func waitForFirstBlock(_ network: Network, userKey: PrivateKey, userCertificate: Certificate,
                                   progress: Progress) async throws -> UInt64 {
        let deadline = ContinuousClock.now + commitTimeout
        let builder = TransactionBuilder(chainID: network.chainID, hashAlgorithm: network.crypto == "sm2" ? .sm3 : .sha256,
                                         signer: userKey, certificate: userCertificate.der())
        let marker = try builder.put(key: Array("baas/network".utf8), value: Array(network.id.utf8), nonce: 0)
        let submit = try String(decoding: JSONEncoder().encode(NodeAPIModels.Submit(transaction: Hex.encode(marker))), as: UTF8.self)
        var submittedTo: [UInt64: ContinuousClock.Instant] = [:]
        var lastProblem = "no node answered yet"
        var committed: Set<String> = []
        var height: UInt64 = 0
        while ContinuousClock.now < deadline {
            var leader: UInt64 = 0
            for node in network.nodes where !committed.contains(node.id) {
                do {
                    let answer = try await relay(node, method: "GET", target: "/v1/status")
                    guard answer.status == 200,
                          let status = try? JSONDecoder().decode(NodeAPIModels.Status.self, from: Data(answer.body.utf8)) else {
                        lastProblem = "node \(node.number) on \(node.hostName): \(answer.status) \(answer.body.prefix(200))"
                        continue
                    }
                    if status.leader != 0 { leader = status.leader }
                    if status.height >= 1 {
                        committed.insert(node.id)
                        height = max(height, status.height)
                        progress.advance("first_block", detail: "\(committed.count)/\(network.nodes.count) nodes have block 1")
                    } else {
                        lastProblem = "node \(node.number) on \(node.hostName) has not committed block 1 (leader \(status.leader))"
                    }
                } catch {
                    lastProblem = Self.failure(error).message
                }
            }
            if committed.count == network.nodes.count { return height }
            // The marker goes to the leader once one is elected, again after a second without a
            // commit (a leader change may drop it); copies are refused as duplicates.
            if committed.isEmpty, leader != 0, let node = network.nodes.first(where: { $0.number == leader }),
               submittedTo[leader].map({ ContinuousClock.now - $0 > .seconds(1) }) ?? true {
                submittedTo[leader] = ContinuousClock.now
                if let answer = try? await relay(node, method: "POST", target: "/v1/transactions", body: submit), answer.status >= 300 {
                    lastProblem = "node \(node.number) on \(node.hostName) refused the first transaction: \(answer.status) \(answer.body.prefix(200))"
                }
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let waiting = network.nodes.first { !committed.contains($0.id) }
        throw StepFailure(code: "commit_timeout", message: "No first committed block within \(commitTimeout): \(lastProblem)",
                          hostID: waiting?.hostID, hostName: waiting?.hostName)
    }

    /// One HTTP call to the node's API through its host's agent.
    func relay(_ node: Network.Node, method: String, target: String, body: String? = nil) async throws -> NodeRelayResponse {
        let bytes = try await agentRequest(node, method: DeployWire.relay,
                                           body: AgentWire.encode(NodeRelayRequest(nodeID: node.id, method: method, target: target, body: body)))
        return try AgentWire.decode(NodeRelayResponse.self, from: bytes)
    }
}

extension NodeTokenKey {
    /// The same token entry as the node's configuration names it (`tls.pkcs11`).
    var configuration: NodeConfiguration.PKCS11Key {
        NodeConfiguration.PKCS11Key(module: module, tokenLabel: tokenLabel, keyLabel: keyLabel, pinFile: pinFile, pinCredential: pinCredential)
    }
}
