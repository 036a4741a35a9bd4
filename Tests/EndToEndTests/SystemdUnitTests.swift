import Foundation
import BaaSTestSupport
import Testing

/// The shipped systemd units, checked with systemd's own tools (systemd is not PID 1 here, so
/// units cannot be started; `systemd-analyze` reads them offline).
@Suite(.blocking) struct SystemdUnitTests {
    static let units = ["baas-agent.service", "baas-controller.service"]

    static var packagingDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("packaging/systemd")
    }

    /// A copy of the unit whose ExecStart names the freshly built binary, so `verify` can check it.
    func installedCopy(_ unit: String) throws -> (URL, () -> Void) {
        let text = try String(contentsOf: Self.packagingDirectory.appendingPathComponent(unit), encoding: .utf8)
            .replacingOccurrences(of: "/usr/bin/", with: ProgramRunner.binDirectory.path + "/")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let copy = directory.appendingPathComponent(unit)
        try text.write(to: copy, atomically: true, encoding: .utf8)
        return (copy, { try? FileManager.default.removeItem(at: directory) })
    }

    func analyze(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: units)
    func unitVerifiesCleanly(unit: String) throws {
        let (copy, cleanUp) = try installedCopy(unit)
        defer { cleanUp() }
        let result = try analyze(["verify", copy.path])
        #expect(result.status == 0, "systemd-analyze verify: \(result.output)")
        #expect(!result.output.contains(unit), "warnings about the unit: \(result.output)")
    }

    @Test(arguments: units)
    func unitIsSandboxed(unit: String) throws {
        let (copy, cleanUp) = try installedCopy(unit)
        defer { cleanUp() }
        let result = try analyze(["security", "--offline=yes", copy.path])
        let line = try #require(result.output.split(separator: "\n").last { $0.contains("Overall exposure level") })
        let score = try #require(line.split(separator: " ").compactMap { Double($0) }.first)
        #expect(score <= 5.0, "\(line)")
    }

    @Test(arguments: units)
    func unitIsTypeNotifyWithWatchdog(unit: String) throws {
        let text = try String(contentsOf: Self.packagingDirectory.appendingPathComponent(unit), encoding: .utf8)
        #expect(text.contains("\nType=notify\n"))
        #expect(text.contains("\nWatchdogSec="))
    }

    @Test func agentUnitLeavesNodesRunningWhenTheAgentRestarts() throws {
        let text = try String(contentsOf: Self.packagingDirectory.appendingPathComponent("baas-agent.service"), encoding: .utf8)
        #expect(text.contains("\nKillMode=process\n"))
    }
}
