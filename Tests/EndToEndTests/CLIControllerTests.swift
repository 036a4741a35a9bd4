import Foundation
import BaaSTestSupport
import Testing

/// `baasctl` against a real `baas-controller serve`, as an operator uses it.
@Suite(.blocking, .serialized) struct CLIControllerTests {
    /// Runs `baasctl` with the controller's address and a private config folder.
    struct Operator {
        let controller: CLIControllerProcess
        var configHome: String { controller.folder.appendingPathComponent("config").path }
        var configPath: String { configHome + "/baas/config.json" }

        func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProgramRunner.Result {
            try CLIRunner.run("baasctl", arguments,
                              environment: ["XDG_CONFIG_HOME": configHome, "BAAS_CONTROLLER": controller.url].merging(environment) { $1 })
        }

        /// Runs a command that must succeed and parses its JSON output.
        func json(_ arguments: [String], environment: [String: String] = [:]) throws -> [String: Any] {
            let result = try run(arguments + ["--output", "json"], environment: environment)
            try #require(result.status == 0, "baasctl \(arguments.joined(separator: " ")): \(result.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return try #require(object, "not a JSON object: \(result.stdout)")
        }

        func names(_ listing: [String: Any], _ key: String) -> [String] {
            ((listing["items"] as? [[String: Any]]) ?? []).compactMap { $0[key] as? String }
        }
    }

    @Test func operatorManagesTenantsUsersTokensAndAudit() throws {
        let controller = try CLIControllerProcess()
        defer { controller.stop() }
        let op = Operator(controller: controller)
        let adminPassword = try controller.file("admin.pw", controller.adminPassword + "\n")
        let ownerPassword = try controller.file("owner.pw", "owner-password-0123\n")

        let login = try op.json(["login", "admin", "--password-file", adminPassword])
        #expect((login["user"] as? [String: Any])?["username"] as? String == "admin")
        #expect(login["token"] == nil, "the session token is stored, not printed")
        let mode = try FileManager.default.attributesOfItem(atPath: op.configPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: op.configPath))) as? [String: Any]
        #expect((stored?["token"] as? String)?.hasPrefix("bss_") == true)
        #expect(stored?["controller"] as? String == controller.url)

        let me = try op.json(["whoami"])
        #expect(me["username"] as? String == "admin")
        #expect(me["role"] as? String == "platform_admin")

        let created = try op.json(["tenant", "create", "acme", "--owner", "alice", "--owner-password-file", ownerPassword,
                                   "--display-name", "Acme Corp"])
        let tenant = try #require(created["tenant"] as? [String: Any])
        let tenantID = try #require(tenant["id"] as? String)
        #expect(tenant["display_name"] as? String == "Acme Corp")
        #expect(op.names(try op.json(["tenant", "list"]), "name") == ["acme"])
        #expect(try op.json(["tenant", "get", tenantID])["name"] as? String == "acme")

        let bob = try op.json(["user", "create", "bob", "--role", "viewer", "--tenant", tenantID, "--password-file", ownerPassword])
        #expect(bob["role"] as? String == "viewer")
        let bobID = try #require(bob["id"] as? String)
        #expect(Set(op.names(try op.json(["user", "list", "--tenant", tenantID]), "username")) == ["alice", "bob"])
        #expect(try op.json(["user", "get", bobID])["username"] as? String == "bob")

        let table = try op.run(["user", "list", "--tenant", tenantID, "--output", "table"])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true && lines.first?.contains("USERNAME") == true)
        #expect(lines.count == 3)

        // Deleting a user is critical: without a second factor the controller refuses it.
        let refused = try op.run(["user", "delete", bobID])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("baasctl: "))
        #expect(refused.stderr.contains("[controller.second_factor_not_enrolled]"))

        let issued = try op.json(["token", "create", "ci", "--scopes", "tenant:read", "--expires-in", "1h"])
        let secret = try #require(issued["secret"] as? String)
        #expect(secret.hasPrefix("bat_"))
        let tokenID = try #require((issued["token"] as? [String: Any])?["id"] as? String)
        #expect(op.names(try op.json(["token", "list"]), "name") == ["ci"])
        #expect(op.names(try op.json(["tenant", "list"], environment: ["BAAS_TOKEN": secret]), "name") == ["acme"])
        let outOfScope = try op.run(["user", "list"], environment: ["BAAS_TOKEN": secret])
        #expect(outOfScope.status == 1)
        _ = try op.json(["token", "revoke", tokenID])
        let revoked = try op.run(["tenant", "list", "--token", secret])
        #expect(revoked.status == 1)
        #expect(revoked.stderr.contains("[controller."))

        let creations = try op.json(["audit", "list", "--action", "tenant.create"])
        #expect(op.names(creations, "action") == ["tenant.create"])
        #expect(op.names(creations, "target") == [tenantID])
        let verify = try op.json(["audit", "verify"])
        #expect(verify["valid"] as? Bool == true)
        #expect((verify["entries_checked"] as? Int ?? 0) >= 6)

        let logout = try op.run(["logout"])
        #expect(logout.status == 0)
        let after = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: op.configPath))) as? [String: Any]
        #expect(after?["token"] == nil)
        let whoami = try op.run(["whoami"])
        #expect(whoami.status == 1)
        #expect(whoami.stderr.contains("Not logged in"))
        let old = try #require(stored?["token"] as? String)
        let ended = try op.run(["whoami", "--token", old])
        #expect(ended.status == 1, "the logged-out session no longer works")
    }

    @Test func wrongPasswordFailsWithTheControllersMessage() throws {
        let controller = try CLIControllerProcess()
        defer { controller.stop() }
        let op = Operator(controller: controller)
        let wrong = try controller.file("wrong.pw", "not-the-password\n")
        let result = try op.run(["login", "admin", "--password-file", wrong])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "baasctl: Wrong username or password. [controller.invalid_credentials]\n")
        #expect(!FileManager.default.fileExists(atPath: op.configPath))
    }

    @Test(arguments: [
        ["tenant", "list", "--bogus"],
        ["tenant", "frobnicate"],
        ["user", "create"],
        ["user", "set-role", "usr_1"],
        ["login"],
        ["whoami", "--output", "yaml"],
        ["audit", "list", "--limit", "0"],
        ["host", "join-token", "--labels", "zone=a"],
        ["host", "join-token", "--tenant", "ten_1", "--labels", "zone"],
        ["host", "join-token", "--tenant", "ten_1", "--ttl", "1w"],
        ["host", "get"],
        ["token", "create", "ci", "--scopes", "host:read", "--expires-in", "soon"],
    ])
    func usageErrorsExit2WithoutCallingTheController(arguments: [String]) throws {
        let result = try CLIRunner.run("baasctl", arguments, environment: ["BAAS_CONTROLLER": "http://127.0.0.1:1", "BAAS_TOKEN": "bss_x"])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
        #expect(!result.stderr.contains("Cannot reach"))
    }

    @Test func unreachableControllerSaysWhatToCheck() throws {
        let result = try CLIRunner.run("baasctl", ["tenant", "list", "--controller", "http://127.0.0.1:1", "--token", "bss_x"],
                                       environment: [:])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Cannot reach the controller at http://127.0.0.1:1"))
        #expect(result.stderr.contains("check the address"))
    }

    @Test func trustsATLSControllerThroughItsCAFile() throws {
        let pki = FileManager.default.temporaryDirectory.appendingPathComponent("baas-cli-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: pki, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: pki) }
        let certificate = pki.appendingPathComponent("controller.pem").path, key = pki.appendingPathComponent("controller.key").path
        let openssl = try CLIRunner.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                                                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                                             "-days", "1", "-nodes", "-keyout", key, "-out", certificate],
                                        environment: [:])
        try #require(openssl.status == 0, "openssl: \(openssl.stderr)")
        let controller = try CLIControllerProcess(settings: ["plain_http": false, "tls_certificate": certificate, "tls_private_key": key])
        defer { controller.stop() }
        #expect(controller.url.hasPrefix("https://127.0.0.1:"))
        let op = Operator(controller: controller)
        let password = try controller.file("admin.pw", controller.adminPassword + "\n")

        let untrusted = try op.run(["login", "admin", "--password-file", password])
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.contains("TLS with the controller at \(controller.url) failed"))
        #expect(untrusted.stderr.contains("--ca-file"))

        let trusted = try op.run(["login", "admin", "--password-file", password], environment: ["BAAS_CA_FILE": certificate])
        #expect(trusted.status == 0, "\(trusted.stderr)")
        // The stored CA file is used from then on, without flags or variables.
        #expect(try op.json(["whoami"])["username"] as? String == "admin")
    }

    @Test func helpIsAvailableAtEveryLevel() throws {
        for arguments in [["--help"], ["user", "--help"], ["host", "join-token", "--help"]] {
            let result = try CLIRunner.run("baasctl", arguments, environment: [:])
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("usage: baasctl"))
        }
    }
}
