import BaaSCrypto
import BaaSNet
import Foundation
import Testing

/// The server speaks to the standard tools an operator would use.
@Suite struct InteropTests {
    private static func server() throws -> HTTPServer {
        var router = Router()
        router.get("/v1/who") { request, _ in
            try .json(["cn": request.peerIdentity?.commonName ?? "-"])
        }
        let server = HTTPServer(configuration: .init(tls: try TestTLS.serverContext()), router: router, group: testGroup, workers: testWorkers)
        try server.start()
        return server
    }

    @Test func curlTalksMutualTLS() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let files = try TestTLS.certificates.writeFiles()
        defer { try? FileManager.default.removeItem(at: files) }
        let output = try await TestCertificates.runOffPool("/usr/bin/curl", [
            "--silent", "--show-error", "--max-time", "60", "--tlsv1.3",
            "--cacert", files.appendingPathComponent("root.pem").path,
            "--cert", files.appendingPathComponent("client.pem").path,
            "--key", files.appendingPathComponent("client.key").path,
            "https://localhost:\(server.port)/v1/who", "https://localhost:\(server.port)/v1/who",
        ])
        #expect(output == #"{"cn":"agent-1"}{"cn":"agent-1"}"#)
    }

    @Test func curlWithoutClientCertificateIsRefused() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let files = try TestTLS.certificates.writeFiles()
        defer { try? FileManager.default.removeItem(at: files) }
        await #expect(throws: FixtureError.self) {
            try await TestCertificates.runOffPool("/usr/bin/curl", ["--silent", "--show-error", "--max-time", "60",
                                                       "--cacert", files.appendingPathComponent("root.pem").path,
                                                       "https://localhost:\(server.port)/v1/who"])
        }
    }

    @Test(arguments: [(TLSConfiguration.ProtocolVersion.tls13, false), (.tls12, true)])
    func tls12IsRefusedUnlessEnabled(_ minimum: TLSConfiguration.ProtocolVersion, _ accepted: Bool) async throws {
        var configuration = TestTLS.serverConfiguration()
        configuration.minimumVersion = minimum
        var router = Router()
        router.get("/v1/version") { _, _ in .text("ok") }
        let server = HTTPServer(configuration: .init(tls: try ReloadableTLSContext(configuration: configuration, role: .server)),
                                router: router, group: testGroup, workers: testWorkers)
        try server.start()
        defer { server.stop() }
        let files = try TestTLS.certificates.writeFiles()
        defer { try? FileManager.default.removeItem(at: files) }
        let attempt = {
            try await TestCertificates.runOffPool("/usr/bin/openssl", [
                "s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_2", "-quiet", "-verify_return_error",
                "-CAfile", files.appendingPathComponent("root.pem").path,
                "-cert", files.appendingPathComponent("client.pem").path,
                "-key", files.appendingPathComponent("client.key").path,
            ], input: "GET /v1/version HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        }
        if accepted {
            #expect(try await attempt().hasSuffix("ok"))
        } else {
            await #expect(throws: FixtureError.self) { _ = try await attempt() }
        }
    }

    @Test func opensslSClientCompletesTheHandshake() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let files = try TestTLS.certificates.writeFiles()
        defer { try? FileManager.default.removeItem(at: files) }
        let output = try await TestCertificates.runOffPool("/usr/bin/openssl", [
            "s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_3", "-quiet", "-verify_return_error",
            "-CAfile", files.appendingPathComponent("root.pem").path,
            "-cert", files.appendingPathComponent("client.pem").path,
            "-key", files.appendingPathComponent("client.key").path,
        ], input: "GET /v1/who HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(output.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(output.hasSuffix(#"{"cn":"agent-1"}"#))
    }
}
