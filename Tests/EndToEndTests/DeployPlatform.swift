import Foundation

/// A real controller (TLS, platform CA) plus real agents enrolled with join tokens, driven over
/// its REST API with `curl --cacert`, all on 127.0.0.1 in one temporary folder. `stop()` rolls
/// nothing back itself: it kills the agents, every node process whose directory is in the
/// folder, the controller, and removes the folder.
final class DeployPlatform: @unchecked Sendable {
    let controller: any DeployController
    private(set) var token = ""
    private(set) var agents: [String: Process] = [:]
    /// `ip netns exec NS` per host name when the hosts are network namespaces; empty on loopback.
    private var prefixes: [String: [String]] = [:]
    /// The controller's namespace (curl runs there), nil on loopback.
    let controllerNamespace: String?

    /// On loopback, or (`controllerNamespace`) with the controller already started in a namespace.
    init(controller: (any DeployController)? = nil, controllerNamespace: String? = nil) throws {
        self.controller = try controller ?? CLIControllerProcess(settings: ["plain_http": false, "gateway_listen": "127.0.0.1:0",
                                                                            "requests_per_second": 10_000, "request_burst": 10_000])
        self.controllerNamespace = controllerNamespace
        let login = try call("POST", "/v1/sessions", ["username": "admin", "password": self.controller.adminPassword], authorized: false)
        token = try require2(login.json["token"] as? String, "login answered \(login.text)")
    }

    var folder: URL { controller.folder }
    var caPath: String { folder.appendingPathComponent("platform-ca.pem").path }

    struct Answer {
        var status: Int
        var text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    }

    /// One API call through curl (as the admin, or with `bearer`); the status is the last line curl prints.
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil, authorized: Bool = true,
              bearer: String? = nil) throws -> Answer {
        var arguments = ["-sS", "--max-time", "90", "--cacert", caPath, "-X", method, "-w", "\n%{http_code}",
                         "-H", "Content-Type: application/json"]
        if authorized { arguments += ["-H", "Authorization: Bearer \(bearer ?? token)"] }
        if let body { arguments += ["--data-binary", String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)] }
        arguments.append(controller.url + path)
        let text = try run("/usr/bin/curl", arguments, namespace: controllerNamespace).stdout
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let status = Int(lines.popLast() ?? "") ?? 0
        return Answer(status: status, text: lines.joined(separator: "\n"))
    }

    /// Enrolls and starts an agent named `name` whose nodes listen on 127.0.0.1 in `ports`; with
    /// `tenant`, the host is that tenant's own; `settings` go into its configuration too (`pkcs11` …).
    func startAgent(_ name: String, ports: ClosedRange<Int>, namespace: String? = nil, address: String = "127.0.0.1",
                    tenant: String? = nil, settings: [String: Any] = [:]) throws {
        var request: [String: Any] = ["labels": ["baas.address": address, "baas.ports": "\(ports.lowerBound)-\(ports.upperBound)"]]
        if let tenant { request["tenant_id"] = tenant }
        let tokenAnswer = try call("POST", "/v1/hosts/join-tokens", request)
        let joinToken = try require2(tokenAnswer.json["token"] as? String, "join token: \(tokenAnswer.text)")
        let directory = folder.appendingPathComponent("agent-\(name)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config: [String: Any] = ["state_directory": directory.appendingPathComponent("state").path, "name": name,
                                     "metrics_interval_seconds": 2,
                                     "engines": [["name": "baas-ledger", "version": "test",
                                                  "path": ProgramRunner.binDirectory.appendingPathComponent("baas-ledger").path]]]
        config.merge(settings) { _, new in new }
        let configPath = directory.appendingPathComponent("agent.json").path
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: configPath))
        let api = controller.url.replacingOccurrences(of: "https://", with: "")
        let agentPath = ProgramRunner.binDirectory.appendingPathComponent("baas-agent").path
        let enrolled = try run(agentPath, ["enroll", "--controller", api, "--token", joinToken, "--config", configPath], namespace: namespace)
        guard enrolled.status == 0 else { throw CLIControllerFailure(message: "enroll failed: \(enrolled.stderr)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: namespace == nil ? agentPath : "/usr/sbin/ip")
        process.arguments = (namespace.map { ["netns", "exec", $0, agentPath] } ?? []) + ["run", "--config", configPath]
        let log = directory.appendingPathComponent("agent.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        agents[name] = process
    }

    /// Runs baasctl against this controller with the admin's session (settings from the environment).
    func baasctl(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["BAAS_CONTROLLER"] = controller.url
        environment["BAAS_TOKEN"] = token
        environment["BAAS_CA_FILE"] = caPath
        return try run(ProgramRunner.binDirectory.appendingPathComponent("baasctl").path, arguments, environment: environment)
    }

    /// Runs a program to its end (killed after 120 s) with its output in files of the folder.
    func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil,
             namespace: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)")
        let err = folder.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: namespace == nil ? program : "/usr/sbin/ip")
        process.arguments = namespace.map { ["netns", "exec", $0, program] + arguments } ?? arguments
        if let environment { process.environment = environment }
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { usleep(5_000) }
        try? outHandle.close()
        try? errHandle.close()
        return (process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Waits until `count` hosts are online.
    func waitForHosts(_ count: Int) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let answer = try call("GET", "/v1/hosts")
            let items = answer.json["items"] as? [[String: Any]] ?? []
            if items.filter({ $0["status"] as? String == "online" }).count >= count { return }
            usleep(200_000)
        }
        throw CLIControllerFailure(message: "hosts did not come online; controller log:\n\(controller.log.suffix(2000))")
    }

    /// Polls the job until it leaves `running` (generous deadline) and returns it.
    func waitForJob(_ id: String, seconds: TimeInterval = 180) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let job = try call("GET", "/v1/jobs/\(id)").json
            if let status = job["status"] as? String, status != "running" { return job }
            usleep(200_000)
        }
        throw CLIControllerFailure(message: "job \(id) still running after \(Int(seconds)) s")
    }

    /// Stops one agent (its nodes keep running, as in production).
    func stopAgent(_ name: String) {
        guard let process = agents[name] else { return }
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    func stop() {
        for name in agents.keys { stopAgent(name) }
        killNodes()
        controller.stop()
    }

    /// Node processes whose working directory lies in the folder (nothing else is touched).
    func nodeProcesses() -> [Int32] {
        let root = folder.resolvingSymlinksInPath().path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
            return cwd.hasPrefix(root) && pid != getpid()
        }
    }

    private func killNodes() {
        for pid in nodeProcesses() { kill(pid, SIGKILL) }
    }
}

/// A running controller the platform drives.
protocol DeployController: AnyObject {
    var url: String { get }
    var adminPassword: String { get }
    var folder: URL { get }
    var log: String { get }
    func stop()
}

extension CLIControllerProcess: DeployController {}

/// `#require` for helpers outside a test body.
func require2<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw CLIControllerFailure(message: message) }
    return value
}
