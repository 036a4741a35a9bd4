import BaaSAgent
import BaaSCore
import BaaSNet
import Foundation

/// The `/v1/hosts` routes: join tokens, enrollment (public, token-authenticated), the platform
/// root (public), the registry, revocation and desired state.
///
/// `POST /v1/hosts/enroll` and `GET /v1/hosts/ca` need no bearer token: the join token inside the
/// enrollment body is the credential. Errors have the same shape as the rest of `/v1`.
public struct HostAPI: Sendable {
    /// `nil` where the controller runs without hosts (API-only tests): the routes still
    /// authenticate, then answer 503 `hosts_unavailable`.
    public let service: HostService?
    public let domain: ControllerDomain
    let logger: Logger

    public init(service: HostService?, domain: ControllerDomain, logger: Logger = Logger(label: "controller.api")) {
        self.service = service
        self.domain = domain
        self.logger = logger
    }

    private var hosts: HostService {
        get throws {
            guard let service else {
                throw ControllerError("controller.hosts_unavailable", "This controller runs without host management.", status: 503)
            }
            return service
        }
    }

    /// Routes that need no bearer token.
    public static let publicRoutes: Set<String> = ["/v1/hosts/enroll", "/v1/hosts/ca"]

    public func register(on router: inout Router) {
        router.get("/v1/hosts/ca") { _, _ in
            try run { try .json(PlatformCAResponse(certificate: try hosts.ca.certificate.pem(), pinSHA256: try hosts.ca.pinSHA256)) }
        }
        router.post("/v1/hosts/enroll") { request, _ in
            try run {
                let hosts = try hosts
                let body: EnrollmentRequest
                do {
                    body = try AgentWire.decode(EnrollmentRequest.self, from: request.body)
                } catch {
                    throw ControllerError.badRequest("invalid_body", "The body must be an enrollment request from baas-agent.")
                }
                let response = try hosts.enroll(body, sourceAddress: ControllerAPI.sourceAddress(request), gatewayPort: hosts.gateway.port)
                return HTTPResponse(status: 201, headers: ["Content-Type": "application/json"], body: AgentWire.encode(response))
            }
        }
        router.post("/v1/hosts/join-tokens") { request, _ in
            try authenticated(request) { principal in
                let hosts = try hosts
                let body = try APIBody.decode(CreateJoinTokenRequest.self, from: request)
                let (token, text) = try hosts.createJoinToken(by: principal, tenantID: body.tenantID, labels: body.labels ?? [:],
                                                              ttl: body.ttlSeconds.map(TimeInterval.init))
                return try .json(CreatedJoinTokenResponse(id: token.id, token: text, expiresAt: token.expiresAt,
                                                          controllerPinSHA256: hosts.ca.pinSHA256), status: 201)
            }
        }
        router.get("/v1/hosts") { request, _ in
            try authenticated(request) { principal in
                let hosts = try hosts
                let page = try hosts.list(by: principal, page: try ControllerAPI.pageRequest(request))
                return try .json(PageResponse(items: page.items.map { HostView($0, online: hosts.gateway.isOnline($0.id)) },
                                              nextCursor: page.nextCursor))
            }
        }
        router.get("/v1/hosts/{id}") { request, context in
            try authenticated(request) { principal in
                let hosts = try hosts
                let host = try hosts.host(by: principal, id: try context.parameter("id"))
                let report = hosts.gateway.nodeReport(host.id)
                return try .json(HostDetailView(host: HostView(host, online: hosts.gateway.isOnline(host.id)),
                                                metrics: hosts.gateway.latestMetrics(host.id), nodes: report?.nodes ?? [],
                                                events: report?.events ?? [], desiredGeneration: host.desired.generation,
                                                appliedGeneration: report?.appliedGeneration, desiredNodes: host.desired.nodes))
            }
        }
        router.delete("/v1/hosts/{id}") { request, context in
            try authenticated(request) { principal in
                let hosts = try hosts
                try hosts.revoke(by: principal, id: try context.parameter("id"))
                return HTTPResponse(status: 204)
            }
        }
        router.put("/v1/hosts/{id}/desired-state") { request, context in
            try authenticated(request) { principal in
                let hosts = try hosts
                let body = try APIBody.decode(DesiredStateRequest.self, from: request)
                let desired = try hosts.setDesired(by: principal, id: try context.parameter("id"), nodes: body.nodes)
                return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: AgentWire.encode(desired))
            }
        }
    }

    private var apiGuard: APIGuard { APIGuard(domain: domain, logger: logger) }

    private func run(_ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        try apiGuard.run(body)
    }

    private func authenticated(_ request: HTTPRequest, _ body: (Principal) throws -> HTTPResponse) throws -> HTTPResponse {
        try apiGuard.authenticated(request, body)
    }
}
