/// Networks and their deployment jobs.
extension ControllerClient {
    /// `POST /v1/networks`: `body` is the create request; the answer is `{"network", "job"}`.
    public func createNetwork(_ body: JSONValue) async throws -> JSONValue {
        try await value("POST", "/v1/networks", body: body)
    }

    /// `GET /v1/networks`.
    public func networks(limit: Int? = nil, cursor: String? = nil) async throws -> ListPage {
        try ListPage(try await value("GET", "/v1/networks", query: Self.paging(limit: limit, cursor: cursor)))
    }

    /// `GET /v1/networks/{id}`.
    public func network(id: String) async throws -> JSONValue {
        try await value("GET", "/v1/networks/" + Self.segment(id))
    }

    /// `POST /v1/networks/{id}/invitations`: a one-time code another tenant joins with.
    public func inviteToNetwork(id: String, body: JSONValue) async throws -> JSONValue {
        try await value("POST", "/v1/networks/" + Self.segment(id) + "/invitations", body: body)
    }

    /// `POST /v1/networks/{id}/join`: the answer is `{"network", "job"}`.
    public func joinNetwork(id: String, body: JSONValue) async throws -> JSONValue {
        try await value("POST", "/v1/networks/" + Self.segment(id) + "/join", body: body)
    }

    /// `GET /v1/jobs/{id}`: the job with its steps.
    public func job(id: String) async throws -> JSONValue {
        try await value("GET", "/v1/jobs/" + Self.segment(id))
    }
}
