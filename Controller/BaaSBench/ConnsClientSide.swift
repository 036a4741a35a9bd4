import BaaSCore
import BaaSCrypto
import BaaSNet
import Foundation

/// The client process of `baas-bench conns`: opens the channels, then keeps them up (answering
/// heartbeats) until the server process terminates it.
enum ConnsClientSide {
    /// Handshakes in flight at once: enough to open 10,000 channels in seconds, few enough that
    /// the server's accept backlog never overflows.
    static let batch = 200

    static func run(_ options: ConnsBenchmark.Options) async throws {
        _ = try ConnsFileLimit.raise(needed: options.count + 256)
        let directory = URL(fileURLWithPath: options.certificates)
        func read(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        let tls = try TLSContext(configuration: TLSConfiguration(
            certificateChainPEM: try read("client.pem"), privateKeyPEM: try read("client.key"),
            trustedRootsPEM: try read("ca.pem")), role: .client)
        let group = try EventLoopGroup(loopCount: 2)
        let configuration = ConnsBenchmark.channelConfiguration(.tool, options)
        var clients: [ChannelClient] = []
        clients.reserveCapacity(options.count)
        var next = 0
        while next < options.count {
            let end = min(next + batch, options.count)
            let wave = (next..<end).map { _ in
                ChannelClient(host: "127.0.0.1", port: options.port, tls: tls, eventLoop: group.next(),
                              configuration: configuration, handler: ConnsIdleHandler(),
                              backoff: ReconnectBackoff(base: .milliseconds(100), cap: .seconds(5)))
            }
            for client in wave { Task { await client.run() } }
            for client in wave { _ = await client.waitUntilConnected() }
            clients += wave
            next = end
        }
        printStandardError("conns: client side has \(clients.count) channels open")
        while true {
            try await Task.sleep(for: .seconds(3600))
            _ = clients.count
        }
    }
}
