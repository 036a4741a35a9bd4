import BaaSCrypto
import BaaSNet
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct HTTPServerTests {
    struct Greeting: Codable, Equatable {
        let hello: String
        let caller: String?
    }

    private static func makeServer(timeouts: HTTPServer.Timeouts = .init(), tls: Bool = true,
                                   middleware: [any HTTPMiddleware] = [],
                                   limits: HTTPLimits = HTTPLimits(maxHeaderBytes: 4096, maxHeaderCount: 50, maxBodyBytes: 64 * 1024)) throws -> HTTPServer {
        var router = Router()
        router.get("/v1/hello/{name}") { request, context in
            try .json(Greeting(hello: try context.parameter("name"), caller: request.peerIdentity?.commonName))
        }
        router.post("/v1/echo") { request, _ in
            try .json(try request.decode(Greeting.self), status: 201)
        }
        router.post("/v1/count") { request, _ in .text("\(request.body.count)") }
        router.get("/v1/whoami") { _, context in .text(context.principal ?? "nobody") }
        router.get("/v1/crash") { _, _ in throw FixtureError(message: "secret detail") }
        let server = HTTPServer(configuration: .init(tls: tls ? try TestTLS.serverContext() : nil, limits: limits, timeouts: timeouts),
                                router: router, middleware: middleware, group: testGroup, workers: testWorkers)
        try server.start()
        return server
    }

    private static func client() throws -> HTTPClient {
        HTTPClient(configuration: .init(tls: try TestTLS.clientContext(TestTLS.certificates.client)), group: testGroup)
    }

    /// Sends raw bytes over mutual TLS and collects everything until the server closes (or `timeout`).
    private static func raw(_ bytes: [UInt8], port: UInt16, timeout: Duration = .seconds(60)) async throws -> (String, Bool) {
        let handler = RecordingHandler()
        let connection = try await Connection.connect(host: "127.0.0.1", port: port,
                                                      tls: try TestTLS.clientContext(TestTLS.certificates.client), handler: handler)
        connection.write(bytes)
        let closed = await eventually(timeout: timeout) { handler.snapshot.closed }
        connection.abort()
        return (String(decoding: handler.snapshot.received, as: UTF8.self), closed)
    }

    @Test func servesJSONOverMutualTLSWithPeerIdentityAndKeepAlive() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let client = try Self.client()
        defer { client.shutdown() }
        for index in 0..<20 {
            let greeting = try await client.json("GET", "/v1/hello/n\(index)", host: "localhost", port: server.port, as: Greeting.self)
            #expect(greeting == Greeting(hello: "n\(index)", caller: "agent-1"))
        }
        #expect(client.openedConnectionCount == 1)
        let echoed = try await client.json("POST", "/v1/echo", body: Greeting(hello: "x", caller: nil),
                                           host: "127.0.0.1", port: server.port, as: Greeting.self)
        #expect(echoed == Greeting(hello: "x", caller: nil))
    }

    @Test func invalidJSONGetsAConsistentErrorBody() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let client = try Self.client()
        defer { client.shutdown() }
        await #expect(throws: HTTPError(status: 400, code: "invalid_json", message: "")) {
            _ = try await client.json("POST", "/v1/echo", body: ["nope": 1], host: "127.0.0.1", port: server.port, as: Greeting.self)
        }
        let crash = try await client.send("GET", "/v1/crash", host: "127.0.0.1", port: server.port)
        #expect(crash.status == 500)
        let text = String(decoding: crash.body, as: UTF8.self)
        #expect(text.hasPrefix(#"{"error":{"code":"internal","#))
        #expect(!text.contains("secret"))
    }

    @Test func acceptsChunkedBodies() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let request = "POST /v1/count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + "a\r\n0123456789\r\n5\r\nabcde\r\n0\r\n\r\n"
        let (response, closed) = try await Self.raw(Array(request.utf8), port: server.port)
        #expect(closed)
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.hasSuffix("\r\n\r\n15"))
    }

    @Test func sends100ContinueBeforeTheBodyIsSent() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let handler = RecordingHandler()
        let connection = try await Connection.connect(host: "127.0.0.1", port: server.port,
                                                      tls: try TestTLS.clientContext(TestTLS.certificates.client), handler: handler)
        defer { connection.abort() }
        connection.write(Array("POST /v1/count HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n".utf8))
        #expect(await eventually { String(decoding: handler.snapshot.received, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n" })
        connection.write(Array("abcd".utf8))
        #expect(await eventually { String(decoding: handler.snapshot.received, as: UTF8.self).hasSuffix("\r\n\r\n4") })
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let requests = (0..<5).map { "GET /v1/hello/p\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
            + "GET /v1/hello/last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let (response, closed) = try await Self.raw(Array(requests.utf8), port: server.port)
        #expect(closed)
        let names = response.split(separator: "\"hello\":\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(names == ["p0", "p1", "p2", "p3", "p4", "last"])
    }

    @Test(arguments: [
        ("GET /v1/hello/a HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 5000))\r\n\r\n", 431),
        ("GET /v1/hello/a HTTP/1.1\r\nHost: x\r\n" + (0..<60).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
        ("POST /v1/count HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", 413),
        ("GET /v1/hello/a HTTP/1.1\r\nHost x\r\n\r\n", 400),
        ("GARBAGE\r\n\r\n", 400),
    ])
    func refusesBadRequestsAndClosesWhileServingOthers(_ request: String, _ status: Int) async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let client = try Self.client()
        defer { client.shutdown() }
        let (response, closed) = try await Self.raw(Array(request.utf8), port: server.port)
        #expect(response.hasPrefix("HTTP/1.1 \(status) "), "got: \(response.prefix(80))")
        #expect(response.contains("Connection: close\r\n"))
        #expect(response.contains(#"{"error":{"code":""#))
        #expect(closed)
        let greeting = try await client.json("GET", "/v1/hello/after", host: "127.0.0.1", port: server.port, as: Greeting.self)
        #expect(greeting.hello == "after")
    }

    @Test func oversizedBodyStillGets413WhileTheClientKeepsSending() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let body = [UInt8](repeating: UInt8(ascii: "z"), count: 400_000)
        let request = Array("POST /v1/count HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        let (response, closed) = try await Self.raw(request, port: server.port)
        #expect(response.hasPrefix("HTTP/1.1 413 "), "got: \(response.prefix(80))")
        #expect(response.contains(#"{"error":{"code":"body_too_large","#))
        #expect(closed)
    }

    @Test func cutsOffSlowClientsAndKeepsServingOthers() async throws {
        try await offTheCooperativePool {
            var timeouts = HTTPServer.Timeouts()
            timeouts.requestHead = .seconds(2)
            let server = try Self.makeServer(timeouts: timeouts)
            defer { server.stop() }
            let slow = RecordingHandler()
            let connection = try await Connection.connect(host: "127.0.0.1", port: server.port,
                                                          tls: try TestTLS.clientContext(TestTLS.certificates.client), handler: slow)
            connection.write(Array("GET /v1/hello/slow HTTP/1.1\r\nHost: x\r\n".utf8))
            let client = try Self.client()
            defer { client.shutdown() }
            let clock = ContinuousClock()
            let start = clock.now
            var served = 0
            // The bound only stops a hang: the head timeout (2 s) ends the loop long before.
            while !slow.snapshot.closed, clock.now - start < .seconds(60) {
                connection.write(Array("X".utf8))
                let greeting = try await client.json("GET", "/v1/hello/fast", host: "127.0.0.1", port: server.port, as: Greeting.self)
                if greeting.hello == "fast" { served += 1 }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(slow.snapshot.closed)
            #expect(String(decoding: slow.snapshot.received, as: UTF8.self).hasPrefix("HTTP/1.1 408 "))
            #expect(served >= 1)
            let after = try await client.json("GET", "/v1/hello/after", host: "127.0.0.1", port: server.port, as: Greeting.self)
            #expect(after.hello == "after")
        }
    }

    @Test func keepsServingWhileAHandlerBlocksItsThread() async throws {
        let blockedHandlerStarted = Atomic<Bool>(false)
        let blockedHandlerDone = Atomic<Bool>(false)
        let release = Atomic<Bool>(false)
        var router = Router()
        router.get("/v1/block") { _, _ in
            blockedHandlerStarted.store(true, ordering: .releasing)
            // Holds its worker thread until the quick request was answered (bounded against a hang).
            let clock = ContinuousClock()
            let limit = clock.now + .seconds(60)
            while !release.load(ordering: .acquiring), clock.now < limit { usleep(5_000) }
            blockedHandlerDone.store(true, ordering: .releasing)
            return .text("done")
        }
        router.get("/v1/quick") { _, _ in .text("quick") }
        let server = HTTPServer(configuration: .init(), router: router, group: testGroup, workers: WorkerPool(threadCount: 2))
        try server.start()
        defer { server.stop() }
        let client = HTTPClient(group: testGroup)
        defer { client.shutdown() }
        let blocked = Task { try await client.send("GET", "/v1/block", host: "127.0.0.1", port: server.port) }
        defer { release.store(true, ordering: .releasing) }
        try #require(await eventually { blockedHandlerStarted.load(ordering: .acquiring) })
        let quick = try await client.send("GET", "/v1/quick", host: "127.0.0.1", port: server.port)
        #expect(String(decoding: quick.body, as: UTF8.self) == "quick")
        let blockedFinishedFirst = blockedHandlerDone.load(ordering: .acquiring)
        #expect(!blockedFinishedFirst)
        release.store(true, ordering: .releasing)
        #expect(try await blocked.value.status == 200)
    }

    @Test func clientReplacesAPooledConnectionTheServerClosed() async throws {
        try await offTheCooperativePool {
            // The first request must reach the fresh connection before the server gives up on
            // it: a margin for a loaded machine.
            var timeouts = HTTPServer.Timeouts()
            timeouts.idle = .seconds(3)
            let server = try Self.makeServer(timeouts: timeouts)
            defer { server.stop() }
            let client = try Self.client()
            defer { client.shutdown() }
            #expect(try await client.send("GET", "/v1/hello/one", host: "127.0.0.1", port: server.port).status == 200)
            #expect(await eventually { server.connectionCount == 0 }, "the server closed the idle connection")
            #expect(try await client.send("GET", "/v1/hello/two", host: "127.0.0.1", port: server.port).status == 200)
            #expect(client.openedConnectionCount == 2)
        }
    }

    @Test func closesIdleKeepAliveConnections() async throws {
        var timeouts = HTTPServer.Timeouts()
        timeouts.idle = .milliseconds(300)
        let server = try Self.makeServer(timeouts: timeouts)
        defer { server.stop() }
        let handler = RecordingHandler()
        _ = try await Connection.connect(host: "127.0.0.1", port: server.port,
                                         tls: try TestTLS.clientContext(TestTLS.certificates.client), handler: handler)
        #expect(await eventually { handler.snapshot.closed })
        #expect(handler.snapshot.error == nil)
    }

    @Test func cutsOffAClientThatStallsDuringTheHandshake() async throws {
        var timeouts = HTTPServer.Timeouts()
        timeouts.handshake = .milliseconds(300)
        let server = try Self.makeServer(timeouts: timeouts)
        defer { server.stop() }
        let handler = RecordingHandler()
        let plain = try await Connection.connect(host: "127.0.0.1", port: server.port, tls: nil, handler: handler)
        plain.write([0x16, 0x03, 0x01])
        #expect(await eventually { handler.snapshot.closed })
        #expect(await eventually { server.connectionCount == 0 })
    }

    @Test func middlewareSetsRequestIDAuthenticatesLogsAndRateLimits() async throws {
        let lines = Mutex<[String]>([])
        let middleware: [any HTTPMiddleware] = [
            RequestIDMiddleware(),
            AccessLogMiddleware { line in lines.withLock { $0.append(line) } },
            AuthenticationMiddleware(publicRoutes: ["/v1/hello/{name}"]) { request, context in
                guard request.headers["Authorization"] == "Bearer good" else {
                    throw HTTPError(status: 401, code: "unauthenticated", message: "present a valid token")
                }
                var context = context
                context.principal = "user:ops"
                return context
            },
            RateLimitMiddleware(limiter: TokenBucketRateLimiter(perSecond: 0.001, burst: 3)),
        ]
        let server = try Self.makeServer(tls: false, middleware: middleware)
        defer { server.stop() }
        let client = HTTPClient(group: testGroup)
        defer { client.shutdown() }

        let anonymous = try await client.send("GET", "/v1/whoami", headers: ["X-Request-Id": "req-42"], host: "127.0.0.1", port: server.port)
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["X-Request-Id"] == "req-42")
        let known = try await client.send("GET", "/v1/whoami", headers: ["Authorization": "Bearer good"], host: "127.0.0.1", port: server.port)
        #expect(String(decoding: known.body, as: UTF8.self) == "user:ops")
        #expect(known.headers["X-Request-Id"]?.count == 32)

        var statuses: [Int] = []
        for _ in 0..<5 {
            statuses.append(try await client.send("GET", "/v1/hello/x", host: "127.0.0.1", port: server.port).status)
        }
        #expect(statuses == [200, 200, 200, 429, 429])
        #expect(lines.withLock { $0.count } == 7)
        #expect(lines.withLock { $0[0] }.contains("GET /v1/whoami 401"))
        #expect(lines.withLock { $0[0] }.contains("id=req-42"))
    }

    @Test func reloadedCertificatesServeNewConnections() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let spare = HTTPClient(configuration: .init(tls: try TestTLS.clientContext(TestTLS.certificates.spareClient)), group: testGroup)
        defer { spare.shutdown() }
        #expect(try await spare.send("GET", "/v1/hello/a", host: "127.0.0.1", port: server.port).status == 200)
        try server.reloadTLS(TestTLS.serverConfiguration(crls: TestTLS.certificates.crlRevokingSparePEM))
        let fresh = HTTPClient(configuration: .init(tls: try TestTLS.clientContext(TestTLS.certificates.spareClient)), group: testGroup)
        await #expect(throws: NetError.self) {
            _ = try await fresh.send("GET", "/v1/hello/b", host: "127.0.0.1", port: server.port)
        }
    }
}
