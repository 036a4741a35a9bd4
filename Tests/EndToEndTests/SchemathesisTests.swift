import Foundation
import BaaSTestSupport
import Testing

/// Fuzzes the live controller API from its own OpenAPI document with schemathesis: no 5xx and
/// every answer conforms to the documented schema.
@Suite(.blocking) struct SchemathesisTests {
    /// Operations that would end the fuzzer's own session (its bearer token) and leave the rest
    /// of the run testing nothing but 401s.
    static let sessionEnding = ["logout", "revokeUserSessions", "resetPassword"]

    @Test(.timeLimit(.minutes(3)))
    func liveAPIConformsToItsSchemaWithoutServerErrors() throws {
        let tool = try #require(CLIRunner.which("schemathesis"),
                                "schemathesis is not installed; run packaging/dev/install-deps.sh (pip install schemathesis)")
        // A request budget the fuzzer cannot exhaust: 429s would hide the answers under test.
        let controller = try CLIControllerProcess(settings: ["requests_per_second": 100_000, "request_burst": 100_000])
        defer { controller.stop() }
        let configHome = controller.folder.appendingPathComponent("config").path
        let password = try controller.file("admin.pw", controller.adminPassword + "\n")
        let login = try CLIRunner.run("baasctl", ["login", "admin", "--password-file", password, "--controller", controller.url],
                                      environment: ["XDG_CONFIG_HOME": configHome])
        try #require(login.status == 0, "login failed: \(login.stderr)")
        // Real objects to find: the fuzzer picks ids up from answers and reaches past 404s.
        let ownerPassword = try controller.file("owner.pw", "owner-password-0123\n")
        let environment = ["XDG_CONFIG_HOME": configHome]
        let tenant = try CLIRunner.run("baasctl", ["tenant", "create", "acme", "--owner", "alice",
                                                   "--owner-password-file", ownerPassword, "--output", "json"],
                                       environment: environment)
        try #require(tenant.status == 0, "tenant create failed: \(tenant.stderr)")
        let tenantID = try #require(((try JSONSerialization.jsonObject(with: Data(tenant.stdout.utf8)) as? [String: Any])?["tenant"]
                                      as? [String: Any])?["id"] as? String)
        let user = try CLIRunner.run("baasctl", ["user", "create", "bob", "--role", "viewer", "--tenant", tenantID,
                                                 "--password-file", ownerPassword], environment: environment)
        try #require(user.status == 0, "user create failed: \(user.stderr)")
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: configHome + "/baas/config.json")))
        let token = try #require((config as? [String: Any])?["token"] as? String)

        // One worker: CPython 3.11 builds ASTs with a recursion counter shared by threads, and two
        // workers fail at random with "AST constructor recursion depth mismatch" (cpython#106905).
        var arguments = ["run", controller.url + "/v1/openapi.json", "--url", controller.url,
                         "-H", "Authorization: Bearer \(token)",
                         "--checks", "not_a_server_error,response_schema_conformance",
                         "--phases", "examples,coverage,fuzzing", "--max-examples", "10", "--max-time", "60",
                         "--workers", "1", "--seed", "20261125", "--generation-database", "none",
                         "--request-timeout", "10", "--no-color", "--output-truncate", "true"]
        for operation in Self.sessionEnding { arguments += ["--exclude-operation-id", operation] }
        let result = try CLIRunner.run(tool, arguments, environment: ["SCHEMATHESIS_HOOKS": ""],
                                   directory: controller.folder, timeout: 150)
        #expect(result.status == 0, """
            schemathesis found problems (exit \(result.status)):
            \(result.stdout.suffix(6000))
            \(result.stderr.suffix(2000))
            controller log tail:
            \(controller.log.suffix(3000))
            """)
        #expect(result.stdout.contains("passed"))
    }
}
