import BaaSCore
import BaaSCrypto
import BaaSNet
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `baas-bench conns`: many idle mutual-TLS channels to one server, and what they cost the server.
///
/// This process is the server; it starts a copy of itself with `--client-side` that opens the
/// channels (so client work never counts against the server), waits until every channel is
/// established, then samples its own RSS and CPU time over an idle window in which only
/// heartbeats flow. The last line is JSON for scripts.
enum ConnsBenchmark {
    static let command: (String, CommandLineTool.Node) = (
        "conns",
        .command(summary: "server RSS and CPU with many idle mutual-TLS agent channels (heartbeats only)",
                 usage: "[--count N] [--heartbeat SECONDS] [--idle SECONDS] [--server-loops N]",
                 action: { arguments in await run(arguments) }))

    struct Options {
        var count = 10_000
        var heartbeatSeconds = 10
        var idleSeconds = 30
        var serverLoops = 2
        /// Internal: run as the client process of a benchmark.
        var clientSide = false
        var port: UInt16 = 0
        var certificates = ""
    }

    static func run(_ arguments: [String]) async -> ExitCode {
        var options = Options()
        var rest = arguments[...]
        while let option = rest.popFirst() {
            if option == "--client-side" {
                options.clientSide = true
                continue
            }
            guard let value = rest.popFirst() else {
                printStandardError("baas-bench conns: \(option) needs a value")
                return .usage
            }
            if option == "--certificates" {
                options.certificates = value
                continue
            }
            guard let number = Int(value), number > 0 else {
                printStandardError("baas-bench conns: \(option) needs a positive number")
                return .usage
            }
            switch option {
            case "--count": options.count = number
            case "--heartbeat": options.heartbeatSeconds = number
            case "--idle": options.idleSeconds = number
            case "--server-loops": options.serverLoops = number
            case "--port": options.port = UInt16(clamping: number)
            default:
                printStandardError("baas-bench conns: unknown option \(option)")
                return .usage
            }
        }
        do {
            if options.clientSide {
                try await ConnsClientSide.run(options)
            } else {
                try await measure(options)
            }
            return .ok
        } catch {
            printStandardError("baas-bench conns: \(error)")
            return .failed
        }
    }

    static func channelConfiguration(_ role: ChannelRole, _ options: Options) -> ChannelConfiguration {
        ChannelConfiguration(hello: ChannelHello(versions: ChannelConfiguration.supportedVersions, role: role,
                                                 identity: "bench-\(role)"),
                             heartbeatInterval: .seconds(options.heartbeatSeconds))
    }

    private static func measure(_ options: Options) async throws {
        let limit = try ConnsFileLimit.raise(needed: options.count + 256)
        let certificates = try ConnsCertificates.make()
        defer { certificates.remove() }
        let tls = try ReloadableTLSContext(configuration: TLSConfiguration(
            certificateChainPEM: try String(contentsOfFile: certificates.serverCertificatePath, encoding: .utf8),
            privateKeyPEM: try String(contentsOfFile: certificates.serverKeyPath, encoding: .utf8),
            trustedRootsPEM: try String(contentsOfFile: certificates.caPath, encoding: .utf8),
            requireClientCertificate: true), role: .server)
        let group = try EventLoopGroup(loopCount: options.serverLoops)
        let server = try ChannelServer(tls: tls, group: group, configuration: channelConfiguration(.controller, options),
                                       handler: ConnsIdleHandler())
        defer { server.close() }
        let baseline = ConnsProcessSample.read(pid: getpid())?.residentKilobytes ?? 0
        printStandardError("conns: server on 127.0.0.1:\(server.port), open-file limit \(limit), "
                           + "opening \(options.count) channels from a client process")

        let clients = Process()
        clients.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        clients.arguments = ["conns", "--client-side", "--port", "\(server.port)", "--count", "\(options.count)",
                             "--heartbeat", "\(options.heartbeatSeconds)", "--certificates", certificates.directory.path]
        try clients.run()
        defer {
            if clients.isRunning {
                clients.terminate()
                clients.waitUntilExit()
            }
        }

        let started = ContinuousClock.now
        let allowed = Duration.seconds(120 + options.count / 50)
        var lastReport = started
        while server.openChannelCount < options.count {
            guard clients.isRunning else {
                throw NetError("net.bench_clients", "the client process exited (status \(clients.terminationStatus)) "
                               + "with \(server.openChannelCount) of \(options.count) channels open")
            }
            guard ContinuousClock.now - started < allowed else {
                throw NetError("net.bench_timeout", "only \(server.openChannelCount) of \(options.count) channels "
                               + "opened within \(allowed)")
            }
            if ContinuousClock.now - lastReport >= .seconds(5) {
                lastReport = ContinuousClock.now
                printStandardError("conns: \(server.openChannelCount)/\(options.count) channels open")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let openTime = ContinuousClock.now - started
        printStandardError("conns: all \(options.count) channels open after \(format(openTime)) s; "
                           + "settling, then measuring \(options.idleSeconds) s idle")

        // Let handshake garbage and the connect burst's buffers go before measuring.
        try await Task.sleep(for: .seconds(5))
        let pid = getpid()
        guard let before = ConnsProcessSample.read(pid: pid) else {
            throw NetError("net.bench_proc", "cannot read /proc/\(pid)")
        }
        let windowStart = ContinuousClock.now
        try await Task.sleep(for: .seconds(options.idleSeconds))
        let window = ContinuousClock.now - windowStart
        guard let after = ConnsProcessSample.read(pid: pid) else {
            throw NetError("net.bench_proc", "cannot read /proc/\(pid)")
        }
        let stillOpen = server.openChannelCount
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        let cpuSeconds = Double(after.cpuTicks - before.cpuTicks) / Double(ConnsProcessSample.ticksPerSecond)
        let cpuPercent = (cpuSeconds / seconds * 1000).rounded() / 10
        let rssMB = (Double(after.residentKilobytes) / 1024 * 10).rounded() / 10

        print("conns: \(stillOpen) idle mutual-TLS channels, heartbeat every \(options.heartbeatSeconds) s, "
              + "server loops \(options.serverLoops)")
        let perChannel = Double(after.residentKilobytes - baseline) / Double(max(stillOpen, 1))
        print("conns: all open after \(format(openTime)) s; server RSS \(rssMB) MB "
              + "(\((perChannel * 10).rounded() / 10) kB per channel above the \(baseline / 1024) MB at start), "
              + "CPU \(cpuPercent)% of one core over \(Int(seconds)) s idle")
        print("{\"bench\":\"conns\",\"count\":\(stillOpen),\"server_rss_mb\":\(rssMB),\"server_cpu_pct\":\(cpuPercent)}")
        if stillOpen < options.count {
            throw NetError("net.bench_dropped", "\(options.count - stillOpen) channels dropped while idle")
        }
    }
}

private func format(_ duration: Duration) -> String {
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return String(format: "%.1f", seconds)
}

/// The server's handler: the benchmark only holds channels open.
struct ConnsIdleHandler: ChannelHandler {}
