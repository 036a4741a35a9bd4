import Foundation
import BaaSTestSupport
import Testing

/// The deployment story against real processes on 127.0.0.1: a controller, agents enrolled with
/// join tokens, a 4-node network created through `POST /v1/networks`, transactions through the platform.
@Suite(.blocking, .serialized) struct DeployEndToEndTests {
    private static func portBase() -> Int { 20_000 + Int.random(in: 0..<300) * 40 }

    @Test func fourNodeNetworkCommitsPlatformTransactionsOnEveryNode() throws {
        let platform = try DeployPlatform()
        defer { platform.stop() }
        let base = Self.portBase()
        try platform.startAgent("host-a", ports: base...(base + 19))
        try platform.startAgent("host-b", ports: (base + 20)...(base + 39))
        try platform.waitForHosts(2)

        let observersOnly = try platform.call("POST", "/v1/networks", ["name": "no-voters", "nodes": [["role": "observer"]]])
        #expect(observersOnly.status == 422 && observersOnly.text.contains("at least one validator"), "\(observersOnly.text)")
        // Three validators and an observer (a Raft learner from the genesis on).
        let created = try platform.call("POST", "/v1/networks", ["name": "e2e", "crypto": "p256",
                                                                  "nodes": Array(repeating: ["selector": [String: String]()], count: 3)
                                                                      + [["selector": [String: String](), "role": "observer"]]])
        #expect(created.status == 202, "\(created.text)")
        let job = try #require((created.json["job"] as? [String: Any])?["id"] as? String)
        let networkID = try #require((created.json["network"] as? [String: Any])?["id"] as? String)
        let finished = try platform.waitForJob(job)
        #expect(finished["status"] as? String == "succeeded", "\(finished)\n\(platform.controller.log.suffix(3000))")
        let steps = finished["steps"] as? [[String: Any]] ?? []
        #expect(steps.map { $0["name"] as? String } == ["network_ca", "node_keys", "certificates", "configuration", "desired_state", "first_block"])
        #expect(steps.allSatisfy { $0["state"] as? String == "succeeded" })

        let nodes = try platform.call("GET", "/v1/networks/\(networkID)/nodes").json["items"] as? [[String: Any]] ?? []
        #expect(nodes.count == 4)
        #expect(nodes.map { $0["role"] as? String } == ["validator", "validator", "validator", "observer"])
        #expect(Set(nodes.compactMap { $0["host_name"] as? String }) == ["host-a", "host-b"])

        var hashes: [String] = []
        for index in 0..<3 {
            let submitted = try platform.call("POST", "/v1/networks/\(networkID)/transactions", ["key": "k\(index)", "value": "v\(index)"])
            #expect(submitted.status == 201, "\(submitted.text)")
            hashes.append(try #require(submitted.json["hash"] as? String))
        }
        for hash in hashes {
            for node in 1...4 {
                let deadline = Date().addingTimeInterval(30)
                var found = try platform.call("GET", "/v1/networks/\(networkID)/transactions/\(hash)?node=\(node)")
                while found.json["height"] == nil, Date() < deadline {
                    usleep(100_000)
                    found = try platform.call("GET", "/v1/networks/\(networkID)/transactions/\(hash)?node=\(node)")
                }
                #expect(found.status == 200 && found.json["height"] != nil, "node \(node): \(found.text)")
            }
        }
        let blocks = try platform.call("GET", "/v1/networks/\(networkID)/blocks")
        #expect(((blocks.json["items"] as? [[String: Any]]) ?? []).count >= 2, "\(blocks.text)")

        let cli = try platform.baasctl(["network", "create", "--name", "cli", "--nodes", "1", "--hosts", "host-b"])
        #expect(cli.status == 0, "\(cli.stdout)\(cli.stderr)")
        #expect(cli.stdout.contains("first_block") && cli.stdout.contains("succeeded"), "\(cli.stdout)")
        let listed = try platform.baasctl(["network", "list"])
        #expect(listed.stdout.contains("e2e") && listed.stdout.contains("cli"), "\(listed.stdout)")
        let jobText = try platform.baasctl(["job", "get", job])
        #expect(jobText.stdout.contains("network_ca") && !jobText.stdout.contains("[#"), "no bars off a terminal: \(jobText.stdout)")

        let teardown = try platform.call("POST", "/v1/networks/\(networkID)/rollback")
        #expect(teardown.status == 403, "tearing down a running network needs a second factor: \(teardown.text)")
    }

    @Test func creationFailsNamingTheHostWhoseAgentIsDownAndRollbackLeavesNothing() throws {
        let platform = try DeployPlatform()
        defer { platform.stop() }
        let base = Self.portBase()
        try platform.startAgent("host-up", ports: base...(base + 19))
        try platform.startAgent("host-down", ports: (base + 20)...(base + 39))
        try platform.waitForHosts(2)
        platform.stopAgent("host-down")

        let created = try platform.call("POST", "/v1/networks", ["name": "broken",
                                                                  "nodes": [["host": "host-up"], ["host": "host-up"], ["host": "host-down"], ["host": "host-down"]]])
        #expect(created.status == 202, "\(created.text)")
        let job = try #require((created.json["job"] as? [String: Any])?["id"] as? String)
        let networkID = try #require((created.json["network"] as? [String: Any])?["id"] as? String)
        let finished = try platform.waitForJob(job, seconds: 120)
        #expect(finished["status"] as? String == "failed")
        let error = finished["error"] as? [String: Any] ?? [:]
        #expect(error["host_name"] as? String == "host-down", "\(finished)")
        #expect((error["message"] as? String ?? "").contains("host-down"))
        let network = try platform.call("GET", "/v1/networks/\(networkID)").json
        #expect(network["status"] as? String == "failed")

        let rollback = try platform.call("POST", "/v1/networks/\(networkID)/rollback")
        #expect(rollback.status == 202, "\(rollback.text)")
        let rolled = try platform.waitForJob(try #require(rollback.json["id"] as? String))
        #expect(rolled["status"] as? String == "succeeded")
        #expect(platform.nodeProcesses().isEmpty)
        let upNodes = platform.folder.appendingPathComponent("agent-host-up/state/nodes")
        let left = ((try? FileManager.default.contentsOfDirectory(atPath: upNodes.path)) ?? []).filter { $0.hasPrefix(networkID) }
        #expect(left.isEmpty, "node directories left: \(left)")
        #expect(try platform.call("GET", "/v1/networks/\(networkID)").json["status"] as? String == "rolled_back")
    }
}
