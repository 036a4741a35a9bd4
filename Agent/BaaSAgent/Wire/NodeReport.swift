import FoundationEssentials

/// The actual state of a host's nodes and what happened to them since the last report.
public struct NodeReport: Codable, Sendable, Equatable {
    public var appliedGeneration: Int
    public var nodes: [NodeStatus]
    /// Human-readable events (`started n1 pid 42`), oldest first.
    public var events: [String]

    public init(appliedGeneration: Int, nodes: [NodeStatus], events: [String] = []) {
        self.appliedGeneration = appliedGeneration
        self.nodes = nodes
        self.events = events
    }
}
