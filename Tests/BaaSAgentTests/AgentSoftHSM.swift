import Foundation

/// One SoftHSM2 token directory for this test process (SoftHSM reads `SOFTHSM2_CONF` once), with
/// the token `agent` initialised by the real `softhsm2-util` and a 0600 PIN file.
enum AgentSoftHSM {
    static let modulePath = "/usr/lib/softhsm/libsofthsm2.so"

    struct Setup: Sendable {
        let directory: String
        let pinFile: String
    }

    static let setup: Setup = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agent-softhsm-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: directory + "/tokens", withIntermediateDirectories: true)
        let conf = directory + "/softhsm2.conf"
        try! "directories.tokendir = \(directory)/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
            .write(toFile: conf, atomically: true, encoding: .utf8)
        setenv("SOFTHSM2_CONF", conf, 1)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/softhsm2-util")
        process.arguments = ["--init-token", "--free", "--label", "agent", "--pin", "1234-agent", "--so-pin", "8765-so"]
        process.standardOutput = FileHandle.nullDevice
        try! process.run()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "softhsm2-util --init-token failed")
        let pinFile = directory + "/pin"
        _ = FileManager.default.createFile(atPath: pinFile, contents: Data("1234-agent\n".utf8), attributes: [.posixPermissions: 0o600])
        cleanupDirectory = directory
        atexit { if let dir = AgentSoftHSM.cleanupDirectory { try? FileManager.default.removeItem(atPath: dir) } }
        return Setup(directory: directory, pinFile: pinFile)
    }()

    nonisolated(unsafe) static var cleanupDirectory: String?
}
