import BaaSCLI
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite struct CLIConfigFileTests {
    func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baas-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func savesWithMode0600InAFolderWithMode0700() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/baas/config.json"
        let umask = Glibc.umask(0)
        defer { Glibc.umask(umask) }
        try CLIConfigFile(controller: "https://c:1", token: "bss_secret").save(path: path)
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: root + "/baas")[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
    }

    @Test func overwritingKeepsMode0600() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/config.json"
        _ = FileManager.default.createFile(atPath: path, contents: Data("{}".utf8), attributes: [.posixPermissions: 0o644])
        try CLIConfigFile(token: "bss_secret").save(path: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["config.json"])
    }

    @Test func roundTrips() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/config.json"
        let saved = CLIConfigFile(controller: "https://c:1", token: "bss_x", caFile: "/ca.pem")
        try saved.save(path: path)
        #expect(try CLIConfigFile.load(path: path) == saved)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"ca_file\""))
    }

    @Test func missingFileIsEmpty() throws {
        #expect(try CLIConfigFile.load(path: "/nonexistent/baas/config.json") == CLIConfigFile())
    }

    @Test func garbledFileIsAnError() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/config.json"
        _ = FileManager.default.createFile(atPath: path, contents: Data("not json".utf8))
        #expect(throws: CLIError.file("")) { try CLIConfigFile.load(path: path) }
    }
}
