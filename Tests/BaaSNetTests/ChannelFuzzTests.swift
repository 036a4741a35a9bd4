import Foundation
import BaaSTestSupport
import Testing

/// Runs the libFuzzer targets of `packaging/dev/fuzz.sh` for a short bounded time: the long runs
/// are documented in docs; this keeps the harnesses building and the parsers crash-free.
@Suite(.blocking, .serialized) struct ChannelFuzzTests {
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

    /// `frame`: frame decoder, message decoding and session; `http`: the HTTP/1.1 request parser.
    @Test(.enabled(if: toolchainHasFuzzer, "the Swift toolchain has no libFuzzer runtime"),
          .timeLimit(.minutes(3)), arguments: ["frame", "http"])
    func parserSurvivesTwentySecondsOfFuzzing(target: String) async throws {
        let (status, output) = try await Self.runFuzz(target: target, seconds: 20)
        #expect(status == 0, "\(output)")
        #expect(output.contains("with no crash"))
        let executions = output.split(separator: " ").dropFirst(3).first.flatMap { Int($0) } ?? 0
        // How many inputs fit in the time depends on the machine and its load (the fuzzer runs
        // niced): the check is that libFuzzer really ran the target.
        #expect(executions > 0, "libFuzzer ran: \(output)")
    }

    /// Runs the script with its output in a file and awaits its exit without holding one of the
    /// few cooperative threads for the whole run.
    static func runFuzz(target: String, seconds: Int) async throws -> (Int32, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("baas-fuzz-\(target)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try FileHandle(forWritingTo: log)
        let process = Process()
        // At the lowest priority: the compiler and the fuzzer would otherwise take both cores of a
        // small CI machine from the tests running beside them for a minute and more.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments = ["-n", "19", "/bin/bash", repository.appendingPathComponent("packaging/dev/fuzz.sh").path,
                             target, "\(seconds)"]
        process.currentDirectoryURL = repository
        process.standardOutput = output
        process.standardError = output
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try output.close()
        return (status, try String(contentsOf: log, encoding: .utf8))
    }
}
