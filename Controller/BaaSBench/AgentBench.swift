import BaaSAgent
import BaaSController
import BaaSCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `baas-bench agent`: the idle footprint of a real `baas-agent` process enrolled with an
/// in-process controller, supervising 4 sleeping nodes and sending metrics every 10 s. Prints
/// RSS and CPU% (of one core) over the idle window; the last line is
/// `{"bench":"agent","rss_mb":…,"cpu_pct":…}`. Goal: ≤ 15 MB, ≤ 0.5 %.
enum AgentBench {
    static let command: (String, CommandLineTool.Node) = (
        "agent",
        .command(summary: "idle RSS and CPU% of baas-agent with 4 supervised nodes and 10 s metrics",
                 usage: "[--idle SECONDS] [--nodes N] [--metrics-interval SECONDS]",
                 action: { arguments in await run(arguments) }))

    struct Options {
        var idleSeconds = 60
        var nodes = 4
        var metricsInterval = 10
    }

    static func options(_ arguments: [String]) -> Options? {
        var options = Options()
        var index = 0
        while index < arguments.count {
            guard index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 else { return nil }
            switch arguments[index] {
            case "--idle": options.idleSeconds = value
            case "--nodes": options.nodes = value
            case "--metrics-interval": options.metricsInterval = value
            default: return nil
            }
            index += 2
        }
        return options
    }

    static func run(_ arguments: [String]) async -> ExitCode {
        guard let options = options(arguments) else {
            printStandardError("usage: baas-bench agent [--idle SECONDS] [--nodes N] [--metrics-interval SECONDS]")
            return .usage
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-bench-agent-\(UUID().uuidString)").path
        var agent: Process?
        defer {
            if let agent, agent.isRunning { kill(agent.processIdentifier, SIGKILL) }
            killNodes(under: directory)
            try? FileManager.default.removeItem(atPath: directory)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory + "/agent", withIntermediateDirectories: true)
            var configuration = ControllerConfiguration()
            try configuration.apply(flags: ["--database", directory + "/controller.sqlite", "--listen", "127.0.0.1:0"])
            let controller = try ControllerServer(configuration: configuration, logger: Logger(label: "bench.controller", sink: NullSink()))
            let serving = Task { try await controller.run() }
            defer { serving.cancel() }
            while controller.port == 0 || controller.gatewayPort == 0 { try await Task.sleep(for: .milliseconds(20)) }

            let (_, token) = try controller.hosts.createJoinToken(by: .system(), tenantID: nil, labels: ["bench": "agent"], ttl: 600)
            let config = directory + "/agent.json"
            try JSONSerialization.data(withJSONObject: ["state_directory": directory + "/agent",
                                                        "metrics_interval_seconds": options.metricsInterval]).write(to: URL(fileURLWithPath: config))
            let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("baas-agent").path
            let enroll = Process()
            enroll.executableURL = URL(fileURLWithPath: binary)
            enroll.arguments = ["enroll", "--controller", "127.0.0.1:\(controller.port)", "--token", token, "--config", config]
            enroll.standardOutput = FileHandle.nullDevice
            try enroll.run()
            enroll.waitUntilExit()
            guard enroll.terminationStatus == 0 else {
                printStandardError("baas-bench agent: enrollment failed")
                return .failed
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["run", "--config", config]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            agent = process
            let hostID = try AgentIdentity.load(directory: directory + "/agent").hostID
            while !controller.gateway.isOnline(hostID) { try await Task.sleep(for: .milliseconds(50)) }
            let nodes = (0..<options.nodes).map { NodeSpec(id: "n\($0)", engine: "/bin/sleep", arguments: ["3600"]) }
            _ = try controller.hosts.setDesired(by: .system(), id: hostID, nodes: nodes)
            let deadline = ContinuousClock.now + .seconds(60)
            while (controller.gateway.nodeReport(hostID)?.nodes.filter { $0.state == .running }.count ?? 0) < options.nodes {
                guard ContinuousClock.now < deadline else {
                    printStandardError("baas-bench agent: the nodes did not start within 60 s")
                    return .failed
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            try await Task.sleep(for: .seconds(3))
            let pid = process.processIdentifier
            guard let before = ConnsProcessSample.read(pid: pid) else { return .failed }
            let start = ContinuousClock.now
            var peakKilobytes = before.residentKilobytes
            while ContinuousClock.now - start < .seconds(options.idleSeconds) {
                try await Task.sleep(for: .seconds(1))
                if let sample = ConnsProcessSample.read(pid: pid) { peakKilobytes = max(peakKilobytes, sample.residentKilobytes) }
            }
            guard let after = ConnsProcessSample.read(pid: pid) else { return .failed }
            let elapsed = Double((ContinuousClock.now - start).components.seconds)
            let cpu = Double(after.cpuTicks - before.cpuTicks) / Double(ConnsProcessSample.ticksPerSecond) / max(elapsed, 1) * 100
            let rss = Double(after.residentKilobytes) / 1024
            let metrics = controller.gateway.latestMetrics(hostID)
            print("agent pid \(pid), \(options.nodes) nodes running, metrics every \(options.metricsInterval) s, idle \(Int(elapsed)) s")
            print("rss: \(String(format: "%.1f", rss)) MB (peak \(String(format: "%.1f", Double(peakKilobytes) / 1024)) MB), cpu: \(String(format: "%.3f", cpu)) % of one core")
            if let rollup = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8) {
                func field(_ name: String) -> Double {
                    let line = rollup.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
                    return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
                }
                print("pss: \(String(format: "%.1f", field("Pss"))) MB, anonymous: \(String(format: "%.1f", field("Anonymous"))) MB (the rest of RSS is shared library text)")
            }
            print("last metrics batch at the controller: \(metrics?.samples.count ?? 0) samples")
            print(#"{"bench":"agent","rss_mb":\#(String(format: "%.1f", rss)),"cpu_pct":\#(String(format: "%.3f", cpu))}"#)
            return .ok
        } catch {
            printStandardError("baas-bench agent: \(error)")
            return .failed
        }
    }

    /// Kills the node processes the agent started (they outlive it by design): those its state
    /// file names, and any other process working in a node directory under `directory` (a node
    /// the agent started but had not yet recorded when it was stopped).
    static func killNodes(under directory: String) {
        if let data = FileManager.default.contents(atPath: directory + "/agent/nodes.json"),
           let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] {
            for entry in entries {
                if let handle = entry["handle"] as? [String: Any], let pid = handle["pid"] as? Int, pid > 1 {
                    kill(Int32(pid), SIGKILL)
                }
            }
        }
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path + "/"
        let me = getpid()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(name), pid > 1, pid != me,
                  let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(name)/cwd"),
                  cwd.hasPrefix(root) else { continue }
            kill(pid, SIGKILL)
        }
    }

    struct NullSink: LogSink {
        func write(_ record: LogRecord) {}
    }
}
