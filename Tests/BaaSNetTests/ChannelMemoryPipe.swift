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

        // Inactive until both connections exist, so nothing is delivered to a missing peer.
        init(_ label: String) { queue = DispatchQueue(label: label, attributes: .initiallyInactive) }

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
        toController.queue.activate()
        toAgent.queue.activate()
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
