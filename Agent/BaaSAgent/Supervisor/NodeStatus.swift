/// What the supervisor knows of one node, as reported to the controller.
public struct NodeStatus: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        /// The process runs.
        case running
        /// It crashed and waits for its next restart.
        case backoff
        /// It crashed too often (restart-loop limit) or cannot start; it stays down until the
        /// controller sends a new spec.
        case failed
    }

    public var id: String
    public var state: State
    public var pid: Int32?
    public var restarts: Int
    public var lastExit: String?
}

/// Something that happened to a node, sent to the controller as an event.
public enum NodeEvent: Sendable, Equatable {
    case started(id: String, pid: Int32)
    case reattached(id: String, pid: Int32)
    case exited(id: String, how: String)
    case restarting(id: String, after: Duration)
    case failed(id: String, reason: String)
    case stopped(id: String)
}
