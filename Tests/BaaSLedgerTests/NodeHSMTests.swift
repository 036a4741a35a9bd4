import BaaSCrypto
import BaaSLedger
import BaaSPKCS11
import BaaSTestSupport
import Foundation
import Testing

/// Real `baas-ledger` processes whose node keys live in a real SoftHSM2 token (`tls.pkcs11`):
/// every P2P and API handshake signs in the token. The children find the token through the
/// fixture's SOFTHSM2_CONF, which they inherit.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct NodeHSMTests {
    let setup = SoftHSMFixture.setup

    func tokenKeys() -> Testnet.TokenKeys {
        Testnet.TokenKeys(module: SoftHSMFixture.modulePath, tokenLabel: "nodes",
                          keyLabelPrefix: "ledger-test-\(UUID().uuidString)/", pinFile: setup.pinFile)
    }

    func token() throws -> PKCS11Token {
        try PKCS11Token(module: PKCS11Module.load(path: SoftHSMFixture.modulePath), label: "nodes", pin: .file(setup.pinFile))
    }

    func deleteKeys(_ keys: Testnet.TokenKeys, nodes: Int) {
        for id in 1...UInt64(nodes) { _ = try? token().deleteKey(label: keys.key(id).keyLabel) }
    }

    @Test func fourNodesWithTheirKeysInTheTokenHandshakeAndCommitBlocks() async throws {
        let keys = tokenKeys()
        defer { deleteKeys(keys, nodes: 4) }
        let cluster = try NodeCluster(signature: .p256, tokenKeys: keys)
        let held = try token().privateKeys().filter { $0.label.hasPrefix(keys.keyLabelPrefix) }
        #expect(held.count == 4)
        #expect(held.allSatisfy { !$0.extractable && $0.sensitive })
        for id in cluster.nodeIDs {
            #expect(!FileManager.default.fileExists(atPath: cluster.directory.appendingPathComponent("node-\(id)/node.key").path))
        }
        try cluster.startAll()
        let leader = try await cluster.waitForLeader(among: cluster.nodeIDs)
        let peered = await NodeCluster.eventually(30) {
            (try? await cluster.client(leader).status().peers.count) == 3
        }
        #expect(peered, "the leader did not connect to its three peers:\n\(cluster.log(leader).suffix(1500))")

        let user = cluster.net.users[0]
        let recipient = cluster.net.users[1].builder.address
        var hashes: [String] = []
        for nonce in 0..<5 as Range<UInt64> {
            let tx = try user.builder.transfer(to: recipient, amount: 3, nonce: nonce, sender: nonce == 0 ? .certificate : .fingerprint)
            let result = try await cluster.client(leader).submit(tx, waitForCommit: true, timeoutSeconds: 20)
            #expect(result.status == "committed")
            hashes.append(result.hash)
        }
        for id in cluster.nodeIDs {
            let everywhere = await NodeCluster.eventually(30) {
                (try? await cluster.client(id).transaction(hashes.last!))?.status == "committed"
            }
            #expect(everywhere, "node \(id) lacks the last transaction:\n\(cluster.log(id).suffix(1500))")
            #expect(try await cluster.client(id).account(recipient).balance == 1_000_000_015)
            #expect(cluster.log(id).contains("pkcs11"), "node \(id) says where its key is")
        }
    }

    /// Runs `baas-ledger run --config path` until it exits (killed after 60 s): status and output.
    func run(config path: String) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = NodeCluster.binDirectory.appendingPathComponent("baas-ledger")
        process.arguments = ["run", "--config", path]
        let log = URL(fileURLWithPath: path + ".log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    @Test func wrongPINMissingKeyTokenOrModuleStopTheNodeWithAClearError() async throws {
        let keys = tokenKeys()
        defer { deleteKeys(keys, nodes: 1) }
        let cluster = try NodeCluster(nodes: 1, signature: .p256, tokenKeys: keys)
        let folder = cluster.directory.appendingPathComponent("node-1")
        let original = try JSONDecoder().decode(NodeConfiguration.self, from: Data(contentsOf: folder.appendingPathComponent("config.json")))
        let wrongPIN = "0000-not-the-pin"
        let wrongPINFile = folder.appendingPathComponent("wrong-pin").path
        _ = FileManager.default.createFile(atPath: wrongPINFile, contents: Data(wrongPIN.utf8), attributes: [.posixPermissions: 0o600])

        func variant(_ name: String, _ change: (inout NodeConfiguration.PKCS11Key) -> Void) throws -> String {
            var configuration = original
            change(&configuration.tls.pkcs11!)
            let path = folder.appendingPathComponent("config-\(name).json").path
            try JSONEncoder().encode(configuration).write(to: URL(fileURLWithPath: path))
            return path
        }
        let cases: [(String, (inout NodeConfiguration.PKCS11Key) -> Void, [String])] = [
            ("wrong-pin", { $0.pinFile = wrongPINFile }, ["pkcs11.ckr_pin_incorrect", "CKR_PIN_INCORRECT", "check the PIN file", wrongPINFile]),
            ("missing-key", { $0.keyLabel += "-gone" }, ["pkcs11.key_not_found", "retry the deployment", "keyLabel"]),
            ("missing-token", { $0.tokenLabel = "no-such-token" }, ["pkcs11.token_not_found", "'nodes'", "tokenLabel"]),
            ("missing-module", { $0.module = "/nonexistent/libvendor-hsm.so" }, ["pkcs11.load_failed", "/nonexistent/libvendor-hsm.so"]),
        ]
        for (name, change, expected) in cases {
            let (status, output) = try await run(config: try variant(name, change))
            #expect(status == 1, "\(name): exit \(status)\n\(output)")
            for text in expected {
                #expect(output.contains(text), "\(name): '\(text)' missing from\n\(output)")
            }
            #expect(!output.contains(wrongPIN) && !output.contains(SoftHSMFixture.userPIN), "\(name): a PIN was printed")
        }

        var text = String(decoding: try Data(contentsOf: folder.appendingPathComponent("config.json")), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"pinFile\"", with: "\"pin\":\"\(wrongPIN)\",\"pinFile\"")
        let inline = folder.appendingPathComponent("config-inline-pin.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: inline))
        let (status, output) = try await run(config: inline)
        #expect(status == 1)
        #expect(output.contains("never goes into a configuration"), "\(output)")
        #expect(!output.contains(wrongPIN), "the PIN was printed: \(output)")
    }
}
