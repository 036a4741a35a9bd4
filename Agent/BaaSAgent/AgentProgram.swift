import FoundationEssentials
import BaaSCore
internal import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// The command tree of `baas-agent`; its `main.swift` only runs it.
public enum AgentProgram {
    public static let tool = CommandLineTool(
        name: "baas-agent",
        summary: "The BaaS host agent: enrolls with the controller and runs ledger nodes.",
        commands: [
            BaaSVersion.command(program: "baas-agent"),
            ("enroll", .command(summary: "enroll this host with a controller using a one-time join token",
                                usage: "--controller HOST:PORT --token TOKEN [--config FILE]", action: enroll)),
            ("run", .command(summary: "run the agent until SIGTERM (nodes keep running when it stops)",
                             usage: "[--config FILE]", action: run)),
        ])

    /// `--flag value` pairs; a flag without a value or an unknown flag is a usage error.
    static func flags(_ arguments: [String], allowed: Set<String>) throws -> [String: String] {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            guard allowed.contains(flag) else {
                throw AgentError("agent.usage", "unknown argument '\(flag)'")
            }
            guard index + 1 < arguments.count else { throw AgentError("agent.usage", "the flag \(flag) needs a value") }
            values[flag] = arguments[index + 1]
            index += 2
        }
        return values
    }

    static func configuration(_ flags: [String: String]) throws -> AgentConfiguration {
        if let path = flags["--config"] { return try AgentConfiguration.load(path: path, required: true) }
        return try AgentConfiguration.load(path: AgentConfiguration.defaultPath, required: false)
    }

    @Sendable static func enroll(_ arguments: [String]) async -> ExitCode {
        do {
            let flags = try flags(arguments, allowed: ["--controller", "--token", "--config"])
            guard let controller = flags["--controller"], let token = flags["--token"] else {
                throw AgentError("agent.usage", "give --controller HOST:PORT and --token TOKEN")
            }
            guard let colon = controller.lastIndex(of: ":"), let port = UInt16(controller[controller.index(after: colon)...]) else {
                throw AgentError("agent.usage", "--controller must be HOST:PORT, such as controller.example.net:8443")
            }
            let host = String(controller[..<colon].filter { $0 != "[" && $0 != "]" })
            let configuration = try configuration(flags)
            let identity = try await Enroller(configuration: configuration).enroll(host: host, port: port, token: token)
            defer { fflush(nil) }
            print("enrolled: host \(identity.hostID), gateway \(identity.controllerHost):\(identity.gatewayPort)")
            return .ok
        } catch let error as AgentError where error.code == "agent.usage" {
            printStandardError("baas-agent enroll: \(error.message)")
            return .usage
        } catch {
            printStandardError("baas-agent enroll: \(message(error))")
            return .failed
        }
    }

    /// One malloc arena for the whole process, set before any thread allocates: glibc otherwise
    /// gives threads arenas of their own, which kept ~0.25 MB more heap resident in the idle agent
    /// (docs/benchmarks.md, "Agent footprint"); its few allocations never contend.
    public static func limitMallocArenas() {
        _ = mallopt(M_ARENA_MAX, 1)
    }

    @Sendable static func run(_ arguments: [String]) async -> ExitCode {
        do {
            let flags = try flags(arguments, allowed: ["--config"])
            let configuration = try configuration(flags)
            let logger = Logger(label: "baas-agent")
            let ready = ReadyRelay()
            let runtime = try AgentRuntime(configuration: configuration, logger: logger,
                                           onReady: { status in ready.fire(status) })
            let group = ServiceGroup(services: [runtime], logger: logger)
            ready.set { status in
                group.markReady(status: status)
                print("ready: \(status)")
                fflush(nil)
            }
            try await group.run()
            return .ok
        } catch let error as AgentError where error.code == "agent.usage" {
            printStandardError("baas-agent run: \(error.message)")
            return .usage
        } catch {
            printStandardError("baas-agent run: \(message(error))")
            return .failed
        }
    }

    static func message(_ error: any Error) -> String {
        if let error = error as? any OperatorError { return error.message }
        return "\(error)"
    }
}
