import Foundation

/// Runs a program with a chosen environment (on top of PATH), output captured in files.
enum CLIRunner {
    /// Runs `program` (a path, or a name next to the test binary) in `directory` (default: the
    /// current one) and kills it after `timeout` seconds.
    static func run(_ program: String, _ arguments: [String], environment: [String: String],
                    directory: URL? = nil, timeout: TimeInterval = 30) throws -> ProgramRunner.Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("baas-cli-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = program.hasPrefix("/") ? URL(fileURLWithPath: program)
                                                       : ProgramRunner.binDirectory.appendingPathComponent(program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"]
        if let home = ProcessInfo.processInfo.environment["HOME"] { base["HOME"] = home }
        process.environment = base.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return ProgramRunner.Result(status: process.terminationStatus,
                                    stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                                    stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// The absolute path of `name` on PATH, if any.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
