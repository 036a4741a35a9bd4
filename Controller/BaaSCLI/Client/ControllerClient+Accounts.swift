/// Sessions, tenants, users, API tokens and audit.
extension ControllerClient {
    /// The paging query of a listing.
    static func paging(limit: Int?, cursor: String?) -> [(String, String?)] {
        [("limit", limit.map(String.init)), ("cursor", cursor)]
    }

    // MARK: Sessions

    /// `POST /v1/sessions`: the answer carries `token`, `expires_at`, `session_id` and `user`.
    public func login(username: String, password: String, totp: String?) async throws -> JSONValue {
        var body: [String: JSONValue] = ["username": .string(username), "password": .string(password)]
        if let totp { body["totp"] = .string(totp) }
        return try await value("POST", "/v1/sessions", body: .object(body))
    }

    /// `DELETE /v1/sessions/current`: ends the session of `token`.
    public func logout() async throws {
        _ = try await call("DELETE", "/v1/sessions/current")
    }

    /// `POST /v1/sessions/current/step-up`: proves a fresh second factor for critical operations.
    public func stepUp(totp: String) async throws -> JSONValue {
        try await value("POST", "/v1/sessions/current/step-up", body: .object(["totp": .string(totp)]))
    }

    /// `GET /v1/users/me`.
    public func me() async throws -> JSONValue {
        try await value("GET", "/v1/users/me")
    }

    // MARK: Tenants

    /// `GET /v1/tenants`: the tenants the caller may see.
    public func tenants(limit: Int? = nil, cursor: String? = nil) async throws -> ListPage {
        try ListPage(try await value("GET", "/v1/tenants", query: Self.paging(limit: limit, cursor: cursor)))
    }

    /// `POST /v1/tenants`: a tenant with its first owner; the answer is `{"tenant", "owner"}`.
    public func createTenant(name: String, displayName: String?, ownerUsername: String, ownerPassword: String,
                             ownerEmail: String?) async throws -> JSONValue {
        var owner: [String: JSONValue] = ["username": .string(ownerUsername), "password": .string(ownerPassword)]
        if let ownerEmail { owner["email"] = .string(ownerEmail) }
        var body: [String: JSONValue] = ["name": .string(name), "owner": .object(owner)]
        if let displayName { body["display_name"] = .string(displayName) }
        return try await value("POST", "/v1/tenants", body: .object(body))
    }

    /// `GET /v1/tenants/{id}`.
    public func tenant(id: String) async throws -> JSONValue {
        try await value("GET", "/v1/tenants/" + Self.segment(id))
    }

    /// `DELETE /v1/tenants/{id}`: critical, needs a step-up first.
    public func deleteTenant(id: String) async throws {
        _ = try await call("DELETE", "/v1/tenants/" + Self.segment(id))
    }

    // MARK: Users

    /// `GET /v1/users`, optionally of one tenant.
    public func users(tenantID: String? = nil, limit: Int? = nil, cursor: String? = nil) async throws -> ListPage {
        try ListPage(try await value("GET", "/v1/users",
                                     query: [("tenant_id", tenantID)] + Self.paging(limit: limit, cursor: cursor)))
    }

    /// `POST /v1/users`: the answer is the new user.
    public func createUser(tenantID: String?, username: String, password: String, role: String,
                           email: String?, displayName: String?) async throws -> JSONValue {
        var body: [String: JSONValue] = ["username": .string(username), "password": .string(password), "role": .string(role)]
        if let tenantID { body["tenant_id"] = .string(tenantID) }
        if let email { body["email"] = .string(email) }
        if let displayName { body["display_name"] = .string(displayName) }
        return try await value("POST", "/v1/users", body: .object(body))
    }

    /// `GET /v1/users/{id}`.
    public func user(id: String) async throws -> JSONValue {
        try await value("GET", "/v1/users/" + Self.segment(id))
    }

    /// `DELETE /v1/users/{id}`: critical, needs a step-up first.
    public func deleteUser(id: String) async throws {
        _ = try await call("DELETE", "/v1/users/" + Self.segment(id))
    }

    /// `PUT /v1/users/{id}/role`: critical, needs a step-up first.
    public func setRole(userID: String, role: String) async throws -> JSONValue {
        try await value("PUT", "/v1/users/\(Self.segment(userID))/role", body: .object(["role": .string(role)]))
    }

    /// `POST /v1/users/{id}/password`: sets a new password and ends the user's sessions.
    public func resetPassword(userID: String, newPassword: String) async throws {
        _ = try await call("POST", "/v1/users/\(Self.segment(userID))/password",
                           body: .object(["new_password": .string(newPassword)]))
    }

    // MARK: API tokens

    /// `POST /v1/tokens`: the answer is `{"secret", "token"}`; the secret is shown this once.
    public func createToken(name: String, scopes: [String], expiresInSeconds: Int?) async throws -> JSONValue {
        var body: [String: JSONValue] = ["name": .string(name), "scopes": .array(scopes.map(JSONValue.string))]
        if let expiresInSeconds { body["expires_in"] = .number(Double(expiresInSeconds)) }
        return try await value("POST", "/v1/tokens", body: .object(body))
    }

    /// `GET /v1/tokens`: the caller's API tokens (never their secrets).
    public func tokens(limit: Int? = nil, cursor: String? = nil) async throws -> ListPage {
        try ListPage(try await value("GET", "/v1/tokens", query: Self.paging(limit: limit, cursor: cursor)))
    }

    /// `DELETE /v1/tokens/{id}`.
    public func revokeToken(id: String) async throws {
        _ = try await call("DELETE", "/v1/tokens/" + Self.segment(id))
    }

    // MARK: Audit

    /// `GET /v1/audit` with the filters that are set (`tenant_id`, `actor_id`, `action`, `target`,
    /// `outcome`, `since`, `until` as ISO 8601).
    public func audit(filters: [String: String], limit: Int? = nil, cursor: String? = nil) async throws -> ListPage {
        let query = filters.keys.sorted().map { ($0, filters[$0]) } + Self.paging(limit: limit, cursor: cursor)
        return try ListPage(try await value("GET", "/v1/audit", query: query))
    }

    /// `GET /v1/audit/verify`: `{"valid", "entries_checked", "first_broken_sequence", "reason"}`.
    public func verifyAudit() async throws -> JSONValue {
        try await value("GET", "/v1/audit/verify")
    }
}
