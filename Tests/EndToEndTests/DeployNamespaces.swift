import Foundation

/// Hosts as network namespaces: one switch namespace with a bridge, and per host a namespace
/// with a veth into the bridge and address 10.77.0.N/24, so every packet stays in namespaces
/// this object made. `remove()` deletes them all (and with them the links).
final class DeployNamespaces: @unchecked Sendable {
    let prefix = "bd\(UInt32.random(in: 0..<0xFFFF))"
    private(set) var names: [String] = []
    var switchName: String { prefix + "sw" }

    /// Whether this machine lets us make namespaces (the test is skipped otherwise).
    static let permitted: Bool = {
        let name = "bdprobe\(UInt32.random(in: 0..<0xFFFF))"
        defer { _ = try? shell(["netns", "del", name]) }
        return (try? shell(["netns", "add", name])) == 0
    }()

    @discardableResult
    static func shell(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func ip(_ arguments: [String]) throws {
        guard try Self.shell(arguments) == 0 else {
            throw CLIControllerFailure(message: "ip \(arguments.joined(separator: " ")) failed")
        }
    }

    /// Makes `count` host namespaces; host `i` (0-based) gets 10.77.0.(i+1). Returns their names.
    func make(hosts count: Int) throws -> [String] {
        try ip(["netns", "add", switchName])
        names.append(switchName)
        try ip(["-n", switchName, "link", "add", "br0", "type", "bridge"])
        try ip(["-n", switchName, "link", "set", "br0", "up"])
        var hosts: [String] = []
        for index in 0..<count {
            let name = prefix + "h\(index)"
            try ip(["netns", "add", name])
            names.append(name)
            try ip(["-n", name, "link", "set", "lo", "up"])
            try ip(["-n", name, "link", "add", "eth0", "type", "veth", "peer", "name", "p\(index)", "netns", switchName])
            try ip(["-n", name, "addr", "add", "10.77.0.\(index + 1)/24", "dev", "eth0"])
            try ip(["-n", name, "link", "set", "eth0", "up"])
            try ip(["-n", switchName, "link", "set", "p\(index)", "master", "br0"])
            try ip(["-n", switchName, "link", "set", "p\(index)", "up"])
            hosts.append(name)
        }
        return hosts
    }

    func remove() {
        for name in names.reversed() { _ = try? Self.shell(["netns", "del", name]) }
        names = []
    }
}

/// `baas-controller serve` started with `ip netns exec` in a namespace, listening on `address`.
final class NamespacedController: DeployController, @unchecked Sendable {
    let folder: URL
    let process = Process()
    private(set) var url = ""
    private(set) var adminPassword = ""

    init(namespace: String, address: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baas-deploy-netns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config: [String: Any] = ["database": folder.appendingPathComponent("controller.sqlite").path,
                                     "listen": "\(address):0", "gateway_listen": "\(address):0",
                                     "requests_per_second": 10_000, "request_burst": 10_000]
        let configURL = folder.appendingPathComponent("controller.json")
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        let outURL = folder.appendingPathComponent("stdout"), log = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace, ProgramRunner.binDirectory.appendingPathComponent("baas-controller").path,
                             "serve", "--config", configURL.path]
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
        throw CLIControllerFailure(message: "the namespaced controller did not announce api:/login: within 30 s")
    }

    var log: String { (try? String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8)) ?? "" }

    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
