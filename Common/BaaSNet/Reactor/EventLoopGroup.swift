import Synchronization

/// A fixed set of event loops; new connections are spread over them round-robin.
///
/// On the controller's two cores, two loops carry all sockets; request handlers run on a
/// `WorkerPool`, never on a loop. Thread-safe.
public final class EventLoopGroup: Sendable {
    /// The loops of this group.
    public let loops: [EventLoop]
    private let counter = Atomic<Int>(0)

    /// Starts `loopCount` loop threads named `name`.
    /// - Throws: `NetError` `net.reactor` when a loop cannot start.
    public init(loopCount: Int, name: String = "baas-loop") throws {
        var loops: [EventLoop] = []
        for _ in 0..<max(1, loopCount) { loops.append(try EventLoop(name: name)) }
        self.loops = loops
    }

    /// A process-wide group of two loops, started on first use and never shut down.
    public static let shared: EventLoopGroup = {
        do { return try EventLoopGroup(loopCount: 2) } catch { fatalError("cannot start the shared event loops: \(error)") }
    }()

    /// The next loop in round-robin order.
    public func next() -> EventLoop {
        loops[counter.add(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// Stops every loop (see `EventLoop.shutdown`).
    public func shutdown() {
        for loop in loops { loop.shutdown() }
    }
}
