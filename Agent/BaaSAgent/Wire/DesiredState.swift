/// The node set the controller wants on a host, versioned by `generation` (grows with each change).
public struct DesiredState: Codable, Sendable, Equatable {
    public var generation: Int
    public var nodes: [NodeSpec]

    public init(generation: Int, nodes: [NodeSpec]) {
        self.generation = generation
        self.nodes = nodes
    }
}
