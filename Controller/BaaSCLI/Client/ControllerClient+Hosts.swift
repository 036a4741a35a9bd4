/// Hosts and their join tokens.
extension ControllerClient {
    /// `POST /v1/hosts/join-tokens`: the answer is `{"id", "token", "expires_at", "controller_pin_sha256"}`.
    public func createJoinToken(tenantID: String, labels: [String: String], ttlSeconds: Int) async throws -> JSONValue {
        try await value("POST", "/v1/hosts/join-tokens",
                        body: .object(["tenant_id": .string(tenantID),
                                       "labels": .object(labels.mapValues(JSONValue.string)),
                                       "ttl_seconds": .number(Double(ttlSeconds))]))
    }

    /// `GET /v1/hosts`.
    public func hosts(limit: Int? = nil, cursor: String? = nil) async throws -> ListPage {
        try ListPage(try await value("GET", "/v1/hosts", query: Self.paging(limit: limit, cursor: cursor)))
    }

    /// `GET /v1/hosts/{id}`: one host with its facts.
    public func host(id: String) async throws -> JSONValue {
        try await value("GET", "/v1/hosts/" + Self.segment(id))
    }

    /// `DELETE /v1/hosts/{id}`: revokes the host's certificate and forgets it.
    public func revokeHost(id: String) async throws {
        _ = try await call("DELETE", "/v1/hosts/" + Self.segment(id))
    }
}
