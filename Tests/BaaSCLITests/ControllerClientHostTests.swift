import BaaSCLI
import BaaSNet
import Foundation
import Synchronization
import Testing

/// The client side of the host endpoints, against a stand-in server on 127.0.0.1 that speaks the
/// agreed contract (`POST /v1/hosts/join-tokens`, `GET /v1/hosts`, `GET|DELETE /v1/hosts/{id}`).
@Suite struct ControllerClientHostTests {
    final class StandIn: Sendable {
        let server: HTTPServer
        let recording = RecordingMiddleware()

        init() throws {
            var router = Router()
            let host = #"{"id":"hst_1","name":"node-a","tenant_id":"ten_1","labels":{"zone":"a"},"status":"online","last_seen_at":"2026-11-25T01:00:00Z","addresses":["10.0.0.5"],"facts":{"cpus":4}}"#
            router.post("/v1/hosts/join-tokens") { _, _ in
                HTTPResponse(status: 201, headers: ["Content-Type": "application/json"],
                             body: Array(#"{"id":"jt_1","token":"bjt_secret","expires_at":"2026-11-25T02:00:00Z","controller_pin_sha256":"ab12"}"#.utf8))
            }
            router.get("/v1/hosts") { _, _ in
                HTTPResponse(status: 200, headers: ["Content-Type": "application/json"],
                             body: Array(#"{"items":[\#(host)],"next_cursor":"c2"}"#.utf8))
            }
            router.get("/v1/hosts/{id}") { _, context in
                guard try context.parameter("id") == "hst_1" else {
                    throw HTTPError(status: 404, code: "controller.not_found", message: "No such host.")
                }
                return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(host.utf8))
            }
            router.delete("/v1/hosts/{id}") { _, _ in HTTPResponse(status: 204) }
            server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), router: router, middleware: [recording])
            try server.start()
        }

        var url: String { "http://127.0.0.1:\(server.port)" }
        var received: [HTTPRequest] { recording.log.withLock { $0 } }
    }

    @Test func joinTokenSendsTheContractBodyAndReadsTheAnswer() async throws {
        let standIn = try StandIn()
        defer { standIn.server.stop() }
        let client = try ControllerClient(address: standIn.url, token: "bss_t", caFile: nil)
        let answer = try await client.createJoinToken(tenantID: "ten_1", labels: ["zone": "a", "tier": "gold"], ttlSeconds: 3600)
        #expect(answer["token"].string == "bjt_secret")
        #expect(answer["controller_pin_sha256"].string == "ab12")
        let request = try #require(standIn.received.last)
        #expect(request.method == "POST")
        #expect(request.headers["Authorization"] == "Bearer bss_t")
        let body = try JSONValue.parse(request.body)
        #expect(body == .object(["tenant_id": .string("ten_1"), "ttl_seconds": .number(3600),
                                 "labels": .object(["zone": .string("a"), "tier": .string("gold")])]))
    }

    @Test func listsGetsAndRevokesHosts() async throws {
        let standIn = try StandIn()
        defer { standIn.server.stop() }
        let client = try ControllerClient(address: standIn.url, token: "bss_t", caFile: nil)
        let page = try await client.hosts(limit: 10)
        #expect(page.items.map { $0["name"].string } == ["node-a"])
        #expect(page.nextCursor == "c2")
        #expect(standIn.received.last?.target == "/v1/hosts?limit=10")
        #expect(try await client.host(id: "hst_1")["facts"]["cpus"] == .number(4))
        try await client.revokeHost(id: "hst_1")
        #expect(standIn.received.last?.method == "DELETE")
        #expect(standIn.received.last?.path == "/v1/hosts/hst_1")
    }

    @Test func apiErrorKeepsTheControllersCodeAndMessage() async throws {
        let standIn = try StandIn()
        defer { standIn.server.stop() }
        let client = try ControllerClient(address: standIn.url, token: "bss_t", caFile: nil)
        await #expect(throws: HTTPError(status: 404, code: "controller.not_found", message: "")) {
            try await client.host(id: "hst_missing")
        }
        do {
            _ = try await client.host(id: "hst_missing")
        } catch {
            #expect(OutputRenderer.failure(error).line == "baasctl: No such host. [controller.not_found]")
        }
    }

    @Test func idsAreEscapedIntoOnePathSegment() async throws {
        let standIn = try StandIn()
        defer { standIn.server.stop() }
        let client = try ControllerClient(address: standIn.url, token: "bss_t", caFile: nil)
        try await client.revokeHost(id: "../tenants/ten_1")
        #expect(standIn.received.last?.target == "/v1/hosts/..%2Ftenants%2Ften_1")
    }
}

/// Keeps every request the stand-in server received.
final class RecordingMiddleware: HTTPMiddleware {
    let log = Mutex<[HTTPRequest]>([])

    func handle(_ request: HTTPRequest, context: RequestContext, next: HTTPResponder) async throws -> HTTPResponse {
        log.withLock { $0.append(request) }
        return try await next(request, context)
    }
}
