import BaaSPKCS11
import BaaSTestSupport
import Foundation
import Testing

/// The deployment story with hosts whose agents have a PKCS#11 token (real SoftHSM2, the
/// fixture's token `nodes`, reached by every process through the inherited SOFTHSM2_CONF): node
/// keys are made in the token, never in files, the network commits, and rollback deletes them.
@Suite(.blocking, .serialized, .timeLimit(.minutes(8)))
struct DeployHSMEndToEndTests {
    let setup = SoftHSMFixture.setup

    func token() throws -> PKCS11Token {
        try PKCS11Token(module: PKCS11Module.load(path: SoftHSMFixture.modulePath), label: "nodes", pin: .file(setup.pinFile))
    }

    /// The platform's calls block (curl, polling): they run on a thread of their own, so this
    /// long test does not hold one of the two test-pool threads that async tests need.
    func off<T>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Unchecked<T>, any Error>) in
            Thread {
                do { continuation.resume(returning: Unchecked(value: try body())) } catch { continuation.resume(throwing: error) }
            }.start()
        }.value
    }

    struct Unchecked<T>: @unchecked Sendable { let value: T }

    @Test func nodeKeysAreMadeInTheHostsHSMsTheNetworkCommitsAndRollbackDeletesThem() async throws {
        let platform = try await off { try DeployPlatform() }
        do {
            try await scenario(platform)
        } catch {
            _ = try? await off { platform.stop() }
            throw error
        }
        try await off { platform.stop() }
    }

    func scenario(_ platform: DeployPlatform) async throws {
        let setup = self.setup
        let base = 20_000 + Int.random(in: 0..<300) * 40
        let agentKeys = ["hsm-a", "hsm-b"].map { "e2e-agent-\($0)-\(UUID().uuidString)" }
        defer { for label in agentKeys { _ = try? token().deleteKey(label: label) } }
        try await off {
            for (index, name) in ["hsm-a", "hsm-b"].enumerated() {
                try platform.startAgent(name, ports: (base + 20 * index)...(base + 20 * index + 19), settings: [
                    "pkcs11": ["module": SoftHSMFixture.modulePath, "token_label": "nodes", "pin_file": setup.pinFile,
                               "key_label": agentKeys[index]]])
            }
            try platform.waitForHosts(2)
        }
        let hosts = try await off { try platform.call("GET", "/v1/hosts") }.json["items"] as? [[String: Any]] ?? []
        for host in hosts {
            let hsm = (host["facts"] as? [String: Any])?["hsm"] as? [String: Any]
            #expect(hsm?["tokenLabel"] as? String == "nodes", "host facts say the host has an HSM: \(host)")
        }

        let created = try await off {
            try platform.call("POST", "/v1/networks", ["name": "hsm", "crypto": "p256",
                                                       "nodes": Array(repeating: ["selector": [String: String]()], count: 4)])
        }
        #expect(created.status == 202, "\(created.text)")
        let job = try #require((created.json["job"] as? [String: Any])?["id"] as? String)
        let networkID = try #require((created.json["network"] as? [String: Any])?["id"] as? String)
        let finished = try await off { try platform.waitForJob(job) }
        #expect(finished["status"] as? String == "succeeded", "\(finished)\n\(platform.controller.log.suffix(3000))")
        let steps = finished["steps"] as? [[String: Any]] ?? []
        let keysStep = steps.first { $0["name"] as? String == "node_keys" }
        let keysDetail = keysStep?["detail"] as? String ?? ""
        #expect(keysDetail.contains("4 in an HSM"), "\(keysStep ?? [:])")

        let nodeIDs = (1...4).map { "\(networkID)-\($0)" }
        let held = try token().privateKeys().filter { $0.label.hasPrefix("baas/\(networkID)-") }
        #expect(Set(held.map(\.label)) == Set(nodeIDs.flatMap { ["baas/\($0)/tls", "baas/\($0)/relay"] }))
        #expect(held.allSatisfy { !$0.extractable && $0.sensitive }, "\(held)")
        let nodeDirectories = ["hsm-a", "hsm-b"].map { platform.folder.appendingPathComponent("agent-\($0)/state/nodes") }
        var configs = 0
        for root in nodeDirectories {
            for node in ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []) where node.hasPrefix(networkID) {
                let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(node).path)
                #expect(!files.contains { $0.hasSuffix(".key") }, "\(node) has a key file: \(files)")
                let config = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(node + "/config.json")))
                let tls = (config as? [String: Any])?["tls"] as? [String: Any] ?? [:]
                #expect(tls["key"] == nil, "\(node) names no key file: \(tls)")
                #expect((tls["pkcs11"] as? [String: Any])?["keyLabel"] as? String == "baas/\(node)/tls", "\(tls)")
                configs += 1
            }
        }
        #expect(configs == 4)

        // The agent passes the module's variables and the host's token lock to its nodes.
        let running = platform.nodeProcesses().filter {
            ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/cwd")) ?? "").contains(networkID)
        }
        #expect(running.count == 4)
        for pid in running {
            let environment = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data(), as: UTF8.self)
                .split(separator: "\0").map(String.init)
            #expect(environment.contains("BAAS_PKCS11_LOCK=\(setup.directory)/pkcs11.lock"), "\(environment)")
            #expect(environment.contains { $0.hasPrefix("SOFTHSM2_CONF=") }, "\(environment)")
        }

        let submitted = try await off { try platform.call("POST", "/v1/networks/\(networkID)/transactions", ["key": "custody", "value": "hsm"]) }
        #expect(submitted.status == 201, "\(submitted.text)")
        let hash = try #require(submitted.json["hash"] as? String)
        for node in 1...4 {
            let found = try await off {
                let deadline = Date().addingTimeInterval(30)
                var found = try platform.call("GET", "/v1/networks/\(networkID)/transactions/\(hash)?node=\(node)")
                while found.json["height"] == nil, Date() < deadline {
                    usleep(100_000)
                    found = try platform.call("GET", "/v1/networks/\(networkID)/transactions/\(hash)?node=\(node)")
                }
                return found
            }
            #expect(found.status == 200 && found.json["height"] != nil, "node \(node): \(found.text)")
        }

        // SM2 networks: TLS keys (P-256) in the HSM, the SM2 member key in a file, and the job says so.
        let sm2 = try await off { try platform.call("POST", "/v1/networks", ["name": "hsm-sm2", "crypto": "sm2", "nodes": [["host": "hsm-a"]]]) }
        #expect(sm2.status == 202, "\(sm2.text)")
        let sm2Network = try #require((sm2.json["network"] as? [String: Any])?["id"] as? String)
        defer { for purpose in ["tls", "relay"] { _ = try? token().deleteKey(label: "baas/\(sm2Network)-1/\(purpose)") } }
        let sm2JobID = try #require((sm2.json["job"] as? [String: Any])?["id"] as? String)
        let sm2Job = try await off { try platform.waitForJob(sm2JobID) }
        #expect(sm2Job["status"] as? String == "succeeded", "\(sm2Job)")
        let sm2Keys = (sm2Job["steps"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "node_keys" }?["detail"] as? String ?? ""
        #expect(sm2Keys.contains("1 in an HSM") && sm2Keys.contains("SM2 member key is a file"), "\(sm2Keys)")
        let sm2Files = try FileManager.default.contentsOfDirectory(atPath: nodeDirectories[0].appendingPathComponent("\(sm2Network)-1").path)
        #expect(sm2Files.filter { $0.hasSuffix(".key") } == ["member.key"], "\(sm2Files)")

        let secret = try #require(try await off { try platform.call("POST", "/v1/users/me/totp") }.json["secret"] as? String)
        let confirm = try await off { try platform.call("POST", "/v1/users/me/totp/confirm", ["code": try AgentTestCluster.totp(secret: secret, offset: 0)]) }
        #expect(confirm.status == 204, "\(confirm.text)")
        let stepUp = try await off { try platform.call("POST", "/v1/sessions/current/step-up", ["totp": try AgentTestCluster.totp(secret: secret, offset: 1)]) }
        #expect(stepUp.status == 200, "\(stepUp.text)")
        let rollback = try await off { try platform.call("POST", "/v1/networks/\(networkID)/rollback") }
        #expect(rollback.status == 202, "\(rollback.text)")
        let rollbackID = try #require(rollback.json["id"] as? String)
        let rolled = try await off { try platform.waitForJob(rollbackID) }
        #expect(rolled["status"] as? String == "succeeded", "\(rolled)")
        #expect(try token().privateKeys().contains { $0.label.hasPrefix("baas/\(networkID)-") } == false,
                "rollback deletes the nodes' token keys")
        let left = platform.nodeProcesses().filter {
            ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/cwd")) ?? "").contains(networkID)
        }
        #expect(left.isEmpty, "node processes of the rolled-back network: \(left)")
    }
}
