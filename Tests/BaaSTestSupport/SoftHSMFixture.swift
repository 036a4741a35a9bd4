import Foundation

/// One SoftHSM2 token directory for the whole test process: SoftHSM reads `SOFTHSM2_CONF` once, at
/// `C_Initialize`, and all test targets run in one process, so every test that touches a token uses
/// this fixture. Tokens are initialised with the real `softhsm2-util`.
public enum SoftHSMFixture {
    public static let modulePath = "/usr/lib/softhsm/libsofthsm2.so"
    public static let userPIN = "4321-user"

    public struct Setup: Sendable {
        public let directory: String
        public let pinFile: String
    }

    /// Creates the token directory and the tokens once per process: `agent` (agent keys), `spare`
    /// (never logged in by this process, for wrong-PIN checks: PKCS#11 login state is per process
    /// and token) and `nodes` (ledger node keys, also used by child processes).
    public static let setup: Setup = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("softhsm-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: directory + "/tokens", withIntermediateDirectories: true)
        let conf = directory + "/softhsm2.conf"
        try! "directories.tokendir = \(directory)/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
            .write(toFile: conf, atomically: true, encoding: .utf8)
        setenv("SOFTHSM2_CONF", conf, 1)
        // This process, the agents and nodes it starts serialise token calls on one lock.
        setenv("BAAS_PKCS11_LOCK", directory + "/pkcs11.lock", 1)
        for label in ["agent", "spare", "nodes"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/softhsm2-util")
            process.arguments = ["--init-token", "--free", "--label", label, "--pin", userPIN, "--so-pin", "8765-so"]
            process.standardOutput = FileHandle.nullDevice
            try! process.run()
            process.waitUntilExit()
            precondition(process.terminationStatus == 0, "softhsm2-util --init-token failed")
        }
        let pinFile = directory + "/pin"
        _ = FileManager.default.createFile(atPath: pinFile, contents: Data((userPIN + "\n").utf8), attributes: [.posixPermissions: 0o600])
        cleanupDirectory = directory
        atexit { if let dir = SoftHSMFixture.cleanupDirectory { try? FileManager.default.removeItem(atPath: dir) } }
        return Setup(directory: directory, pinFile: pinFile)
    }()

    nonisolated(unsafe) static var cleanupDirectory: String?
}
