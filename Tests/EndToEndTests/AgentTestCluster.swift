import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A controller and agents as real processes in one temporary directory, driven through the
/// controller's HTTPS API with `curl` (trusting the platform CA the controller wrote). Everything
/// it starts, including node processes that write `pid` files, is killed by `shutDown`.
final class AgentTestCluster: @unchecked Sendable {
    let directory: URL
    private(set) var controller: Process?
    private(set) var apiPort: UInt16 = 0
    private(set) var gatewayPort: UInt16 = 0
    private(set) var adminToken = ""
    private var agents: [String: Process] = [:]
    let password = "cluster-admin-password"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-agent-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("controller"), withIntermediateDirectories: true)
        try password.write(to: directory.appendingPathComponent("controller/admin-password"), atomically: true, encoding: .utf8)
    }

    var caFile: String { directory.appendingPathComponent("controller/platform-ca.pem").path }

    /// Starts the controller (first time on free ports, later on the same ones) and waits for its announcement.
    func startController(certificateLifetime: Int = 3600) throws {
        let out = directory.appendingPathComponent("controller/stdout")
        let err = directory.appendingPathComponent("controller/stderr-\(Date().timeIntervalSince1970)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = ProgramRunner.binDirectory.appendingPathComponent("baas-controller")
        process.arguments = ["serve", "--database", directory.appendingPathComponent("controller/db.sqlite").path,
                             "--listen", "127.0.0.1:\(apiPort)", "--gateway-listen", "127.0.0.1:\(gatewayPort)",
                             "--admin-password-file", directory.appendingPathComponent("controller/admin-password").path,
                             "--host-certificate-lifetime-seconds", String(certificateLifetime)]
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        controller = process
        let announced = try wait(timeout: 60) { () -> (UInt16, UInt16)? in
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            guard let api = Self.port(after: "api: https://127.0.0.1:", in: text),
                  let gateway = Self.port(after: "gateway: 127.0.0.1:", in: text) else { return nil }
            return (api, gateway)
        }
        (apiPort, gatewayPort) = announced
        try? FileManager.default.removeItem(at: out)
        adminToken = try wait(timeout: 30) { () -> String? in
            let answer = try? self.api("POST", "/v1/sessions", body: ["username": "admin", "password": self.password], authenticated: false)
            return answer?.json["token"] as? String
        }
    }

    /// Kills the controller with SIGKILL (no goodbye to the agents).
    func killController() {
        guard let controller else { return }
        Self.killAndReap(controller.processIdentifier)
        self.controller = nil
    }

    struct Answer {
        var status: Int
        var json: [String: Any]
    }

    /// One API call through curl.
    func api(_ method: String, _ path: String, body: [String: Any]? = nil, authenticated: Bool = true) throws -> Answer {
        var arguments = ["-s", "--cacert", caFile, "-X", method, "-w", "\n%{http_code}", "https://127.0.0.1:\(apiPort)\(path)",
                         "-H", "Content-Type: application/json", "--max-time", "20"]
        if authenticated { arguments += ["-H", "Authorization: Bearer \(adminToken)"] }
        if let body { arguments += ["-d", String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)] }
        let result = try Self.execute("/usr/bin/curl", arguments)
        let lines = result.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.last ?? "") ?? 0
        let text = lines.dropLast().joined(separator: "\n")
        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        return Answer(status: status, json: json)
    }

    /// A join token (text) with `ttl` seconds to live.
    func joinToken(ttl: Int = 600, labels: [String: String] = ["cloud": "aws"]) throws -> String {
        let answer = try api("POST", "/v1/hosts/join-tokens", body: ["labels": labels, "ttl_seconds": ttl])
        guard answer.status == 201, let token = answer.json["token"] as? String else {
            throw ClusterError(message: "join token not created: \(answer.status) \(answer.json)")
        }
        return token
    }

    func agentDirectory(_ name: String) -> URL { directory.appendingPathComponent("agents/\(name)") }

    /// Writes the agent's config file (state directory, labels, 1 s metrics) and returns its path.
    func agentConfig(_ name: String) throws -> String {
        let state = agentDirectory(name)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("agents/\(name).json")
        let object: [String: Any] = ["state_directory": state.path, "name": name, "labels": ["zone": name],
                                     "metrics_interval_seconds": 1]
        try JSONSerialization.data(withJSONObject: object).write(to: config)
        return config.path
    }

    func enroll(_ name: String, token: String) throws -> ProgramRunner.Result {
        try ProgramRunner.run("baas-agent", ["enroll", "--controller", "127.0.0.1:\(apiPort)", "--token", token,
                                             "--config", try agentConfig(name)], timeout: 60)
    }

    func hostID(_ name: String) throws -> String {
        let data = try Data(contentsOf: agentDirectory(name).appendingPathComponent("enrollment.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["hostID"] as? String ?? ""
    }

    /// Starts `baas-agent run` for an enrolled agent; its log goes to `<name>.log` (appended).
    func startAgent(_ name: String) throws {
        let log = directory.appendingPathComponent("agents/\(name).log")
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        let process = Process()
        process.executableURL = ProgramRunner.binDirectory.appendingPathComponent("baas-agent")
        process.arguments = ["run", "--config", try agentConfig(name)]
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        agents[name] = process
    }

    func agentLog(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("agents/\(name).log"), encoding: .utf8)) ?? ""
    }

    /// SIGKILLs the agent (its nodes are not its process group's business: they keep running).
    func killAgent(_ name: String) {
        guard let process = agents.removeValue(forKey: name) else { return }
        Self.killAndReap(process.processIdentifier)
    }

    /// Waits for the agent to exit on its own and returns its exit status.
    func waitForAgentExit(_ name: String, timeout: TimeInterval) throws -> Int32 {
        guard let process = agents[name] else { throw ClusterError(message: "agent \(name) is not running") }
        let pid = process.processIdentifier
        let status = try wait(timeout: timeout) { () -> Int32? in
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return (status >> 8) & 0xff }
            return reaped < 0 && !process.isRunning ? process.terminationStatus : nil
        }
        agents[name] = nil
        return status
    }

    /// The 6-digit TOTP code of a base32 `secret` for the 30-second step `offset` steps from now.
    static func totp(secret: String, offset: Int) throws -> String {
        let script = """
            import base64,hashlib,hmac,struct,sys,time
            s=sys.argv[1].upper(); s+='='*(-len(s)%8)
            c=int(time.time())//30+int(sys.argv[2])
            h=hmac.new(base64.b32decode(s),struct.pack('>Q',c),hashlib.sha1).digest()
            o=h[-1]&15
            print('%06d'%((struct.unpack('>I',h[o:o+4])[0]&0x7fffffff)%1000000))
            """
        return try execute("/usr/bin/python3", ["-c", script, secret, String(offset)]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls `body` every 200 ms until it returns a value.
    func wait<T>(timeout: TimeInterval, _ body: () throws -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let value = try body() { return value }
            usleep(200_000)
        }
        throw ClusterError(message: "condition not met within \(Int(timeout)) s")
    }

    /// Kills everything started, node processes included, and removes the directory.
    func shutDown() {
        for name in Array(agents.keys) { killAgent(name) }
        killController()
        let nodes = (try? FileManager.default.subpathsOfDirectory(atPath: directory.path)) ?? []
        for path in nodes where path.hasSuffix("/pid") {
            if let text = try? String(contentsOfFile: directory.appendingPathComponent(path).path, encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 {
                kill(pid, SIGKILL)
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// SIGKILL and reap directly: Foundation's own reaping of a killed child is not reliable here.
    static func killAndReap(_ pid: Int32) {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }

    static func port(after prefix: String, in text: String) -> UInt16? {
        guard let range = text.range(of: prefix) else { return nil }
        return UInt16(text[range.upperBound...].prefix { $0.isNumber })
    }

    static func execute(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    struct ClusterError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
