import BaaSAgent
import BaaSController
import BaaSCore
import Foundation

/// `baas-bench deploy --nodes N [--agents A]`: an in-process controller and A real `baas-agent`
/// processes on 127.0.0.1 (each its own host with its own port range), then one network of N
/// `baas-ledger` validators spread round-robin over them. Prints the time from the request to
/// the first block committed on every node, each step's share, and last
/// `{"bench":"deploy","nodes":N,"seconds":S}`. Everything started is killed and removed at the end.
enum DeployBench {
    static let command: (String, CommandLineTool.Node) = (
        "deploy", .command(summary: "time a network deployment from request to first committed block",
                           usage: "[--nodes N] [--agents A]", action: { arguments in await run(arguments) }))

    static func run(_ arguments: [String]) async -> ExitCode {
        var nodes = 4
        var agentCount = 0
        var index = 0
        while index < arguments.count {
            guard index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 else {
                printStandardError("usage: baas-bench deploy [--nodes N] [--agents A]")
                return .usage
            }
            switch arguments[index] {
            case "--nodes": nodes = value
            case "--agents": agentCount = value
            default:
                printStandardError("usage: baas-bench deploy [--nodes N] [--agents A]")
                return .usage
            }
            index += 2
        }
        if agentCount == 0 { agentCount = min(nodes, 4) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-bench-deploy-\(UUID().uuidString)").path
        var agents: [Process] = []
        defer {
            for agent in agents where agent.isRunning { kill(agent.processIdentifier, SIGKILL) }
            for agent in 0..<agentCount { AgentBench.killNodes(under: directory + "/a\(agent)") }
            try? FileManager.default.removeItem(atPath: directory)
        }
        do {
            var configuration = ControllerConfiguration()
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try configuration.apply(flags: ["--database", directory + "/controller.sqlite", "--listen", "127.0.0.1:0"])
            let controller = try ControllerServer(configuration: configuration, logger: Logger(label: "bench.controller", sink: AgentBench.NullSink()))
            let serving = Task { try await controller.run() }
            defer { serving.cancel() }
            while controller.port == 0 || controller.gatewayPort == 0 { try await Task.sleep(for: .milliseconds(20)) }
            let bin = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            let base = 20_000 + Int.random(in: 0..<100) * 100
            var hostIDs: [String] = []
            for agent in 0..<agentCount {
                let state = directory + "/a\(agent)"
                try FileManager.default.createDirectory(atPath: state + "/agent", withIntermediateDirectories: true)
                let low = base + agent * (2 * nodes + 10)
                let (_, token) = try controller.hosts.createJoinToken(
                    by: .system(), tenantID: nil, labels: ["baas.address": "127.0.0.1", "baas.ports": "\(low)-\(low + 2 * nodes + 8)"], ttl: 600)
                let config = state + "/agent.json"
                try JSONSerialization.data(withJSONObject: [
                    "state_directory": state + "/agent", "name": "bench-\(agent)", "metrics_interval_seconds": 30,
                    "engines": [["name": "baas-ledger", "version": "bench", "path": bin.appendingPathComponent("baas-ledger").path]],
                ]).write(to: URL(fileURLWithPath: config))
                let enroll = Process()
                enroll.executableURL = bin.appendingPathComponent("baas-agent")
                enroll.arguments = ["enroll", "--controller", "127.0.0.1:\(controller.port)", "--token", token, "--config", config]
                enroll.standardOutput = FileHandle.nullDevice
                enroll.standardError = FileHandle.nullDevice
                try enroll.run()
                enroll.waitUntilExit()
                guard enroll.terminationStatus == 0 else {
                    printStandardError("baas-bench deploy: enrollment of agent \(agent) failed")
                    return .failed
                }
                let process = Process()
                process.executableURL = bin.appendingPathComponent("baas-agent")
                process.arguments = ["run", "--config", config]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                agents.append(process)
                hostIDs.append(try AgentIdentity.load(directory: state + "/agent").hostID)
            }
            for hostID in hostIDs {
                while !controller.gateway.isOnline(hostID) { try await Task.sleep(for: .milliseconds(20)) }
            }
            let start = ContinuousClock.now
            let job = try controller.networks.deploy(by: .system(), name: "bench", hosts: (0..<nodes).map { hostIDs[$0 % hostIDs.count] })
            var finished = job
            while finished.status == "running" {
                try await Task.sleep(for: .milliseconds(5))
                finished = try controller.networks.currentJob(id: job.id) ?? finished
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            for step in finished.steps {
                print(step.name.padding(toLength: 14, withPad: " ", startingAt: 0) + step.state.padding(toLength: 10, withPad: " ", startingAt: 0)
                      + String(format: "%8.3f s  ", step.seconds ?? 0) + step.detail)
            }
            guard finished.status == "succeeded" else {
                printStandardError("baas-bench deploy: the deployment failed: \(finished.error?.message ?? finished.status)")
                return .failed
            }
            print(String(format: "deploy: %d nodes on %d agents, request to first committed block %.3f s", nodes, agentCount, seconds))
            print("{\"bench\":\"deploy\",\"nodes\":\(nodes),\"seconds\":\(String(format: "%.3f", seconds))}")
            return .ok
        } catch {
            printStandardError("baas-bench deploy: \(error)")
            return .failed
        }
    }
}
