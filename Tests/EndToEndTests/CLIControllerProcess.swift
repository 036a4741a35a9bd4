import Foundation

/// A real `baas-controller serve` on 127.0.0.1 in a temporary folder, for tests that drive it
/// from outside (baasctl, schemathesis). `stop()` kills it and removes the folder.
final class CLIControllerProcess: @unchecked Sendable {
    let folder: URL
    let process = Process()
    /// The `api:` line's URL.
    private(set) var url = ""
    /// The password of `admin` (from the `login:` line).
    private(set) var adminPassword = ""

    /// Starts the controller with plain HTTP on a free port and waits up to 30 s for its
    /// `api:` and `login:` lines. `settings` are extra keys of its JSON config file.
    init(settings: [String: Any] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baas-cli-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var config: [String: Any] = ["database": folder.appendingPathComponent("controller.sqlite").path,
                                     "listen": "127.0.0.1:0", "plain_http": true]
        config.merge(settings) { $1 }
        let configURL = folder.appendingPathComponent("controller.json")
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)

        let outURL = folder.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let log = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = ProgramRunner.binDirectory.appendingPathComponent("baas-controller")
        process.arguments = ["serve", "--config", configURL.path]
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()

        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && process.isRunning {
            let text = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                if words.first == "api:", words.count == 2 { url = words[1] }
                if words.first == "login:", words.count == 3 { adminPassword = words[2] }
            }
            if !url.isEmpty && !adminPassword.isEmpty { return }
            usleep(50_000)
        }
        stop()
        throw CLIControllerFailure(message: "baas-controller did not announce api:/login: within 30 s")
    }

    /// The controller's log so far (for failure messages).
    var log: String {
        (try? String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
    }

    /// Writes `text` to a file in the controller's folder (mode 0600) and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    /// Kills the controller and removes its folder.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct CLIControllerFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
