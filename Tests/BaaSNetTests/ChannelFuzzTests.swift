import Foundation
import Testing

/// Runs the libFuzzer targets of `packaging/dev/fuzz.sh` for a short bounded time: the long runs
/// are documented in docs; this keeps the harnesses building and the parsers crash-free.
@Suite(.serialized) struct ChannelFuzzTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fuzzer runtime ships with the Swift toolchain on Linux; without it the targets cannot link.
    static let toolchainHasFuzzer: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let swiftc = URL(fileURLWithPath: String(directory)).appendingPathComponent("swiftc")
            guard FileManager.default.isExecutableFile(atPath: swiftc.path) else { continue }
            let clang = swiftc.resolvingSymlinksInPath().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("lib/clang")
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: clang.path)) ?? []
            return versions.contains { version in
                let linux = clang.appendingPathComponent(version).appendingPathComponent("lib/linux")
                let files = (try? FileManager.default.contentsOfDirectory(atPath: linux.path)) ?? []
                return files.contains { $0.hasPrefix("libclang_rt.fuzzer-") }
            }
        }
        return false
    }()

    @Test(.enabled(if: toolchainHasFuzzer, "the Swift toolchain has no libFuzzer runtime"),
          .timeLimit(.minutes(3)))
    func frameDecoderSurvivesTwentySecondsOfFuzzing() throws {
        let (status, output) = try Self.runFuzz(target: "frame", seconds: 20)
        #expect(status == 0, "\(output)")
        #expect(output.contains("with no crash"))
        let executions = output.split(separator: " ").dropFirst(3).first.flatMap { Int($0) } ?? 0
        #expect(executions > 10_000, "libFuzzer ran: \(output)")
    }

    static func runFuzz(target: String, seconds: Int) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repository.appendingPathComponent("packaging/dev/fuzz.sh").path, target, "\(seconds)"]
        process.currentDirectoryURL = repository
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
