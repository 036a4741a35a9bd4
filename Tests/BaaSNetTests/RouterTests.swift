import BaaSNet
import Testing

@Suite struct HTTPRoutingTests {
    private func server() throws -> HTTPServer {
        var router = Router()
        router.get("/v1/networks") { _, _ in .text("list") }
        router.get("/v1/networks/{id}") { _, context in .text("network \(try context.parameter("id"))") }
        router.get("/v1/networks/default") { _, _ in .text("the default network") }
        router.delete("/v1/networks/{id}") { _, context in .text("deleted \(try context.parameter("id"))") }
        router.get("/v1/networks/{id}/nodes/{node}") { _, context in
            .text("\(context.pathParameters["id"]!)/\(context.pathParameters["node"]!) via \(context.route!)")
        }
        let server = HTTPServer(configuration: .init(), router: router, group: testGroup, workers: testWorkers)
        try server.start()
        return server
    }

    @Test(arguments: [
        ("GET", "/v1/networks", 200, "list"),
        ("GET", "/v1/networks/", 200, "list"),
        ("GET", "/v1/networks/n%201", 200, "network n 1"),
        ("GET", "/v1/networks/default", 200, "the default network"),
        ("DELETE", "/v1/networks/7", 200, "deleted 7"),
        ("GET", "/v1/networks/7/nodes/3?x=y", 200, "7/3 via /v1/networks/{id}/nodes/{node}"),
        ("HEAD", "/v1/networks", 200, ""),
    ])
    func routesByMethodAndPath(_ method: String, _ target: String, _ status: Int, _ body: String) async throws {
        let server = try server()
        defer { server.stop() }
        let response = try await HTTPClient(group: testGroup).send(method, target, host: "127.0.0.1", port: server.port)
        #expect(response.status == status)
        #expect(String(decoding: response.body, as: UTF8.self) == body)
    }

    @Test func answersUnknownPathsAndMethodsWithJSONErrors() async throws {
        let server = try server()
        defer { server.stop() }
        let client = HTTPClient(group: testGroup)
        let missing = try await client.send("GET", "/v2/nothing", host: "127.0.0.1", port: server.port)
        #expect(missing.status == 404)
        #expect(missing.headers["Content-Type"] == "application/json")
        #expect(String(decoding: missing.body, as: UTF8.self).hasPrefix(#"{"error":{"code":"not_found","message":"#))
        let wrongMethod = try await client.send("POST", "/v1/networks/7", host: "127.0.0.1", port: server.port)
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["Allow"] == "DELETE, GET")
    }
}
