import Foundation
import BaaSTestSupport
import Testing

/// `baasctl evm vmtest DIR` run as a child process over copies of the shared Ethereum vectors.
@Suite(.blocking) struct EVMVMTestCommandTests {
    static var vectorsDirectory: URL {
        if let shared = ProcessInfo.processInfo.environment["BAAS_SHARED_DIR"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("testdata/evm/VMTests")
        }
        let repositoryRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repositoryRoot.appendingPathComponent("../shared/testdata/evm/VMTests").standardized
    }

    /// A scratch folder with copies of some vector folders; removed by the caller.
    static func scratchCopy(of folders: [String]) throws -> URL {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("baas-vmtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        for folder in folders {
            try FileManager.default.copyItem(at: vectorsDirectory.appendingPathComponent(folder),
                                             to: scratch.appendingPathComponent(folder))
        }
        return scratch
    }

    /// The number of tests in the vector files under `directory` (each file maps names to tests).
    static func testCount(in directory: URL) throws -> Int {
        var count = 0
        for path in try FileManager.default.subpathsOfDirectory(atPath: directory.path) where path.hasSuffix(".json") {
            let data = try Data(contentsOf: directory.appendingPathComponent(path))
            count += (try JSONSerialization.jsonObject(with: data) as? [String: Any])?.count ?? 0
        }
        return count
    }

    @Test func passingVectorsEndWithTheSummaryLineAndExitZero() throws {
        let scratch = try Self.scratchCopy(of: ["vmArithmeticTest", "vmSystemOperations", "vmLogTest"])
        defer { try? FileManager.default.removeItem(at: scratch) }
        let expected = try Self.testCount(in: scratch)

        let result = try ProgramRunner.run("baasctl", ["evm", "vmtest", scratch.path], timeout: 120)

        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.last == "{\"passed\":\(expected),\"failed\":0,\"skipped\":0}")
    }

    @Test func aWrongExpectationIsListedByNameAndExitsOne() throws {
        let scratch = try Self.scratchCopy(of: ["vmSystemOperations"])
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("vmSystemOperations/return0.json")
        let original = try String(contentsOf: file, encoding: .utf8)
        let tampered = original.replacingOccurrences(of: "\"out\" : \"0x37\"", with: "\"out\" : \"0x38\"")
        #expect(tampered != original)
        try tampered.write(to: file, atomically: true, encoding: .utf8)
        let total = try Self.testCount(in: scratch)

        let result = try ProgramRunner.run("baasctl", ["evm", "vmtest", scratch.path], timeout: 60)

        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("FAIL vmSystemOperations/return0: ") && $0.contains("output") })
        #expect(lines.last == "{\"passed\":\(total - 1),\"failed\":1,\"skipped\":0}")
    }

    @Test func missingDirectoryArgumentIsAUsageError() throws {
        let result = try ProgramRunner.run("baasctl", ["evm", "vmtest"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("usage: baasctl evm vmtest DIR"))
    }

    @Test func helpDescribesTheCommand() throws {
        let result = try ProgramRunner.run("baasctl", ["evm", "vmtest", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("usage: baasctl evm vmtest DIR"))
        let group = try ProgramRunner.run("baasctl", ["evm", "--help"])
        #expect(group.status == 0)
        #expect(group.stdout.contains("vmtest"))
    }

    @Test func unreadableDirectoryFails() throws {
        let result = try ProgramRunner.run("baasctl", ["evm", "vmtest", "/nonexistent/baas-vectors"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/baas-vectors"))
    }
}
