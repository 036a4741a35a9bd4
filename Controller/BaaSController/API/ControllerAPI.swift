import BaaSCore
import BaaSNet
import Foundation

/// The `/v1` REST API of the controller's core domain: sessions, sign-up, tenants, users, tokens,
/// audit, and the OpenAPI document, as routes on a `BaaSNet.Router`.
///
/// Every route except `POST /v1/sessions`, `POST /v1/signup`, `GET /v1/openapi.json` and
/// `GET /healthz` needs `Authorization: Bearer <session or API token>`. Errors are
/// `{"error":{"code","message"}}` with the status of the `ControllerError` (and `Retry-After` for
/// 423 and 429). Handlers call the domain's blocking services (SQLite, scrypt) directly; the HTTP
/// server runs handlers on its own worker pool, and each call is short except a password hash
/// (~50 ms).
public struct ControllerAPI: Sendable {
    public let domain: ControllerDomain
    /// Hosts (`/v1/hosts`, see `HostAPI`); without it those routes answer 503 after authentication.
    public let hosts: HostService?
    /// Networks and jobs (`/v1/networks`, `/v1/jobs`, see `NetworkAPI`); without it those routes
    /// answer 503 after authentication.
    public let networks: NetworkService?
    let logger: Logger

    public init(domain: ControllerDomain, hosts: HostService? = nil, networks: NetworkService? = nil,
                logger: Logger = Logger(label: "controller.api")) {
        self.domain = domain
        self.hosts = hosts
        self.networks = networks
        self.logger = logger
    }

    /// Routes that need no bearer token.
    public static let publicRoutes: Set<String> = Set(["/v1/sessions", "/v1/signup", "/v1/openapi.json", "/healthz"])
        .union(HostAPI.publicRoutes)

    /// Adds every route of this API to `router`.
    public func register(on router: inout Router) {
        router.get("/healthz") { _, _ in .text("ok\n") }
        router.get("/v1/openapi.json") { _, _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(OpenAPIDocument.json.utf8))
        }

        // Sessions and second factor
        router.post("/v1/sessions") { request, _ in
            try run {
                let body = try APIBody.decode(LoginRequest.self, from: request)
                let result = try domain.sessions.login(username: body.username, password: body.password, totp: body.totp,
                                                       sourceAddress: Self.sourceAddress(request))
                return try .json(LoginResponse(token: result.token, expiresAt: result.session.expiresAt,
                                               sessionID: result.session.id, user: result.user), status: 201)
            }
        }
        router.delete("/v1/sessions/current") { request, _ in
            try authenticated(request) { principal in
                try domain.sessions.logout(principal)
                return HTTPResponse(status: 204)
            }
        }
        router.post("/v1/sessions/current/step-up") { request, _ in
            try authenticated(request) { principal in
                let body = try APIBody.decode(StepUpRequest.self, from: request)
                let session = try domain.sessions.stepUp(principal, code: body.totp)
                let at = session.secondFactorAt ?? Date()
                return try .json(StepUpResponse(secondFactorAt: at, validUntil: at.addingTimeInterval(domain.policy.stepUpWindow)))
            }
        }
        router.post("/v1/signup") { request, _ in
            try run {
                let body = try APIBody.decode(SignUpRequest.self, from: request)
                let owner = NewUser(username: body.username, password: body.password, displayName: body.displayName ?? "",
                                    email: body.email ?? "", role: .tenantOwner)
                let (tenant, user) = try domain.accounts.signUp(tenantName: body.tenantName,
                                                                tenantDisplayName: body.tenantDisplayName ?? "",
                                                                owner: owner, sourceAddress: Self.sourceAddress(request))
                return try .json(CreatedTenantResponse(tenant: tenant, owner: user), status: 201)
            }
        }

        // Tenants
        router.get("/v1/tenants") { request, _ in
            try authenticated(request) { principal in
                let page = try domain.accounts.tenants(by: principal, page: try Self.pageRequest(request))
                return try .json(PageResponse(items: page.items, nextCursor: page.nextCursor))
            }
        }
        router.post("/v1/tenants") { request, _ in
            try authenticated(request) { principal in
                let body = try APIBody.decode(CreateTenantRequest.self, from: request)
                let owner = NewUser(username: body.owner.username, password: body.owner.password,
                                    displayName: body.owner.displayName ?? "", email: body.owner.email ?? "", role: .tenantOwner)
                let (tenant, user) = try domain.accounts.createTenant(by: principal, name: body.name,
                                                                      displayName: body.displayName ?? "", owner: owner)
                return try .json(CreatedTenantResponse(tenant: tenant, owner: user), status: 201)
            }
        }
        router.get("/v1/tenants/{id}") { request, context in
            try authenticated(request) { principal in
                try .json(try domain.accounts.tenant(by: principal, id: try context.parameter("id")))
            }
        }
        router.patch("/v1/tenants/{id}") { request, context in
            try authenticated(request) { principal in
                let body = try APIBody.decode(UpdateTenantRequest.self, from: request)
                return try .json(try domain.accounts.updateTenant(by: principal, id: try context.parameter("id"),
                                                                  displayName: body.displayName))
            }
        }
        router.delete("/v1/tenants/{id}") { request, context in
            try authenticated(request) { principal in
                try domain.accounts.deleteTenant(by: principal, id: try context.parameter("id"))
                return HTTPResponse(status: 204)
            }
        }

        // Users
        router.get("/v1/users") { request, _ in
            try authenticated(request) { principal in
                let page = try domain.accounts.users(by: principal, tenantID: request.query["tenant_id"],
                                                     page: try Self.pageRequest(request))
                return try .json(PageResponse(items: page.items, nextCursor: page.nextCursor))
            }
        }
        router.post("/v1/users") { request, _ in
            try authenticated(request) { principal in
                let body = try APIBody.decode(CreateUserRequest.self, from: request)
                let user = try domain.accounts.createUser(
                    by: principal, tenantID: body.tenantID,
                    NewUser(username: body.username, password: body.password, displayName: body.displayName ?? "",
                            email: body.email ?? "", role: try Self.role(body.role)))
                return try .json(user, status: 201)
            }
        }
        router.get("/v1/users/me") { request, _ in
            try authenticated(request) { principal in try .json(try domain.accounts.me(principal)) }
        }
        router.patch("/v1/users/me") { request, _ in
            try authenticated(request) { principal in
                let body = try APIBody.decode(UpdateUserRequest.self, from: request)
                return try .json(try domain.accounts.updateProfile(by: principal, userID: principal.userID,
                                                                   displayName: body.displayName, email: body.email))
            }
        }
        router.post("/v1/users/me/password") { request, _ in
            try authenticated(request) { principal in
                let body = try APIBody.decode(ChangePasswordRequest.self, from: request)
                try domain.accounts.changePassword(principal, current: body.currentPassword, new: body.newPassword)
                return HTTPResponse(status: 204)
            }
        }
        router.post("/v1/users/me/totp") { request, _ in
            try authenticated(request) { principal in try .json(try domain.secondFactor.enrol(principal), status: 201) }
        }
        router.post("/v1/users/me/totp/confirm") { request, _ in
            try authenticated(request) { principal in
                let body = try APIBody.decode(TOTPCodeRequest.self, from: request)
                try domain.secondFactor.confirm(principal, code: body.code)
                return HTTPResponse(status: 204)
            }
        }
        router.post("/v1/users/me/totp/disable") { request, _ in
            try authenticated(request) { principal in
                let body = try APIBody.decode(TOTPCodeRequest.self, from: request)
                try domain.secondFactor.disable(principal, code: body.code)
                return HTTPResponse(status: 204)
            }
        }
        router.get("/v1/users/{id}") { request, context in
            try authenticated(request) { principal in
                try .json(try domain.accounts.user(by: principal, id: try context.parameter("id")))
            }
        }
        router.patch("/v1/users/{id}") { request, context in
            try authenticated(request) { principal in
                let body = try APIBody.decode(UpdateUserRequest.self, from: request)
                return try .json(try domain.accounts.updateProfile(by: principal, userID: try context.parameter("id"),
                                                                   displayName: body.displayName, email: body.email))
            }
        }
        router.delete("/v1/users/{id}") { request, context in
            try authenticated(request) { principal in
                try domain.accounts.deleteUser(by: principal, userID: try context.parameter("id"))
                return HTTPResponse(status: 204)
            }
        }
        router.post("/v1/users/{id}/password") { request, context in
            try authenticated(request) { principal in
                let body = try APIBody.decode(ResetPasswordRequest.self, from: request)
                try domain.accounts.resetPassword(by: principal, userID: try context.parameter("id"), newPassword: body.newPassword)
                return HTTPResponse(status: 204)
            }
        }
        router.delete("/v1/users/{id}/sessions") { request, context in
            try authenticated(request) { principal in
                try domain.accounts.revokeSessions(by: principal, userID: try context.parameter("id"))
                return HTTPResponse(status: 204)
            }
        }
        router.put("/v1/users/{id}/role") { request, context in
            try authenticated(request) { principal in
                let body = try APIBody.decode(ChangeRoleRequest.self, from: request)
                return try .json(try domain.accounts.changeRole(by: principal, userID: try context.parameter("id"),
                                                                to: try Self.role(body.role)))
            }
        }

        // API tokens
        router.get("/v1/tokens") { request, _ in
            try authenticated(request) { principal in
                let page = try domain.tokens.list(by: principal, page: try Self.pageRequest(request))
                return try .json(PageResponse(items: page.items.map(\.view), nextCursor: page.nextCursor))
            }
        }
        router.post("/v1/tokens") { request, _ in
            try authenticated(request) { principal in
                let body = try APIBody.decode(CreateTokenRequest.self, from: request)
                let issued = try domain.tokens.create(by: principal, name: body.name, scopes: body.scopes,
                                                      lifetime: body.expiresIn.map(TimeInterval.init))
                return try .json(CreatedTokenResponse(secret: issued.secret, token: issued.token.view), status: 201)
            }
        }
        router.get("/v1/tokens/{id}") { request, context in
            try authenticated(request) { principal in
                try .json(try domain.tokens.token(by: principal, id: try context.parameter("id")).view)
            }
        }
        router.delete("/v1/tokens/{id}") { request, context in
            try authenticated(request) { principal in
                try domain.tokens.revoke(by: principal, id: try context.parameter("id"))
                return HTTPResponse(status: 204)
            }
        }

        // Audit
        router.get("/v1/audit") { request, _ in
            try authenticated(request) { principal in
                let page = try domain.audit.entries(by: principal, filter: try Self.auditFilter(request),
                                                    page: try Self.pageRequest(request))
                return try .json(PageResponse(items: page.items.map(\.view), nextCursor: page.nextCursor))
            }
        }
        router.get("/v1/audit/verify") { request, _ in
            try authenticated(request) { principal in try .json(try domain.audit.verify(by: principal)) }
        }

        HostAPI(service: hosts, domain: domain, logger: logger).register(on: &router)
        NetworkAPI(service: networks, domain: domain, logger: logger).register(on: &router)
    }

    /// A router holding only this API.
    public func router() -> Router {
        var router = Router()
        register(on: &router)
        return router
    }

    // MARK: - Plumbing

    private var apiGuard: APIGuard { APIGuard(domain: domain, logger: logger) }

    private func run(_ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        try apiGuard.run(body)
    }

    private func authenticated(_ request: HTTPRequest, _ body: (Principal) throws -> HTTPResponse) throws -> HTTPResponse {
        try apiGuard.authenticated(request, body)
    }

    /// The client's address without the port (`127.0.0.1:5000` → `127.0.0.1`, `[::1]:5000` → `::1`).
    static func sourceAddress(_ request: HTTPRequest) -> String {
        let address = request.remoteAddress
        if address.hasPrefix("["), let end = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<end])
        }
        if address.filter({ $0 == ":" }).count == 1, let colon = address.lastIndex(of: ":") {
            return String(address[..<colon])
        }
        return address.isEmpty ? "unknown" : address
    }

    static func pageRequest(_ request: HTTPRequest) throws -> PageRequest {
        var limit = PageRequest.defaultLimit
        if let text = request.query["limit"] {
            guard let value = Int(text), (1...PageRequest.maximumLimit).contains(value) else {
                throw ControllerError.badRequest("invalid_limit", "limit must be an integer from 1 to \(PageRequest.maximumLimit).")
            }
            limit = value
        }
        let cursor = request.query["cursor"].flatMap { $0.isEmpty ? nil : $0 }
        return PageRequest(limit: limit, cursor: cursor)
    }

    static func role(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text) else {
            throw ControllerError.invalid("invalid_role", "Unknown role '\(text)'; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return role
    }

    static func auditFilter(_ request: HTTPRequest) throws -> AuditFilter {
        func date(_ name: String) throws -> Date? {
            guard let text = request.query[name] else { return nil }
            guard let date = try? Date(text, strategy: .iso8601) else {
                throw ControllerError.badRequest("invalid_time", "\(name) must be an ISO 8601 time such as 2026-01-31T12:00:00Z.")
            }
            return date
        }
        return AuditFilter(tenantID: request.query["tenant_id"], actorID: request.query["actor_id"],
                           action: request.query["action"], target: request.query["target"],
                           outcome: request.query["outcome"], since: try date("since"), until: try date("until"))
    }
}
