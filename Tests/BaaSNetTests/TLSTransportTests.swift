import BaaSCrypto
import BaaSNet
import Foundation
import Testing

@Suite struct TLSTransportTests {
    private func startEchoServer(_ tls: ReloadableTLSContext, records: RecordingLog) throws -> Listener {
        try Listener(tls: tls, group: testGroup) { _ in
            let handler = RecordingHandler(echo: true)
            records.add(handler)
            return handler
        }
    }

    @Test func handshakeWithValidClientCertificateExposesPeerIdentity() async throws {
        let log = RecordingLog()
        let listener = try startEchoServer(try TestTLS.serverContext(), records: log)
        defer { listener.close() }
        let client = RecordingHandler()
        let connection = try await Connection.connect(host: "127.0.0.1", port: listener.port,
                                                      tls: try TestTLS.clientContext(TestTLS.certificates.client),
                                                      handler: client)
        connection.write(Array("ping".utf8))
        #expect(await eventually { client.snapshot.received == Array("ping".utf8) })
        #expect(connection.tlsVersion == "TLSv1.3")
        #expect(connection.peerIdentity?.commonName == "localhost")

        let server = try #require(log.handlers.first)
        let peer = try #require(server.snapshot.peer)
        #expect(peer.commonName == "agent-1")
        #expect(peer.subjectAlternativeNames == ["DNS:agent-1.hosts.baas", "URI:baas:host:1"])
        let fingerprint = try TestCertificates.openssl(["x509", "-noout", "-fingerprint", "-sha256"],
                                                       input: TestTLS.certificates.client.certificatePEM)
        let expected = fingerprint.split(separator: "=").last!.replacingOccurrences(of: ":", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        #expect(peer.fingerprintSHA256 == expected)
        let serial = try TestCertificates.openssl(["x509", "-noout", "-serial"], input: TestTLS.certificates.client.certificatePEM)
        #expect(serial.trimmingCharacters(in: .whitespacesAndNewlines) == "serial=\(peer.serialNumber)")
        connection.close()
        #expect(await eventually { server.snapshot.closed && client.snapshot.closed })
        #expect(server.snapshot.error == nil)
    }

    enum BadClient: String, CaseIterable, Sendable {
        case none, otherCA, revoked, expired

        var identity: TestCertificates.Identity? {
            let pki = TestTLS.certificates
            switch self {
            case .none: return nil
            case .otherCA: return pki.otherCAClient
            case .revoked: return pki.revokedClient
            case .expired: return pki.expiredClient
            }
        }

        var serverReason: String {
            switch self {
            case .none: return "certificate"
            case .otherCA: return "unable to get local issuer certificate"
            case .revoked: return "certificate revoked"
            case .expired: return "certificate has expired"
            }
        }
    }

    @Test(arguments: BadClient.allCases)
    func rejectsClientWithoutAValidCertificate(_ bad: BadClient) async throws {
        let log = RecordingLog()
        let listener = try startEchoServer(try TestTLS.serverContext(), records: log)
        defer { listener.close() }
        let client = RecordingHandler()
        // TLS 1.3: the client may finish its handshake before the server judges its certificate,
        // so the rejection can also arrive as a close on the first read.
        do {
            let connection = try await Connection.connect(host: "127.0.0.1", port: listener.port,
                                                          tls: try TestTLS.clientContext(bad.identity), handler: client)
            connection.write(Array("hello".utf8))
            #expect(await eventually { client.snapshot.closed })
            #expect(client.snapshot.error != nil)
        } catch let error as NetError {
            #expect(error.code == "net.tls_handshake")
        }
        #expect(client.snapshot.received.isEmpty)
        #expect(await eventually { log.handlers.first?.snapshot.closed == true })
        let server = try #require(log.handlers.first).snapshot
        #expect(!server.active)
        #expect(server.received.isEmpty)
        let reason = server.error?.message ?? ""
        #expect(reason.contains(bad.serverReason), "server said: \(reason)")
    }

    @Test func reloadedCRLAppliesToNewConnectionsOnly() async throws {
        let tls = try TestTLS.serverContext()
        let log = RecordingLog()
        let listener = try startEchoServer(tls, records: log)
        defer { listener.close() }
        let spare = try TestTLS.clientContext(TestTLS.certificates.spareClient)

        let before = RecordingHandler()
        let open = try await Connection.connect(host: "127.0.0.1", port: listener.port, tls: spare, handler: before)
        open.write([1])
        #expect(await eventually { before.snapshot.received == [1] })

        try tls.reload(TestTLS.serverConfiguration(crls: TestTLS.certificates.crlRevokingSparePEM))

        let after = RecordingHandler()
        do {
            let connection = try await Connection.connect(host: "127.0.0.1", port: listener.port, tls: spare, handler: after)
            connection.write([2])
            #expect(await eventually { after.snapshot.closed })
        } catch {}
        #expect(after.snapshot.received.isEmpty)

        open.write([3])
        #expect(await eventually { before.snapshot.received == [1, 3] })
        open.close()
    }

    @Test func reloadWithBrokenConfigurationKeepsTheOldContext() throws {
        let tls = try TestTLS.serverContext()
        let old = tls.current
        var broken = TestTLS.serverConfiguration()
        broken.privateKeyPEM = TestTLS.certificates.client.keyPEM
        #expect(throws: CryptoError("crypto.tls_key_mismatch", "")) { try tls.reload(broken) }
        #expect(tls.current === old)
    }

    @Test func clientRejectsServerFromAnotherCA() async throws {
        let listener = try startEchoServer(try TestTLS.serverContext(), records: RecordingLog())
        defer { listener.close() }
        let context = try TLSContext(configuration: TLSConfiguration(
            certificateChainPEM: TestTLS.certificates.client.certificatePEM, privateKeyPEM: TestTLS.certificates.client.keyPEM,
            trustedRootsPEM: TestTLS.certificates.otherRootPEM), role: .client)
        await #expect(throws: NetError("net.tls_handshake", "")) {
            _ = try await Connection.connect(host: "127.0.0.1", port: listener.port, tls: context, handler: RecordingHandler())
        }
    }

    @Test func largeTransfersArriveIntact() async throws {
        let listener = try startEchoServer(try TestTLS.serverContext(), records: RecordingLog())
        defer { listener.close() }
        let client = RecordingHandler()
        let connection = try await Connection.connect(host: "127.0.0.1", port: listener.port,
                                                      tls: try TestTLS.clientContext(TestTLS.certificates.client), handler: client)
        let payload = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        connection.write(payload)
        #expect(await eventually(timeout: .seconds(20)) { client.snapshot.received.count == payload.count })
        #expect(client.snapshot.received == payload)
        connection.close()
    }
}

/// Collects the handlers a listener created.
final class RecordingLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [RecordingHandler] = []

    func add(_ handler: RecordingHandler) {
        lock.lock()
        list.append(handler)
        lock.unlock()
    }

    var handlers: [RecordingHandler] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
