import BaaSAgent
import BaaSCore
import BaaSCrypto
import Foundation

/// Join tokens, enrollment, the host registry, revocation and desired state: the controller's
/// side of the hosts, behind the `Authorizer` (resource `host`) and recorded in the `AuditLog`.
///
/// Calls block on SQLite (short). Thread-safe.
public struct HostService: Sendable {
    public let store: HostStore
    public let ca: PlatformCA
    public let gateway: AgentGateway
    let authorizer: Authorizer
    let audit: AuditLog
    let accounts: AccountService
    let crypto: any ControllerCryptography
    let clock: any WallClock
    /// Lifetime of issued host certificates.
    public let certificateLifetime: TimeInterval
    public static let defaultJoinTokenTTL: TimeInterval = 3600
    public static let maximumJoinTokenTTL: TimeInterval = 7 * 86400

    public init(store: HostStore, ca: PlatformCA, gateway: AgentGateway, domain: ControllerDomain,
                crypto: any ControllerCryptography, clock: any WallClock, certificateLifetime: TimeInterval) {
        self.store = store
        self.ca = ca
        self.gateway = gateway
        self.authorizer = domain.authorizer
        self.audit = domain.audit
        self.accounts = domain.accounts
        self.crypto = crypto
        self.clock = clock
        self.certificateLifetime = certificateLifetime
    }

    /// A new one-time join token; its text (with the secret and the root pin) exists only in the result.
    ///
    /// - Parameter tenantID: the tenant the host will belong to; defaults to the principal's own.
    ///   A platform admin may omit it for a platform host.
    /// - Throws: `ControllerError` `invalid_ttl` / `invalid_labels` (422), `notFound`, `forbidden`.
    public func createJoinToken(by principal: Principal, tenantID: String?, labels: [String: String],
                                ttl: TimeInterval?) throws -> (token: HostJoinToken, text: String) {
        let tenant = tenantID ?? principal.tenantID
        let ttl = ttl ?? Self.defaultJoinTokenTTL
        var record = AuditRecord(principal, action: "host.join_token.create", target: "",
                                 parameters: ["labels": Self.labelText(labels), "ttl_seconds": String(Int(ttl))])
        record.tenantID = tenant
        return try audited(record) { record in
            guard ttl >= 1, ttl <= Self.maximumJoinTokenTTL else {
                throw ControllerError.invalid("invalid_ttl", "ttl_seconds must be from 1 to \(Int(Self.maximumJoinTokenTTL)) (7 days).")
            }
            try Self.checkLabels(labels)
            if let tenant {
                try authorizer.authorize(principal, .create, .host, tenantID: tenant)
                _ = try accounts.tenant(by: principal, id: tenant)
            } else {
                try authorizer.authorizePlatform(principal, .create, .host)
            }
            let now = clock.now()
            let secret = base64URL(crypto.randomBytes(count: 32))
            let token = HostJoinToken(id: crypto.newID("hjt"), tenantID: tenant, secretHash: crypto.secretHash(secret),
                                      labels: labels, createdBy: principal.userID, createdAt: now,
                                      expiresAt: now.addingTimeInterval(ttl))
            try store.transaction { try $0.insert(token) }
            record.target = token.id
            return (token, JoinToken(id: token.id, secret: secret, controllerPinSHA256: ca.pinSHA256).text)
        }
    }

    /// Enrolls a host: checks the one-time token, issues its client certificate, stores the host.
    ///
    /// - Throws: `ControllerError` `join_token_invalid` / `join_token_expired` / `join_token_used`
    ///   (401), `join_token_wrong_controller` (401), `invalid_csr` (422).
    public func enroll(_ request: EnrollmentRequest, sourceAddress: String, gatewayPort: UInt16) throws -> EnrollmentResponse {
        let record = AuditRecord(actorID: "anonymous", actorName: request.name, tenantID: nil, action: "host.enroll",
                                 target: "", parameters: ["name": request.name], sourceAddress: sourceAddress)
        return try audited(record) { record in
            guard let token = try? JoinToken(parsing: request.token) else {
                throw ControllerError.unauthorized("join_token_invalid", "This is not a join token; copy it again from 'baasctl host join-token'.")
            }
            record.parameters["join_token"] = token.id
            guard token.controllerPinSHA256 == ca.pinSHA256 else {
                throw ControllerError.unauthorized("join_token_wrong_controller", "This join token was made for another controller (its root pin differs); ask this controller for a token.")
            }
            guard let stored = try store.transaction({ try $0.joinToken(id: token.id) }),
                  Self.constantTimeEqual(stored.secretHash, crypto.secretHash(token.secret)) else {
                throw ControllerError.unauthorized("join_token_invalid", "This join token is not known to the controller; ask for a new one with 'baasctl host join-token'.")
            }
            record.tenantID = stored.tenantID
            let now = clock.now()
            guard stored.usedAt == nil else {
                throw ControllerError.unauthorized("join_token_used", "This join token was already used (tokens are one-time); ask for a new one with 'baasctl host join-token'.")
            }
            guard stored.expiresAt > now else {
                throw ControllerError.unauthorized("join_token_expired", "This join token expired at \(stored.expiresAt.formatted(.iso8601)); ask for a new one with 'baasctl host join-token'.")
            }
            guard let csr = try? CertificateSigningRequest(pem: request.csr), csr.isSignatureValid else {
                throw ControllerError.invalid("invalid_csr", "The certificate request does not parse or its signature is wrong.")
            }
            let name = String(request.name.prefix(200))
            let hostID = crypto.newID("host")
            let certificate = try ca.issueHostCertificate(hostID: hostID, publicKey: csr.publicKey, lifetime: certificateLifetime, now: now)
            let host = Host(id: hostID, name: name.isEmpty ? hostID : name, tenantID: stored.tenantID,
                            labels: request.facts.labels.merging(stored.labels) { _, token in token },
                            facts: request.facts, certificateSerial: certificate.serialNumber,
                            certificateExpiresAt: certificate.notAfter, enrolledAt: now, lastSeenAt: now, revokedAt: nil,
                            desired: DesiredState(generation: 0, nodes: []))
            try store.transaction { store in
                guard try store.consume(tokenID: stored.id, hostID: hostID, at: now) else {
                    throw ControllerError.unauthorized("join_token_used", "This join token was already used (tokens are one-time); ask for a new one with 'baasctl host join-token'.")
                }
                try store.insert(host)
            }
            record.actorID = hostID
            record.target = hostID
            return EnrollmentResponse(hostID: hostID, certificate: certificate.pem(), caCertificate: ca.certificate.pem(),
                                      gatewayPort: gatewayPort)
        }
    }

    /// Hosts the principal may see: a tenant's own, or every host for a platform admin.
    public func list(by principal: Principal, page: PageRequest) throws -> Page<Host> {
        let hosts: [Host]
        if principal.role == .platformAdmin {
            try authorizer.authorizePlatform(principal, .read, .host)
            hosts = try store.transaction { try $0.hosts(tenantID: .none, after: page.cursor, limit: page.limit + 1) }
        } else {
            try authorizer.authorize(principal, .read, .host, tenantID: principal.tenantID)
            hosts = try store.transaction { try $0.hosts(tenantID: .some(principal.tenantID), after: page.cursor, limit: page.limit + 1) }
        }
        let items = Array(hosts.prefix(page.limit))
        return Page(items: items, nextCursor: hosts.count > page.limit ? items.last?.id : nil)
    }

    /// One host, if the principal may see it.
    public func host(by principal: Principal, id: String) throws -> Host {
        guard let host = try store.transaction({ try $0.host(id: id) }) else { throw ControllerError.notFound("host") }
        try authorizer.authorize(principal, .read, .host, tenantID: host.tenantID)
        return host
    }

    /// Revokes a host (critical: needs a fresh second factor): it is refused from now on and its
    /// live channel is closed at once. Its nodes are not stopped by the controller.
    public func revoke(by principal: Principal, id: String) throws {
        try audited(AuditRecord(principal, action: "host.revoke", target: id)) { record in
            guard let host = try store.transaction({ try $0.host(id: id) }) else { throw ControllerError.notFound("host") }
            record.tenantID = host.tenantID
            try authorizer.authorize(principal, .delete, .host, tenantID: host.tenantID)
            try store.transaction { try $0.revoke(id: id, at: clock.now()) }
            gateway.cut(hostID: id, reason: "revoked by \(principal.username)")
        }
    }

    /// Replaces the node set the host should run and pushes it when the host is online.
    public func setDesired(by principal: Principal, id: String, nodes: [NodeSpec]) throws -> DesiredState {
        try audited(AuditRecord(principal, action: "host.desired_state.update", target: id,
                                parameters: ["nodes": nodes.map(\.id).joined(separator: ",")])) { record in
            guard nodes.allSatisfy(\.isWellFormed), Set(nodes.map(\.id)).count == nodes.count else {
                throw ControllerError.invalid("invalid_node_spec", "Every node needs a unique id, an absolute engine path and plain config file names.")
            }
            let desired = try store.transaction { store -> DesiredState in
                guard let host = try store.host(id: id) else { throw ControllerError.notFound("host") }
                record.tenantID = host.tenantID
                try authorizer.authorize(principal, .update, .host, tenantID: host.tenantID)
                guard !host.isRevoked else {
                    throw ControllerError.conflict("host_revoked", "This host is revoked; enroll it again to give it nodes.")
                }
                let desired = DesiredState(generation: host.desired.generation + 1, nodes: nodes)
                try store.setDesired(id: id, desired)
                return desired
            }
            gateway.push(hostID: id, desired)
            return desired
        }
    }

    /// Runs `body`, then appends its audit record (outcome `ok`, or the error's code).
    private func audited<T>(_ record: AuditRecord, _ body: (inout AuditRecord) throws -> T) throws -> T {
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

    static func labelText(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    static func checkLabels(_ labels: [String: String]) throws {
        guard labels.count <= 64, labels.allSatisfy({ key, value in
            (1...63).contains(key.count) && value.count <= 255
                && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
        }) else {
            throw ControllerError.invalid("invalid_labels", "Labels are at most 64 key=value pairs; keys have 1-63 letters, digits, '-', '_', '.' or '/', values at most 255 characters.")
        }
    }

    /// Compares two hashes in time that depends only on their length.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
