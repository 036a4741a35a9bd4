import BaaSCore
import BaaSCrypto
import BaaSNet
import Foundation

/// `baas-bench http`: a small JSON GET over keep-alive mutual TLS 1.3, our server against nginx
/// serving a file of the same size with the same TLS settings, measured by the same load generator.
///
/// The machine is shared, so the two targets are measured in alternating one-second slices
/// (ours, nginx, ours, …) and each gets the sum of its slices: a burst of outside load hits both.
enum HTTPBench {
    static let command: (String, CommandLineTool.Node) = (
        "http",
        .command(summary: "requests/s and latency of the HTTPS server against nginx (mutual TLS 1.3, keep-alive)",
                 usage: "[--duration SECONDS] [--connections N] [--client-loops N]  (duration per target, in 1 s slices)",
                 action: { arguments in await run(arguments) }))

    /// What the benchmark's handler returns: a typical small API object.
    struct Item: Codable {
        let id: String
        let name: String
        let state: String
        let height: Int
        let peers: [String]
    }

    static func run(_ arguments: [String]) async -> ExitCode {
        var seconds = 5
        var connections = 16
        var clientLoops = 2
        var rest = arguments[...]
        while let option = rest.popFirst() {
            guard let value = rest.popFirst().flatMap({ Int($0) }), value > 0 else {
                printStandardError("baas-bench http: \(option) needs a positive number")
                return .usage
            }
            switch option {
            case "--duration": seconds = value
            case "--connections": connections = value
            case "--client-loops": clientLoops = value
            default:
                printStandardError("baas-bench http: unknown option \(option)")
                return .usage
            }
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") else {
            printStandardError("baas-bench http: nginx is not installed (apt-get install nginx)")
            return .failed
        }
        do {
            try await measure(seconds: seconds, connections: connections, clientLoops: clientLoops)
            return .ok
        } catch {
            printStandardError("baas-bench http: \(error)")
            return .failed
        }
    }

    private static func measure(seconds: Int, connections: Int, clientLoops: Int) async throws {
        let fixtures = try HTTPBenchFixtures()
        defer { fixtures.remove() }
        try fixtures.makePKI()
        let item = Item(id: "net-7f3a9c", name: "supply-chain", state: "running", height: 184_467, peers: ["node-1", "node-2", "node-3"])
        let body = try HTTPResponse.json(item).body

        let serverTLS = try ReloadableTLSContext(configuration: TLSConfiguration(
            certificateChainPEM: try fixtures.read("server.pem"), privateKeyPEM: try fixtures.read("server.key"),
            trustedRootsPEM: try fixtures.read("root.pem"), crlsPEM: try fixtures.read("crl.pem"),
            requireClientCertificate: true), role: .server)
        let clientTLS = try TLSContext(configuration: TLSConfiguration(
            certificateChainPEM: try fixtures.read("client.pem"), privateKeyPEM: try fixtures.read("client.key"),
            trustedRootsPEM: try fixtures.read("root.pem")), role: .client)
        let loadGroup = try EventLoopGroup(loopCount: clientLoops, name: "bench-load")
        defer { loadGroup.shutdown() }
        func load(port: UInt16) -> HTTPBenchLoad {
            HTTPBenchLoad(host: "127.0.0.1", port: port, path: "/bench.json", connections: connections,
                          warmup: .milliseconds(200), duration: .seconds(1), tls: clientTLS, group: loadGroup)
        }

        let serverGroup = try EventLoopGroup(loopCount: 2)
        defer { serverGroup.shutdown() }
        var router = Router()
        router.get("/bench.json") { _, _ in try .json(item) }
        let server = HTTPServer(configuration: .init(tls: serverTLS), router: router, group: serverGroup)
        try server.start()
        defer { server.stop() }

        let probe = try Listener(tls: nil, group: loadGroup) { _ in HTTPBenchIdle() }
        let port = probe.port
        probe.close()
        try await Task.sleep(for: .milliseconds(50))
        let nginx = try fixtures.startNginx(port: port, body: body)
        defer {
            nginx.terminate()
            nginx.waitUntilExit()
        }
        try await waitUntilListening(port: port, group: loadGroup)

        var oursSamples = HTTPBenchLoad.Samples()
        var nginxSamples = HTTPBenchLoad.Samples()
        for _ in 0..<seconds {
            oursSamples.add(try await load(port: server.port).run())
            nginxSamples.add(try await load(port: port).run())
        }
        let ours = oursSamples.summary
        let theirs = nginxSamples.summary
        report("ours ", ours, bytes: body.count)
        report("nginx", theirs, bytes: body.count)

        let ratio = theirs.requestsPerSecond > 0 ? ours.requestsPerSecond / theirs.requestsPerSecond : 0
        print("ratio: \(rounded(ratio, 3)) (goal >= 0.5)")
        print("{\"bench\":\"http\",\"ours_rps\":\(rounded(ours.requestsPerSecond, 0)),\"nginx_rps\":\(rounded(theirs.requestsPerSecond, 0)),"
              + "\"ratio\":\(rounded(ratio, 3)),\"ours_p99_ms\":\(rounded(ours.p99Milliseconds, 3))}")
    }

    private static func report(_ name: String, _ result: HTTPBenchLoad.Result, bytes: Int) {
        print("\(name): \(rounded(result.requestsPerSecond, 0)) req/s  p50 \(rounded(result.p50Milliseconds, 3)) ms  "
              + "p99 \(rounded(result.p99Milliseconds, 3)) ms  (\(result.requests) requests, \(result.errors) errors, \(bytes)-byte body)")
    }

    private static func rounded(_ value: Double, _ places: Int) -> String {
        if places == 0 { return String(Int(value.rounded())) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        return "\(whole).\(String(repeating: "0", count: places - fraction.count))\(fraction)"
    }

    private static func waitUntilListening(port: UInt16, group: EventLoopGroup) async throws {
        for _ in 0..<100 {
            if let connection = try? await Connection.connect(host: "127.0.0.1", port: port, tls: nil, on: group.next(),
                                                              handler: HTTPBenchIdle()) {
                connection.abort()
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchFailure("nginx did not start listening on 127.0.0.1:\(port)")
    }
}

/// A handler that ignores everything (port probes).
final class HTTPBenchIdle: ConnectionHandler, @unchecked Sendable {
    func connectionDidBecomeActive(_ connection: Connection) {}
    func connection(_ connection: Connection, didReceive bytes: [UInt8]) {}
    func connectionDidClose(_ connection: Connection, error: NetError?) {}
}
