import FoundationEssentials
import BaaSCore
import BaaSCrypto
import BaaSNet
import Synchronization

/// The running agent (`baas-agent run`): keeps the persisted nodes running, holds one outbound
/// mutual-TLS channel to the controller's gateway (reconnecting with jittered backoff), reports
/// facts on connect, converges on the desired state the controller sends, ships metrics every
/// interval, and renews its certificate at 2/3 of its life.
///
/// Nodes never depend on the controller: they keep running (and restarting) while it is away, and
/// survive this service stopping. A revocation notice from the controller ends `run` with
/// `AgentError` `agent.revoked`.
///
/// - Note: Thread-safe. `onReady` is called once: after the first channel opened, or after the
///   first failed attempt (offline start).
public final class AgentRuntime: Service {
    private struct State {
        var client: ChannelClient?
        var appliedGeneration = 0
        var pendingEvents: [String] = []
        var unsentMetrics: [MetricsBatch] = []
        var revocation: Revocation?
        var ready = false
        var connectedOnce = false
    }

    public let configuration: AgentConfiguration
    public let identity: AgentIdentity
    let supervisor: NodeSupervisor
    /// Node key generation, API relay and removal for the controller's deployments.
    let deploy: DeployHandler
    private let key: PrivateKey
    private let logger: Logger
    private let onReady: @Sendable (String) -> Void
    private let state = Mutex(State())
    private let stopSignal = AsyncStream<Void>.makeStream()
    /// Metrics batches kept while the controller is unreachable; older ones are dropped.
    static let maximumUnsentBatches = 60

    /// Loads the enrollment and the key; does not connect yet.
    ///
    /// - Throws: `AgentError` `agent.not_enrolled`, `agent.key_missing`, `PKCS11Error`.
    public init(configuration: AgentConfiguration, logger: Logger = Logger(label: "baas-agent"),
                onReady: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.configuration = configuration
        self.identity = try AgentIdentity.load(directory: configuration.stateDirectory)
        self.key = try AgentKeyStore(configuration: configuration).key(create: false)
        self.logger = logger
        self.onReady = onReady
        self.deploy = DeployHandler(stateDirectory: configuration.stateDirectory, pkcs11: configuration.pkcs11)
        let box = EventSink()
        // Checking the nodes once a second notices a crash soon enough and keeps the idle agent cheap.
        self.supervisor = NodeSupervisor(stateDirectory: configuration.stateDirectory, interval: .seconds(1), logger: logger,
                                         onEvent: { event in box.forward(event) })
        box.target.withLock { $0 = self }
    }

    /// Forwards supervisor events to the runtime once it exists.
    private final class EventSink: Sendable {
        let target = Mutex<AgentRuntime?>(nil)
        func forward(_ event: NodeEvent) {
            target.withLock { $0 }?.nodeEvent(event)
        }
    }

    /// Why the controller refused this host, once it did.
    public var revocation: Revocation? { state.withLock { $0.revocation } }

    /// Whether a channel to the controller is open now.
    public var isConnected: Bool { state.withLock { $0.client }?.channel != nil }

    public func run() async throws {
        state.withLock { $0.appliedGeneration = loadAppliedGeneration() }
        let reattached = try supervisor.recover()
        if !reattached.isEmpty {
            logger.info("re-attached to running nodes", ["nodes": .string(reattached.joined(separator: ","))])
        }
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.supervisor.run() }
            group.addTask { await self.metricsLoop() }
            group.addTask { await self.connectionLoop() }
            group.addTask { await self.readinessWatch() }
            for await _ in stopSignal.stream { break }
            group.cancelAll()
        }
        if let revocation {
            throw AgentError("agent.revoked", "The controller revoked this host (\(revocation.hostID)): \(revocation.reason). Its nodes keep running; enroll again with a new join token to return.")
        }
    }

    /// Ends `run` (its nodes keep running).
    public func stop() {
        stopSignal.continuation.yield()
        state.withLock { $0.client }?.stop()
    }

    // MARK: - Channel

    private func channelConfiguration() -> ChannelConfiguration {
        ChannelConfiguration(hello: ChannelHello(versions: ChannelConfiguration.supportedVersions, role: .agent,
                                                 identity: identity.hostID, features: [AgentWire.feature]),
                             heartbeatInterval: .seconds(10))
    }

    /// Runs one client per certificate: when renewal is due, renews over the open channel and
    /// redials with the new certificate.
    private func connectionLoop() async {
        while !Task.isCancelled, revocation == nil {
            let certificate: Certificate
            let ca: Certificate
            let tls: TLSContext
            do {
                (ca, certificate) = try AgentIdentity.certificates(directory: configuration.stateDirectory)
                tls = try AgentKeyStore.clientContext(certificate: certificate, key: key, ca: ca)
            } catch {
                logger.error("cannot load this host's certificate", ["error": .string("\(error)")])
                try? await Task.sleep(for: .seconds(30))
                continue
            }
            if certificate.notAfter < Date() {
                logger.error("this host's certificate expired; the controller will refuse it until the host is enrolled again",
                             ["expired": .string("\(certificate.notAfter)")])
            }
            let client = ChannelClient(host: identity.controllerHost, port: identity.gatewayPort, tls: tls,
                                       serverName: identity.controllerHost, configuration: channelConfiguration(),
                                       handler: AgentChannelHandler(runtime: self),
                                       backoff: ReconnectBackoff(base: .milliseconds(500), cap: .seconds(30)))
            state.withLock { $0.client = client }
            let running = Task { await client.run() }
            await renewWhenDue(certificate: certificate, client: client)
            client.stop()
            running.cancel()
            await running.value
            state.withLock { $0.client = nil }
        }
    }

    /// Sleeps until 2/3 of the certificate's life, then renews over the channel (retrying every
    /// few seconds while it is down). Returns when a new certificate is stored, or on cancel or revocation.
    private func renewWhenDue(certificate: Certificate, client: ChannelClient) async {
        let life = certificate.notAfter.timeIntervalSince(certificate.notBefore)
        let due = certificate.notBefore.addingTimeInterval(life * 2 / 3)
        while !Task.isCancelled, revocation == nil {
            let wait = due.timeIntervalSinceNow
            if wait > 0 {
                try? await Task.sleep(for: .milliseconds(Int64(min(wait, 3600) * 1000)))
                continue
            }
            guard let channel = client.channel else {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            do {
                let csr = try CertificateSigningRequest(subject: DistinguishedName(commonName: identity.hostID), signer: key)
                let response = try await channel.request(AgentWire.renew, body: AgentWire.encode(RenewalRequest(csr: csr.pem())))
                guard response.status == 200 else {
                    throw AgentError("agent.renew_refused", String(decoding: response.body, as: UTF8.self))
                }
                let renewed = try Certificate(pem: try AgentWire.decode(RenewalResponse.self, from: response.body).certificate)
                guard renewed.publicKey == key.publicKey else {
                    throw AgentError("agent.renew_refused", "the renewed certificate is not for this host's key")
                }
                try AgentFiles.save(renewed.pem(), to: AgentIdentity.certificatePath(configuration.stateDirectory), mode: 0o644)
                logger.info("renewed this host's certificate", ["expires": .string("\(renewed.notAfter)")])
                return
            } catch {
                logger.warning("certificate renewal failed; retrying", ["error": .string("\(error)")])
                try? await Task.sleep(for: .seconds(2))
            }
        }
    }

    private func readinessWatch() async {
        while !Task.isCancelled {
            let (client, ready) = state.withLock { ($0.client, $0.ready) }
            if ready { return }
            if let client, client.channel != nil || client.lastError != nil {
                let online = client.channel != nil
                state.withLock { $0.ready = true }
                onReady(online ? "connected to the controller" : "started offline; nodes run from the saved state")
                return
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The channel opened: report facts and what runs, converge on the desired state in the answer.
    func established(_ channel: ChannelConnection) {
        state.withLock { $0.connectedOnce = true }
        logger.info("connected to the controller", ["gateway": .string("\(identity.controllerHost):\(identity.gatewayPort)")])
        Task {
            let facts = HostFacts.gather(diskPaths: diskPaths, labels: configuration.labels, engines: configuration.engines,
                                     hsm: configuration.hostHSM)
            let report = HostReport(facts: facts, nodes: supervisor.status(), appliedGeneration: appliedGeneration,
                                    agentVersion: BaaSVersion.current)
            do {
                let response = try await channel.request(AgentWire.hello, body: AgentWire.encode(report))
                guard response.status == 200 else {
                    logger.warning("the controller refused the hello", ["status": .integer(Int64(response.status))])
                    return
                }
                let desired = try AgentWire.decode(DesiredState.self, from: response.body)
                _ = apply(desired)
                flushMetrics(on: channel)
            } catch {
                logger.warning("hello failed", ["error": .string("\(error)")])
            }
        }
    }

    func revoked(_ revocation: Revocation) {
        logger.critical("the controller revoked this host; stopping the agent (nodes keep running)",
                        ["host_id": .string(revocation.hostID), "reason": .string(revocation.reason)])
        state.withLock { $0.revocation = revocation }
        stop()
    }

    // MARK: - Desired state

    var appliedGeneration: Int { state.withLock { $0.appliedGeneration } }

    private var desiredPath: String { configuration.stateDirectory + "/desired.json" }

    private func loadAppliedGeneration() -> Int {
        guard let data = FileManager.default.contents(atPath: desiredPath),
              let desired = try? AgentWire.decode(DesiredState.self, from: Array(data)) else { return 0 }
        return desired.generation
    }

    /// Converges on `desired` unless it is older than what runs; returns the resulting report.
    func apply(_ desired: DesiredState) -> NodeReport {
        if desired.generation < appliedGeneration {
            return NodeReport(appliedGeneration: appliedGeneration, nodes: supervisor.status(),
                              events: ["ignored generation \(desired.generation): already at \(appliedGeneration)"])
        }
        var events: [String] = []
        var specs: [NodeProcessSpec] = []
        // Nodes whose key is in the agent's token need what the module reads (SOFTHSM2_CONF …).
        let inherited = configuration.pkcs11?.nodeEnvironment(from: ProcessInfo.processInfo.environment) ?? [:]
        for node in desired.nodes {
            guard node.isWellFormed else {
                events.append("refused node \(node.id): bad id, file name or engine path")
                continue
            }
            let directory = configuration.stateDirectory + "/nodes/" + node.id
            do {
                try AgentFiles.makeDirectory(directory)
                for (name, content) in node.configFiles.sorted(by: { $0.key < $1.key }) {
                    let path = directory + "/" + name
                    if FileManager.default.contents(atPath: path).map(Array.init) != Array(content.utf8) {
                        try AgentFiles.save(content, to: path, mode: 0o600)
                    }
                }
            } catch {
                events.append("node \(node.id): \(error)")
                continue
            }
            specs.append(NodeProcessSpec(id: node.id, executable: node.engine, arguments: node.arguments,
                                         environment: inherited.merging(node.environment) { _, own in own },
                                         workingDirectory: directory))
        }
        do {
            try supervisor.apply(specs)
        } catch {
            events.append("apply: \(error)")
        }
        try? AgentFiles.save(AgentWire.encode(desired), to: desiredPath, mode: 0o600)
        state.withLock { $0.appliedGeneration = desired.generation }
        logger.info("converged on the desired state", ["generation": .integer(Int64(desired.generation)),
                                                       "nodes": .integer(Int64(specs.count))])
        return NodeReport(appliedGeneration: desired.generation, nodes: supervisor.status(), events: events)
    }

    private func nodeEvent(_ event: NodeEvent) {
        let text = "\(event)"
        logger.info("node event", ["event": .string(text)])
        guard let channel = state.withLock({ $0.client })?.channel else { return }
        let report = NodeReport(appliedGeneration: appliedGeneration, nodes: supervisor.status(), events: [text])
        try? channel.sendEvent(AgentWire.nodes, body: AgentWire.encode(report))
    }

    // MARK: - Metrics

    private var diskPaths: [String] {
        configuration.diskPaths.isEmpty ? [configuration.stateDirectory] : configuration.diskPaths
    }

    private func metricsLoop() async {
        let base: [any Collector] = [CPUCollector(), MemoryCollector(), NetworkCollector(), DiskCollector(paths: diskPaths)]
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.metricsInterval)
            if Task.isCancelled { return }
            let tables = TCPTables()
            let processes: [any Collector] = supervisor.status().compactMap { status in
                status.pid.map { ProcessCollector(pid: $0, node: status.id, tables: tables) }
            }
            let scrape = CollectorSet(base + processes).scrape()
            let batch = MetricsBatch(collectedAt: Date(), samples: scrape.samples)
            state.withLock { state in
                state.unsentMetrics.append(batch)
                if state.unsentMetrics.count > Self.maximumUnsentBatches {
                    state.unsentMetrics.removeFirst(state.unsentMetrics.count - Self.maximumUnsentBatches)
                }
            }
            if let channel = state.withLock({ $0.client })?.channel { flushMetrics(on: channel) }
        }
    }

    private func flushMetrics(on channel: ChannelConnection) {
        let batches = state.withLock { state in
            defer { state.unsentMetrics = [] }
            return state.unsentMetrics
        }
        guard !batches.isEmpty else { return }
        do {
            try channel.sendEvent(AgentWire.metrics, body: AgentWire.encode(batches))
        } catch {
            state.withLock { $0.unsentMetrics = batches + $0.unsentMetrics }
        }
    }
}
