import BaaSAgent
import BaaSCore
import BaaSCrypto
import BaaSNet
import Foundation
import Synchronization

/// The controller's end of the agents' channels (e.g. :8444): mutual TLS with client certificates
/// from the platform CA, one channel per host (CN = host id). Answers hellos with the desired
/// state, renews certificates, keeps the latest metrics and node reports in memory, and refuses
/// revoked hosts at once (at connect, and by closing the live channel on revocation).
///
/// Thread-safe. Handler callbacks run on event loops; slow work (SQLite) is short.
public final class AgentGateway: ChannelHandler, Sendable {
    private struct State {
        var channels: [String: ChannelConnection] = [:]
        var revoked: Set<String> = []
        var metrics: [String: MetricsBatch] = [:]
        var nodes: [String: NodeReport] = [:]
        var server: ChannelServer?
    }

    let store: HostStore
    let ca: PlatformCA
    let audit: AuditLog
    let certificateLifetime: TimeInterval
    let logger: Logger
    private let state = Mutex(State())

    public init(store: HostStore, ca: PlatformCA, audit: AuditLog, certificateLifetime: TimeInterval,
                logger: Logger = Logger(label: "controller.gateway")) throws {
        self.store = store
        self.ca = ca
        self.audit = audit
        self.certificateLifetime = certificateLifetime
        self.logger = logger
        let revoked = try store.transaction { try $0.revokedHostIDs() }
        state.withLock { $0.revoked = revoked }
    }

    /// The server TLS context: `certificate`/`key` presented, client certificates from the platform CA required.
    public func serverTLS(certificate: Certificate, key: PrivateKey) throws -> ReloadableTLSContext {
        try ReloadableTLSContext(configuration: TLSConfiguration(certificateChainPEM: certificate.pem(), privateKeyPEM: key.pemPKCS8(),
                                                                 trustedRootsPEM: ca.certificate.pem(),
                                                                 requireClientCertificate: true), role: .server)
    }

    /// Binds and starts accepting; returns the bound port.
    ///
    /// - Throws: `NetError` `net.listen`.
    public func start(host: String, port: UInt16, tls: ReloadableTLSContext) throws -> UInt16 {
        let configuration = ChannelConfiguration(hello: ChannelHello(versions: ChannelConfiguration.supportedVersions, role: .controller,
                                                                     identity: "baas-controller", features: [AgentWire.feature]),
                                                 heartbeatInterval: .seconds(10))
        let server = try ChannelServer(host: host, port: port, tls: tls, configuration: configuration, handler: self)
        state.withLock { $0.server = server }
        return server.port
    }

    /// Stops accepting and closes every channel (agents reconnect later).
    public func close() {
        state.withLock { $0.server }?.close()
    }

    /// The bound port once started (0 before).
    public var port: UInt16 { state.withLock { $0.server?.port ?? 0 } }

    /// Whether the host has an open channel now.
    public func isOnline(_ hostID: String) -> Bool { state.withLock { $0.channels[hostID] != nil } }

    /// The host's last metrics batch since this controller started.
    public func latestMetrics(_ hostID: String) -> MetricsBatch? { state.withLock { $0.metrics[hostID] } }

    /// The host's last node report since this controller started.
    public func nodeReport(_ hostID: String) -> NodeReport? { state.withLock { $0.nodes[hostID] } }

    /// Refuses the host from now on and closes its channel after telling it why.
    public func cut(hostID: String, reason: String) {
        let channel = state.withLock { state -> ChannelConnection? in
            state.revoked.insert(hostID)
            return state.channels.removeValue(forKey: hostID)
        }
        if let channel { refuse(channel, hostID: hostID, reason: reason) }
    }

    /// Sends the desired state to the host if it is online (it also gets it at its next hello).
    public func push(hostID: String, _ desired: DesiredState) {
        guard let channel = state.withLock({ $0.channels[hostID] }) else { return }
        Task { [logger] in
            do {
                let response = try await channel.request(AgentWire.desired, body: AgentWire.encode(desired))
                if response.status == 200, let report = try? AgentWire.decode(NodeReport.self, from: response.body) {
                    self.state.withLock { $0.nodes[hostID] = report }
                }
            } catch {
                logger.warning("could not push the desired state", ["host_id": .string(hostID), "error": .string("\(error)")])
            }
        }
    }

    private func refuse(_ channel: ChannelConnection, hostID: String, reason: String) {
        try? channel.sendEvent(AgentWire.revoked, body: AgentWire.encode(Revocation(hostID: hostID, reason: reason)))
        channel.close(reason: "host revoked")
    }

    private func hostID(_ connection: ChannelConnection) -> String? {
        connection.peerIdentity?.commonName
    }

    // MARK: - ChannelHandler

    public func established(_ connection: ChannelConnection) {
        guard let hostID = hostID(connection) else {
            connection.close(reason: "no host identity")
            return
        }
        let known = (try? store.transaction { try $0.host(id: hostID) }) ?? nil
        let refused = state.withLock { $0.revoked.contains(hostID) } || known == nil || known?.isRevoked == true
        if refused {
            logger.warning("refused a revoked or unknown host", ["host_id": .string(hostID)])
            refuse(connection, hostID: hostID, reason: known == nil ? "unknown host" : "revoked")
            return
        }
        let previous = state.withLock { state in
            defer { state.channels[hostID] = connection }
            return state.channels[hostID]
        }
        if let previous, previous !== connection { previous.close(reason: "replaced by a new connection") }
        logger.info("host connected", ["host_id": .string(hostID)])
    }

    public func request(method: String, body: [UInt8], on connection: ChannelConnection) async -> ChannelResponse {
        guard let hostID = hostID(connection), !state.withLock({ $0.revoked.contains(hostID) }) else {
            return ChannelResponse(status: 403, body: Array("revoked".utf8))
        }
        do {
            switch method {
            case AgentWire.hello:
                let report = try AgentWire.decode(HostReport.self, from: body)
                guard let host = try store.transaction({ store -> Host? in
                    try store.updateSeen(id: hostID, facts: report.facts, at: Date())
                    return try store.host(id: hostID)
                }) else { return ChannelResponse(status: 404) }
                state.withLock { $0.nodes[hostID] = NodeReport(appliedGeneration: report.appliedGeneration, nodes: report.nodes) }
                return .ok(AgentWire.encode(host.desired))
            case AgentWire.renew:
                let request = try AgentWire.decode(RenewalRequest.self, from: body)
                let csr = try CertificateSigningRequest(pem: request.csr)
                guard csr.isSignatureValid else { return ChannelResponse(status: 400, body: Array("bad CSR signature".utf8)) }
                let certificate = try ca.issueHostCertificate(hostID: hostID, publicKey: csr.publicKey, lifetime: certificateLifetime)
                try store.transaction { try $0.updateCertificate(id: hostID, serial: certificate.serialNumber, expiresAt: certificate.notAfter) }
                _ = try? audit.append(AuditRecord(actorID: hostID, actorName: hostID, tenantID: nil, action: "host.certificate.renew",
                                                  target: hostID, parameters: ["expires_at": certificate.notAfter.formatted(.iso8601)],
                                                  sourceAddress: "gateway"))
                return .ok(AgentWire.encode(RenewalResponse(certificate: certificate.pem())))
            default:
                return ChannelResponse(status: 404, body: Array("unknown method \(method)".utf8))
            }
        } catch {
            logger.warning("agent request failed", ["host_id": .string(hostID), "method": .string(method), "error": .string("\(error)")])
            return ChannelResponse(status: 500, body: Array("the controller failed; see its log".utf8))
        }
    }

    public func event(name: String, body: [UInt8], on connection: ChannelConnection) {
        guard let hostID = hostID(connection) else { return }
        switch name {
        case AgentWire.metrics:
            guard let batches = try? AgentWire.decode([MetricsBatch].self, from: body), let last = batches.last else { return }
            state.withLock { $0.metrics[hostID] = last }
            _ = try? store.transaction { try $0.updateSeen(id: hostID, facts: nil, at: Date()) }
        case AgentWire.nodes:
            guard let report = try? AgentWire.decode(NodeReport.self, from: body) else { return }
            state.withLock { $0.nodes[hostID] = report }
        default:
            break
        }
    }

    public func closed(_ connection: ChannelConnection, error: NetError?) {
        guard let hostID = hostID(connection) else { return }
        let removed = state.withLock { state -> Bool in
            guard state.channels[hostID] === connection else { return false }
            state.channels[hostID] = nil
            return true
        }
        if removed {
            _ = try? store.transaction { try $0.updateSeen(id: hostID, facts: nil, at: Date()) }
            logger.info("host disconnected", ["host_id": .string(hostID)])
        }
    }
}
