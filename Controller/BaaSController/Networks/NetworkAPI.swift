import BaaSAgent
import BaaSCore
import BaaSNet
import Foundation

/// The `/v1/networks` and `/v1/jobs` routes: create (202 + job), list, get, nodes, jobs with
/// live step progress, retry and rollback, and the chain relayed through the agents
/// (transactions, blocks, status).
///
/// Without a `NetworkService` (a controller without hosts) the routes authenticate, then answer
/// 503 `networks_unavailable`.
public struct NetworkAPI: Sendable {
    public let service: NetworkService?
    public let domain: ControllerDomain
    let logger: Logger

    public init(service: NetworkService?, domain: ControllerDomain, logger: Logger = Logger(label: "controller.api")) {
        self.service = service
        self.domain = domain
        self.logger = logger
    }

    private var networks: NetworkService {
        get throws {
            guard let service else {
                throw ControllerError("controller.networks_unavailable", "This controller runs without host management, so without networks.", status: 503)
            }
            return service
        }
    }

    public func register(on router: inout Router) {
        router.post("/v1/networks") { request, _ in
            try authenticated(request) { principal in
                let body = try APIBody.decode(CreateNetworkRequest.self, from: request)
                let (network, job) = try networks.create(by: principal, body)
                var response = try HTTPResponse.json(CreatedNetworkResponse(network: network, job: job), status: 202)
                response.headers.set("Location", "/v1/jobs/\(job.id)")
                return response
            }
        }
        router.get("/v1/networks") { request, _ in
            try authenticated(request) { principal in
                let page = try networks.networks(by: principal, page: try ControllerAPI.pageRequest(request))
                return try .json(PageResponse(items: page.items, nextCursor: page.nextCursor))
            }
        }
        router.get("/v1/networks/{id}") { request, context in
            try authenticated(request) { principal in
                try .json(try networks.network(by: principal, id: try context.parameter("id")))
            }
        }
        router.get("/v1/networks/{id}/nodes") { request, context in
            try authenticated(request) { principal in
                let network = try networks.network(by: principal, id: try context.parameter("id"))
                return try .json(PageResponse(items: network.nodes, nextCursor: nil))
            }
        }
        router.post("/v1/networks/{id}/rollback") { request, context in
            try authenticated(request) { principal in
                try .json(try networks.rollback(by: principal, networkID: try context.parameter("id")), status: 202)
            }
        }
        router.post("/v1/networks/{id}/invitations") { request, context in
            try authenticated(request) { principal in
                let body = try APIBody.decode(CreateInvitationRequest.self, from: request)
                return try .json(try networks.invite(by: principal, networkID: try context.parameter("id"), seconds: body.expiresInSeconds),
                                 status: 201)
            }
        }
        router.post("/v1/networks/{id}/join") { request, context in
            try authenticated(request) { principal in
                let body = try APIBody.decode(JoinNetworkRequest.self, from: request)
                let (network, job) = try networks.join(by: principal, networkID: try context.parameter("id"), body)
                var response = try HTTPResponse.json(JoinedNetworkResponse(network: network, job: job), status: 202)
                response.headers.set("Location", "/v1/jobs/\(job.id)")
                return response
            }
        }
        router.get("/v1/jobs/{id}") { request, context in
            try authenticated(request) { principal in
                try .json(try networks.job(by: principal, id: try context.parameter("id")))
            }
        }
        router.post("/v1/jobs/{id}/retry") { request, context in
            try authenticated(request) { principal in
                try .json(try networks.retry(by: principal, jobID: try context.parameter("id")), status: 202)
            }
        }
        router.post("/v1/networks/{id}/transactions") { request, context in
            try await authenticatedAsync(request) { principal in
                let body = try APIBody.decode(SubmitTransactionRequest.self, from: request)
                let result = try await networks.submit(by: principal, networkID: try context.parameter("id"), body)
                return try .json(result, status: result.status == "committed" ? 201 : 202)
            }
        }
        router.get("/v1/networks/{id}/transactions/{hash}") { request, context in
            try await relayed(request, context, "/v1/transactions/" + (try context.parameter("hash")))
        }
        router.get("/v1/networks/{id}/blocks/{height}") { request, context in
            try await relayed(request, context, "/v1/blocks/" + (try context.parameter("height")))
        }
        router.get("/v1/networks/{id}/blocks") { request, context in
            try await authenticatedAsync(request) { principal in
                let id = try context.parameter("id")
                let node = request.query["node"].flatMap(UInt64.init)
                let status = try await networks.read(by: principal, networkID: id, target: "/v1/status", node: node)
                guard status.status == 200,
                      let head = try? JSONDecoder().decode(NodeAPIModelsStatusHeight.self, from: Data(status.body.utf8)) else {
                    throw ControllerError("node_unreachable", status.body, status: 502)
                }
                let limit = min(Int(request.query["limit"] ?? "") ?? 20, 100)
                var blocks: [String] = []
                var height = head.height
                while height >= 1, blocks.count < limit {
                    let answer = try await networks.read(by: principal, networkID: id, target: "/v1/blocks/\(height)", node: node)
                    if answer.status == 200 { blocks.append(answer.body) }
                    height -= 1
                }
                // The nodes' block JSON passes through unchanged.
                let text = "{\"height\":\(head.height),\"items\":[" + blocks.joined(separator: ",") + "]}"
                return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(text.utf8))
            }
        }
    }

    private struct NodeAPIModelsStatusHeight: Decodable {
        var height: UInt64
    }

    private func relayed(_ request: HTTPRequest, _ context: RequestContext, _ target: String) async throws -> HTTPResponse {
        try await authenticatedAsync(request) { principal in
            let node = request.query["node"].flatMap(UInt64.init)
            let answer = try await networks.read(by: principal, networkID: try context.parameter("id"), target: target, node: node)
            if answer.status == 404 { throw ControllerError.notFound(target.hasPrefix("/v1/blocks") ? "block" : "transaction") }
            guard answer.status == 200 else { throw ControllerError("node_failed", answer.body, status: 502) }
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(answer.body.utf8))
        }
    }

    private var apiGuard: APIGuard { APIGuard(domain: domain, logger: logger) }

    private func authenticated(_ request: HTTPRequest, _ body: (Principal) throws -> HTTPResponse) throws -> HTTPResponse {
        try apiGuard.authenticated(request, body)
    }

    private func authenticatedAsync(_ request: HTTPRequest, _ body: (Principal) async throws -> HTTPResponse) async throws -> HTTPResponse {
        try await apiGuard.authenticated(request, body)
    }
}
