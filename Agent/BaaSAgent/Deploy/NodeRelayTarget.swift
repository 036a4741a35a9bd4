import FoundationEssentials

/// Where a node's API listens and the name its certificate carries, read from the node's
/// `config.json` (written by the controller as BaaSLedger's `NodeConfiguration`).
///
/// Only the two keys the relay needs are decoded here, so the agent does not link BaaSLedger (and
/// with it the EVM, Raft and SQLite) for one file format; a test decodes a real
/// `NodeConfiguration` with it so the two cannot drift apart.
struct NodeRelayTarget: Decodable, Equatable {
    /// `NodeConfiguration.nodeId`.
    let nodeId: UInt64
    /// `NodeConfiguration.apiListen`: `host:port`.
    let apiListen: String

    /// The node's TLS common name, as `NodeConfiguration.commonName(of:)` makes it.
    var commonName: String { "node-\(nodeId)" }

    /// `apiListen` as host and port.
    func address() throws -> (host: String, port: UInt16) {
        guard let colon = apiListen.lastIndex(of: ":"), let port = UInt16(apiListen[apiListen.index(after: colon)...]) else {
            throw AgentError("agent.node_config", "node \(nodeId) has apiListen '\(apiListen)', not host:port; redeploy the node")
        }
        return (String(apiListen[..<colon]), port)
    }
}
