import Synchronization
@testable import BaaSNet

/// A handler that records what it sees and answers `echo` with the body it got.
final class ChannelRecordingHandler: ChannelHandler {
    private let log = Mutex<[String]>([])
    private let established = AsyncStream<Void>.makeStream()
    private let closed = AsyncStream<NetError?>.makeStream()

    var entries: [String] { log.withLock { $0 } }

    func established(_ connection: ChannelConnection) {
        log.withLock { $0.append("established \(connection.peer?.role.description ?? "?")") }
        established.continuation.yield()
    }

    func request(method: String, body: [UInt8], on connection: ChannelConnection) async -> ChannelResponse {
        log.withLock { $0.append("request \(method)") }
        switch method {
        case "echo": return .ok(body)
        case "slow":
            try? await Task.sleep(for: .seconds(5))
            return .ok()
        default: return ChannelResponse(status: 404)
        }
    }

    func event(name: String, body: [UInt8], on connection: ChannelConnection) {
        log.withLock { $0.append("event \(name) \(body)") }
    }

    func closed(_ connection: ChannelConnection, error: NetError?) {
        log.withLock { $0.append("closed \(error?.code ?? "normally")") }
        closed.continuation.yield(error)
    }

    /// Waits for the handshake, failing the test after `limit` (only a bound against hanging: a
    /// loaded machine may take seconds).
    func waitEstablished(within limit: Duration = .seconds(60)) async throws {
        try await first(of: established.stream, within: limit)
    }

    /// Waits for the close and returns its error.
    func waitClosed(within limit: Duration = .seconds(60)) async throws -> NetError? {
        try await first(of: closed.stream, within: limit)
    }
}
