import BaaSPKCS11
import BaaSTestSupport
import Foundation
import Testing

/// `baas-ledger` as an operator runs it: generating a test network and refusing bad configurations.
@Suite(.blocking)
struct LedgerCommandTests {
    @Test func testnetWritesCertificatesGenesisAndOneConfigurationPerNode() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-testnet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ProgramRunner.run("baas-ledger", ["testnet", "--dir", directory.path, "--nodes", "3", "--crypto", "sm2",
                                                           "--base-port", "17101"])
        #expect(result.status == 0, "\(result.stderr)")
        let configs = result.stdout.split(separator: "\n").map(String.init)
        #expect(configs.count == 3)
        for name in ["genesis.json", "ca.pem", "tls-ca.pem", "client.pem", "client.key", "node-1/node.pem", "node-3/config.json"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
        let genesis = try String(contentsOf: directory.appendingPathComponent("genesis.json"), encoding: .utf8)
        #expect(genesis.contains("\"signatureAlgorithm\" : \"sm2\""))
        let config = try String(contentsOfFile: configs[1], encoding: .utf8)
        #expect(config.contains("127.0.0.1:17103"))
        #expect(config.contains("127.0.0.1:17101"))

        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["verify", "-CAfile", directory.appendingPathComponent("tls-ca.pem").path,
                             directory.appendingPathComponent("node-2/node.pem").path]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)
    }

    @Test func testnetWithAPKCS11ModuleMakesTheNodeKeysInTheToken() throws {
        let setup = SoftHSMFixture.setup
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-testnet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = "cli-testnet-\(UUID().uuidString)/"
        let token = try PKCS11Token(module: PKCS11Module.load(path: SoftHSMFixture.modulePath), label: "nodes", pin: .file(setup.pinFile))
        defer { for id in 1...2 { _ = try? token.deleteKey(label: prefix + "node-\(id)") } }
        let result = try ProgramRunner.run("baas-ledger", ["testnet", "--dir", directory.path, "--nodes", "2", "--base-port", "17201",
                                                           "--pkcs11-module", SoftHSMFixture.modulePath, "--token-label", "nodes",
                                                           "--pin-file", setup.pinFile, "--key-label-prefix", prefix])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(SoftHSMFixture.userPIN) && !result.stderr.contains(SoftHSMFixture.userPIN))
        let held = try token.privateKeys().filter { $0.label.hasPrefix(prefix) }
        #expect(Set(held.map(\.label)) == [prefix + "node-1", prefix + "node-2"])
        #expect(held.allSatisfy { !$0.extractable })
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("node-1/node.key").path))
        let config = try String(contentsOf: directory.appendingPathComponent("node-2/config.json"), encoding: .utf8)
        #expect(config.contains("\"tokenLabel\" : \"nodes\"") && !config.contains(SoftHSMFixture.userPIN), "\(config)")

        let refused = try ProgramRunner.run("baas-ledger", ["testnet", "--dir", directory.path + "-x", "--pkcs11-module", SoftHSMFixture.modulePath])
        #expect(refused.status == 2 && refused.stderr.contains("never the PIN itself"), "\(refused.stderr)")
    }

    @Test(arguments: [
        (["run"], Int32(2), "usage"),
        (["run", "--config", "/nonexistent/config.json"], Int32(1), "cannot read the node configuration"),
        (["testnet", "--dir", "/tmp/x", "--crypto", "rsa"], Int32(2), "--crypto p256|sm2"),
    ])
    func refusesBadInvocationsWithAReason(_ arguments: [String], _ status: Int32, _ reason: String) throws {
        let result = try ProgramRunner.run("baas-ledger", arguments)
        #expect(result.status == status)
        #expect(result.stderr.contains(reason))
    }
}
