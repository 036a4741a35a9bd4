import BaaSCrypto
import BaaSLedger
import BaaSPKCS11
import BaaSTestSupport
import Foundation
import Testing
@testable import BaaSAgent

/// `node.prepare` / `node.remove` on an agent configured with a real SoftHSM2 token: node keys are
/// made in the token, never in files (except an SM2 member key), and removal deletes them.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct DeployHSMKeyTests {
    let setup = SoftHSMFixture.setup

    func token() throws -> PKCS11Token {
        try PKCS11Token(module: PKCS11Module.load(path: SoftHSMFixture.modulePath), label: "nodes", pin: .file(setup.pinFile))
    }

    func handler() throws -> (DeployHandler, String) {
        let state = setup.directory + "/deploy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let pkcs11 = AgentConfiguration.PKCS11(module: SoftHSMFixture.modulePath, tokenLabel: "nodes", pinFile: setup.pinFile)
        return (DeployHandler(stateDirectory: state, pkcs11: pkcs11), state)
    }

    func call<T: Decodable>(_ handler: DeployHandler, _ method: String, _ body: some Encodable, as type: T.Type) async throws -> T {
        let response = try #require(await handler.handle(method: method, body: AgentWire.encode(body)))
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        return try AgentWire.decode(T.self, from: response.body)
    }

    @Test func p256NodeKeysAreMadeInTheTokenAndRemovedWithTheNode() async throws {
        let (handler, state) = try handler()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let nodeID = "net\(UUID().uuidString.prefix(8))-1"
        let request = NodePrepareRequest(nodeID: nodeID, commonName: "node-1", algorithm: "p256")
        let answer = try await call(handler, DeployWire.prepare, request, as: NodePrepareResponse.self)
        #expect(answer.keyStore == "hsm")
        #expect(answer.memberCSR == nil && answer.detail == nil)
        let tokenKey = try #require(answer.tokenKey)
        // The agent's wire form reads as the node configuration's `tls.pkcs11` (they cannot drift).
        let asConfigured = try JSONDecoder().decode(NodeConfiguration.PKCS11Key.self, from: JSONEncoder().encode(tokenKey))
        #expect(asConfigured == NodeConfiguration.PKCS11Key(module: SoftHSMFixture.modulePath, tokenLabel: "nodes",
                                                            keyLabel: "baas/\(nodeID)/tls", pinFile: setup.pinFile))

        let tls = try CertificateSigningRequest(pem: answer.tlsCSR)
        let relay = try CertificateSigningRequest(pem: answer.clientCSR)
        #expect(tls.isSignatureValid && relay.isSignatureValid)
        #expect(tls.publicKey == (try token().signer(label: "baas/\(nodeID)/tls").publicKey))
        #expect(relay.publicKey == (try token().signer(label: "baas/\(nodeID)/relay").publicKey))
        let held = try token().privateKeys().filter { $0.label.hasPrefix("baas/\(nodeID)/") }
        #expect(Set(held.map(\.label)) == ["baas/\(nodeID)/tls", "baas/\(nodeID)/relay"])
        #expect(held.allSatisfy { !$0.extractable && $0.sensitive })
        let files = try FileManager.default.contentsOfDirectory(atPath: state + "/nodes/" + nodeID)
        #expect(!files.contains { $0.hasSuffix(".key") }, "no key file: \(files)")

        let again = try await call(handler, DeployWire.prepare, request, as: NodePrepareResponse.self)
        #expect(try CertificateSigningRequest(pem: again.tlsCSR).publicKey == tls.publicKey, "a retried job reuses the key")

        let removed = try #require(await handler.handle(method: DeployWire.remove, body: AgentWire.encode(NodeRemoveRequest(nodeID: nodeID))))
        #expect(removed.status == 200)
        #expect(try token().privateKeys().contains { $0.label.hasPrefix("baas/\(nodeID)/") } == false)
        #expect(!FileManager.default.fileExists(atPath: state + "/nodes/" + nodeID))
    }

    @Test func sm2NetworksKeepTLSKeysInTheTokenAndTheMemberKeyInAFileAndSaySo() async throws {
        let (handler, state) = try handler()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let nodeID = "net\(UUID().uuidString.prefix(8))-2"
        defer { _ = try? handler.remove(NodeRemoveRequest(nodeID: nodeID)) }
        let answer = try await call(handler, DeployWire.prepare,
                                    NodePrepareRequest(nodeID: nodeID, commonName: "node-2", algorithm: "sm2"), as: NodePrepareResponse.self)
        #expect(answer.keyStore == "hsm")
        #expect(answer.tokenKey?.keyLabel == "baas/\(nodeID)/tls")
        let member = try CertificateSigningRequest(pem: try #require(answer.memberCSR))
        #expect(member.publicKey.algorithm == .sm2)
        #expect((answer.detail ?? "").contains("SM2"), "the answer says the member key is a file")
        let directory = state + "/nodes/" + nodeID
        #expect(FileManager.default.fileExists(atPath: directory + "/member.key"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/node.key"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/client.key"))
    }

    @Test func nodesGetTheModulesEnvironmentAndTheCredentialDirectoryButNothingElse() {
        let agent = ["SOFTHSM2_CONF": "/etc/softhsm2.conf", "CREDENTIALS_DIRECTORY": "/run/credentials/baas-agent.service",
                     "HOME": "/root", "VENDOR_HSM_CONF": "/etc/vendor.conf", "BAAS_PKCS11_LOCK": "/var/lib/baas/agent/pkcs11.lock"]
        let byFile = AgentConfiguration.PKCS11(module: "/lib/x.so", tokenLabel: "t", pinFile: "/etc/baas/pin")
        #expect(byFile.nodeEnvironment(from: agent) == ["SOFTHSM2_CONF": "/etc/softhsm2.conf",
                                                         "BAAS_PKCS11_LOCK": "/var/lib/baas/agent/pkcs11.lock"])
        let byCredential = AgentConfiguration.PKCS11(module: "/lib/x.so", tokenLabel: "t", pinCredential: "hsm-pin",
                                                     passEnvironment: ["VENDOR_HSM_CONF"])
        #expect(byCredential.nodeEnvironment(from: agent) == ["VENDOR_HSM_CONF": "/etc/vendor.conf",
                                                               "BAAS_PKCS11_LOCK": "/var/lib/baas/agent/pkcs11.lock",
                                                               "CREDENTIALS_DIRECTORY": "/run/credentials/baas-agent.service"])
        let configured = AgentConfiguration(pkcs11: byFile)
        #expect(configured.hostHSM == HostFacts.HSM(module: "/lib/x.so", tokenLabel: "t", algorithms: ["p256"]))
        #expect(AgentConfiguration().hostHSM == nil)
    }
}
