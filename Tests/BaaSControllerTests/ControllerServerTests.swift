import BaaSController
import BaaSCrypto
import BaaSNet
import BaaSSQLite
import Foundation
import Testing

/// The controller as an operator runs it: config, first admin, HTTPS, offline audit check.
struct ControllerServerTests {
    func configuration(in directory: TemporaryDirectory) throws -> ControllerConfiguration {
        let pki = try TestPKI.shared
        try pki.serverCertificatePEM.write(toFile: directory.file("tls.pem"), atomically: true, encoding: .utf8)
        try pki.serverKeyPEM.write(toFile: directory.file("tls.key"), atomically: true, encoding: .utf8)
        var configuration = ControllerConfiguration()
        try configuration.apply(flags: ["--database", directory.file("state.sqlite"), "--listen", "127.0.0.1:0",
                                        "--tls-certificate", directory.file("tls.pem"), "--tls-private-key", directory.file("tls.key")])
        return configuration
    }

    @Test func servesHTTPSWithTheConfiguredFirstAdminAndStopsWhenCancelled() async throws {
        let directory = try TemporaryDirectory()
        var configuration = try configuration(in: directory)
        try "the admin's first password\n".write(toFile: directory.file("admin-password"), atomically: true, encoding: .utf8)
        try configuration.apply(flags: ["--admin-username", "boss", "--admin-password-file", directory.file("admin-password")])
        let server = try ControllerServer(configuration: configuration,
                                          crypto: OpenSSLCryptography(passwordParameters: .init(logN: 10, r: 8, p: 1)))
        #expect(server.generatedAdminPassword == nil)
        let running = Task { try await server.run() }
        defer { running.cancel() }
        for _ in 0..<250 where server.port == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(server.url == "https://127.0.0.1:\(server.port)")

        let client = HTTPClient(configuration: .init(tls: try TLSContext(configuration: TLSConfiguration(trustedRootsPEM: try TestPKI.shared.rootPEM),
                                                                         role: .client), serverName: "localhost"))
        defer { client.shutdown() }
        let body = Array(try JSONSerialization.data(withJSONObject: ["username": "boss", "password": "the admin's first password"]))
        let login = try await client.send("POST", "/v1/sessions", headers: ["Content-Type": "application/json"], body: body,
                                          host: "127.0.0.1", port: server.port)
        #expect(login.status == 201)
        running.cancel()
        _ = await running.result
        let refused = try? await client.send("GET", "/healthz", host: "127.0.0.1", port: server.port)
        #expect(refused == nil)
    }

    @Test func aClientOverItsRequestBudgetGets429() async throws {
        let directory = try TemporaryDirectory()
        var configuration = try configuration(in: directory)
        try configuration.apply(flags: ["--requests-per-second", "1", "--request-burst", "3"])
        #expect(configuration.requestsPerSecond == 1)
        // Refilling one request a second would make the outcome depend on how fast this machine
        // sends five requests; the flags allow no slower rate, so set it here.
        configuration.requestsPerSecond = 0.001
        let server = try ControllerServer(configuration: configuration,
                                          crypto: OpenSSLCryptography(passwordParameters: .init(logN: 10, r: 8, p: 1)))
        let running = Task { try await server.run() }
        defer { running.cancel() }
        for _ in 0..<250 where server.port == 0 { try await Task.sleep(for: .milliseconds(20)) }
        let client = HTTPClient(configuration: .init(tls: try TLSContext(configuration: TLSConfiguration(trustedRootsPEM: try TestPKI.shared.rootPEM),
                                                                         role: .client), serverName: "localhost"))
        defer { client.shutdown() }
        var statuses: [Int] = []
        for _ in 0..<5 {
            statuses.append(try await client.send("GET", "/healthz", host: "127.0.0.1", port: server.port).status)
        }
        #expect(statuses.prefix(3).allSatisfy { $0 == 200 })
        #expect(statuses.last == 429)
    }

    @Test func firstStartGeneratesAnAdminPasswordOnceOnly() throws {
        let directory = try TemporaryDirectory()
        let configuration = try configuration(in: directory)
        let crypto = OpenSSLCryptography(passwordParameters: .init(logN: 10, r: 8, p: 1))
        let first = try ControllerServer(configuration: configuration, crypto: crypto)
        let password = try #require(first.generatedAdminPassword)
        #expect(password.count >= 24)
        _ = try first.domain.sessions.login(username: "admin", password: password, totp: nil, sourceAddress: "127.0.0.1")
        let second = try ControllerServer(configuration: configuration, crypto: crypto)
        #expect(second.generatedAdminPassword == nil)
    }

    @Test func auditVerifyCommandChecksADatabaseFile() async throws {
        let world = try ControllerWorld()
        #expect(await ControllerProgram.tool.run(["audit-verify", "--database", world.databasePath]) == .ok)
        let intruder = try SQLiteDatabase(path: world.databasePath)
        try intruder.execute("DROP TRIGGER audit_log_append_only_update")
        try intruder.run("UPDATE audit_log SET source_address = '10.9.9.9' WHERE sequence = 2")
        #expect(await ControllerProgram.tool.run(["audit-verify", "--database", world.databasePath]) == .failed)
        #expect(await ControllerProgram.tool.run(["audit-verify", "--database", world.directory.file("missing.sqlite")]) == .failed)
        #expect(await ControllerProgram.tool.run(["audit-verify"]) == .usage)
    }

    @Test func serveRefusesABadConfigurationWithAUsageOrFailureCode() async {
        #expect(await ControllerProgram.tool.run(["serve", "--colour", "blue"]) == .usage)
        #expect(await ControllerProgram.tool.run(["serve", "--database", "/nonexistent/dir/state.sqlite", "--plain-http"]) == .failed)
    }
}
