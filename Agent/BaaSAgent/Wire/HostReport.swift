/// What an agent tells the controller when it connects: the machine's facts, what it runs, and
/// the generation of the desired state it last applied.
public struct HostReport: Codable, Sendable, Equatable {
    public var facts: HostFacts
    public var nodes: [NodeStatus]
    public var appliedGeneration: Int
    public var agentVersion: String

    public init(facts: HostFacts, nodes: [NodeStatus], appliedGeneration: Int, agentVersion: String) {
        self.facts = facts
        self.nodes = nodes
        self.appliedGeneration = appliedGeneration
        self.agentVersion = agentVersion
    }
}
