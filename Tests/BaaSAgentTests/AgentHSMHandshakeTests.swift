import BaaSAgent
import BaaSCrypto
import BaaSNet
import BaaSTestSupport
import Foundation
import Testing

/// The agent's TLS client key generated in and used from a real SoftHSM2 token.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AgentHSMHandshakeTests {
    struct Silent: ChannelHandler {}

    @Test func agentKeyLivesInTheTokenAndTheMutualTLSHandshakeWorks() async throws {
        let setup = SoftHSMFixture.setup
        let state = setup.directory + "/state-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let configuration = AgentConfiguration(stateDirectory: state, pkcs11: .init(
            module: SoftHSMFixture.modulePath, tokenLabel: "agent", pinFile: setup.pinFile, keyLabel: "baas-agent-test"))
        let store = AgentKeyStore(configuration: configuration)
        let key = try store.key(create: true)
        #expect(key.isExternal)
        #expect(!FileManager.default.fileExists(atPath: AgentIdentity.keyPath(state)))
        #expect(try store.key(create: false).publicKey == key.publicKey)

        let caKey = PrivateKey.generate(.p256)
        let now = Date()
        let ca = try CertificateIssuer.selfSigned(.rootCA(subject: DistinguishedName(commonName: "test root"),
                                                          notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(3600)),
                                                  signer: caKey)
        let client = try ca.issue(.leaf(subject: DistinguishedName(commonName: "host_hsm"), notBefore: now.addingTimeInterval(-60),
                                        notAfter: now.addingTimeInterval(3600), extendedKeyUsage: [.clientAuth]), for: key.publicKey)
        let serverKey = PrivateKey.generate(.p256)
        let serverCertificate = try ca.issue(.leaf(subject: DistinguishedName(commonName: "controller"),
                                                   subjectAlternativeNames: [.ip("127.0.0.1")], notBefore: now.addingTimeInterval(-60),
                                                   notAfter: now.addingTimeInterval(3600), extendedKeyUsage: [.serverAuth]),
                                             for: serverKey.publicKey)
        let serverTLS = try ReloadableTLSContext(configuration: TLSConfiguration(
            certificateChainPEM: serverCertificate.pem(), privateKeyPEM: serverKey.pemPKCS8(),
            trustedRootsPEM: ca.certificate.pem(), requireClientCertificate: true), role: .server)
        let server = try ChannelServer(tls: serverTLS, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: 1...1, role: .controller, identity: "controller")), handler: Silent())
        defer { server.close() }

        let channelClient = ChannelClient(host: "127.0.0.1", port: server.port,
                                          tls: try AgentKeyStore.clientContext(certificate: client, key: key, ca: ca.certificate),
                                          configuration: ChannelConfiguration(hello: ChannelHello(versions: 1...1, role: .agent, identity: "host_hsm")),
                                          handler: Silent(), backoff: ReconnectBackoff(base: .milliseconds(50), cap: .milliseconds(400)))
        let running = Task { await channelClient.run() }
        defer { channelClient.stop(); running.cancel() }
        let deadline = ContinuousClock.now + .seconds(60)
        while server.openChannels.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let accepted = try #require(server.openChannels.first)
        #expect(accepted.peerIdentity?.commonName == "host_hsm")
        #expect(accepted.peer?.identity == "host_hsm")
    }
}
