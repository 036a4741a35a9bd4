import Foundation

/// Runs the real executables built next to the test bundle, the way an operator would.
enum ProgramRunner {
    /// The folder that holds the built executables (the test binary's own folder),
    /// or `BAAS_BIN_DIR` when set.
    static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["BAAS_BIN_DIR"] {
            return URL(fileURLWithPath: dir)
        }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // On Linux the test runner is `<bin>/<pkg>PackageTests.xctest`, a plain executable.
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `program` with `arguments`, killing it after `timeout` seconds.
    /// Output goes to temporary files, so a chatty child can never block on a full pipe.
    static func run(_ program: String, _ arguments: [String], timeout: TimeInterval = 30) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("baas-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = binDirectory.appendingPathComponent(program)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
