import Foundation
import BaaSTestSupport
import Testing

/// Three hosts as network namespaces (controller in one, an agent in each of the others) joined
/// by a bridge in a fourth: a 4-node network across them through the REST API, and platform
/// transactions in blocks on every node.
@Suite(.blocking, .serialized) struct DeployNamespaceTests {
    @Test(.enabled(if: DeployNamespaces.permitted, "ip netns is not permitted on this machine"))
    func networkAcrossNamespacedHostsCommitsOnEveryNode() throws {
        let spaces = DeployNamespaces()
        defer { spaces.remove() }
        let hosts = try spaces.make(hosts: 3)
        let platform = try DeployPlatform(controller: try NamespacedController(namespace: hosts[0], address: "10.77.0.1"),
                                          controllerNamespace: hosts[0])
        defer { platform.stop() }
        try platform.startAgent("ns-a", ports: 21000...21039, namespace: hosts[1], address: "10.77.0.2")
        try platform.startAgent("ns-b", ports: 21000...21039, namespace: hosts[2], address: "10.77.0.3")
        try platform.waitForHosts(2)

        let created = try platform.call("POST", "/v1/networks", ["name": "netns",
                                                                  "nodes": [["host": "ns-a"], ["host": "ns-b"], ["host": "ns-a"], ["host": "ns-b"]]])
        #expect(created.status == 202, "\(created.text)")
        let job = try #require((created.json["job"] as? [String: Any])?["id"] as? String)
        let networkID = try #require((created.json["network"] as? [String: Any])?["id"] as? String)
        let finished = try platform.waitForJob(job)
        #expect(finished["status"] as? String == "succeeded", "\(finished)")
        let nodes = try platform.call("GET", "/v1/networks/\(networkID)/nodes").json["items"] as? [[String: Any]] ?? []
        #expect(Set(nodes.compactMap { $0["address"] as? String }) == ["10.77.0.2", "10.77.0.3"])

        let submitted = try platform.call("POST", "/v1/networks/\(networkID)/transactions", ["key": "netns", "value": "yes"])
        #expect(submitted.status == 201, "\(submitted.text)")
        let hash = try #require(submitted.json["hash"] as? String)
        for node in 1...4 {
            let deadline = Date().addingTimeInterval(30)
            var found = try platform.call("GET", "/v1/networks/\(networkID)/transactions/\(hash)?node=\(node)")
            while found.json["height"] == nil, Date() < deadline {
                usleep(100_000)
                found = try platform.call("GET", "/v1/networks/\(networkID)/transactions/\(hash)?node=\(node)")
            }
            #expect(found.json["height"] != nil, "node \(node): \(found.text)")
        }
    }
}
