import BaaSLedger
import Foundation
import Testing
@testable import BaaSAgent

/// The agent reads the two keys of a node's `config.json` it relays with, without linking BaaSLedger:
/// these tests decode what the controller really writes (`NodeConfiguration`).
@Suite struct NodeRelayTargetTests {
    @Test func decodesTheNodeConfigurationTheControllerWrites() throws {
        let configuration = NodeConfiguration(nodeId: 7, dataDirectory: "data", genesis: "genesis.json", p2pListen: "0.0.0.0:7007",
                                              apiListen: "0.0.0.0:8007", peers: ["1": "10.0.0.1:7001"],
                                              tls: .init(certificate: "node.pem", key: "node.key", ca: "tls-ca.pem"))
        let target = try JSONDecoder().decode(NodeRelayTarget.self, from: JSONEncoder().encode(configuration))
        #expect(target == NodeRelayTarget(nodeId: 7, apiListen: "0.0.0.0:8007"))
        #expect(target.commonName == NodeConfiguration.commonName(of: 7))
        let address = try target.address()
        #expect(address.host == "0.0.0.0" && address.port == 8007)
        #expect(try NodeConfiguration.split(configuration.apiListen, what: "apiListen") == address)
    }

    @Test func rejectsAnAddressWithoutPort() {
        #expect(throws: AgentError("agent.node_config", "")) { try NodeRelayTarget(nodeId: 2, apiListen: "127.0.0.1").address() }
        #expect(throws: AgentError("agent.node_config", "")) { try NodeRelayTarget(nodeId: 2, apiListen: "127.0.0.1:99999").address() }
    }
}
