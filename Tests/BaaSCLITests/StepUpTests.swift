@testable import BaaSCLI
import BaaSCore
import BaaSNet
import Testing

/// `--totp CODE` on a critical command proves the second factor before the operation itself.
@Suite struct StepUpTests {
    @Test func criticalCommandStepsUpFirst() async throws {
        var router = Router()
        router.post("/v1/sessions/current/step-up") { _, _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"],
                         body: Array(#"{"second_factor_at":"2026-11-25T01:00:00Z","valid_until":"2026-11-25T01:05:00Z"}"#.utf8))
        }
        router.delete("/v1/users/{id}") { _, _ in HTTPResponse(status: 204) }
        let recording = RecordingMiddleware()
        let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), router: router, middleware: [recording])
        try server.start()
        defer { server.stop() }

        let code = await UserCommands.delete(["usr_1", "--totp", "123456", "--controller", "http://127.0.0.1:\(server.port)",
                                              "--token", "bss_t", "--output", "json"])
        #expect(code == .ok)
        let seen = recording.log.withLock { $0 }
        #expect(seen.map { "\($0.method) \($0.path)" } == ["POST /v1/sessions/current/step-up", "DELETE /v1/users/usr_1"])
        #expect(try JSONValue.parse(seen.first?.body ?? []) == .object(["totp": .string("123456")]))
    }

    @Test func refusedStepUpStopsTheOperation() async throws {
        var router = Router()
        router.post("/v1/sessions/current/step-up") { _, _ in
            throw HTTPError(status: 401, code: "controller.invalid_totp", message: "Wrong code.")
        }
        router.delete("/v1/users/{id}") { _, _ in HTTPResponse(status: 204) }
        let recording = RecordingMiddleware()
        let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), router: router, middleware: [recording])
        try server.start()
        defer { server.stop() }

        let code = await UserCommands.delete(["usr_1", "--totp", "000000", "--controller", "http://127.0.0.1:\(server.port)",
                                              "--token", "bss_t"])
        #expect(code == .failed)
        #expect(recording.log.withLock { $0.map(\.method) } == ["POST"])
    }
}
