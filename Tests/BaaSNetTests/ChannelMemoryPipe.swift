import Dispatch
import Synchronization
@testable import BaaSNet

/// Two `ChannelConnection`s joined by an in-memory pipe: each direction is a serial queue, so
/// bytes arrive in order and never re-enter the sender.
final class ChannelMemoryPipe: Sendable {
    final class End: ChannelTransport {
        let queue: DispatchQueue
        let peer = Mutex<ChannelConnection?>(nil)
        let owner = Mutex<ChannelConnection?>(nil)
        let isClosed = Mutex(false)

        init(_ label: String) { queue = DispatchQueue(label: label) }

        func send(_ bytes: [UInt8]) {
            guard !isClosed.withLock({ $0 }) else { return }
            queue.async { self.peer.withLock { $0 }?.received(bytes) }
        }

        func scheduleTick(after delay: Duration) {
            let (seconds, attoseconds) = delay.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            queue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { self.owner.withLock { $0 }?.tick() }
        }

        func close() {
            guard !isClosed.withLock({ let was = $0; $0 = true; return was }) else { return }
            queue.async { self.peer.withLock { $0 }?.transportClosed() }
        }
    }

    let agent: ChannelConnection
    let controller: ChannelConnection

    init(agentHandler: any ChannelHandler, controllerHandler: any ChannelHandler,
         agentVersions: ClosedRange<UInt16> = 1...1, controllerVersions: ClosedRange<UInt16> = 1...1) {
        let toController = End("agent->controller")
        let toAgent = End("controller->agent")
        // The controller must exist before the agent's hello is sent.
        let controller = ChannelConnection(side: .acceptor, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: controllerVersions, role: .controller, identity: "ctl")),
            transport: toAgent, handler: controllerHandler)
        toController.peer.withLock { $0 = controller }
        toAgent.owner.withLock { $0 = controller }
        let agent = ChannelConnection(side: .initiator, configuration: ChannelConfiguration(
            hello: ChannelHello(versions: agentVersions, role: .agent, identity: "host-1")),
            transport: toController, handler: agentHandler)
        toAgent.peer.withLock { $0 = agent }
        toController.owner.withLock { $0 = agent }
        self.agent = agent
        self.controller = controller
    }
}

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

    /// Waits for the handshake, failing the test after `limit`.
    func waitEstablished(within limit: Duration = .seconds(5)) async throws {
        try await first(of: established.stream, within: limit)
    }

    /// Waits for the close and returns its error.
    func waitClosed(within limit: Duration = .seconds(5)) async throws -> NetError? {
        try await first(of: closed.stream, within: limit)
    }
}

/// The first element of `stream`, or `net.timeout` after `limit`.
func first<Element: Sendable>(of stream: AsyncStream<Element>, within limit: Duration) async throws -> Element {
    try await withThrowingTaskGroup(of: Element?.self) { group in
        group.addTask {
            for await element in stream { return element }
            return nil
        }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let element = try await group.next() ?? nil else {
            throw NetError("net.timeout", "nothing arrived within \(limit)")
        }
        return element
    }
}
