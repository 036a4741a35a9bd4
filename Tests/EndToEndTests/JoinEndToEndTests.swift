import Foundation
import BaaSTestSupport
import Testing

/// R5.1 join with real processes on 127.0.0.1: tenant A deploys a 4-node network on its host,
/// invites tenant B, and B joins with a node on its own host through the REST API and baasctl.
@Suite(.blocking, .serialized) struct JoinEndToEndTests {
    private static func portBase() -> Int { 21_000 + Int.random(in: 0..<300) * 40 }

    /// Has the platform admin create a tenant with an owner and logs the owner in; returns the
    /// tenant id and a session token.
    private static func tenant(_ name: String, on platform: DeployPlatform) throws -> (id: String, token: String) {
        let password = "Correct-horse-\(name)-1"
        let created = try platform.call("POST", "/v1/tenants", ["name": name, "owner": ["username": "\(name)-owner", "password": password]])
        let id = try require2((created.json["tenant"] as? [String: Any])?["id"] as? String, "tenant creation answered \(created.text)")
        let login = try platform.call("POST", "/v1/sessions", ["username": "\(name)-owner", "password": password], authorized: false)
        return (id, try require2(login.json["token"] as? String, "login answered \(login.text)"))
    }

    @Test func aTenantJoinsAnotherTenantsNetworkWithANodeOnItsOwnHost() throws {
        let platform = try DeployPlatform()
        defer { platform.stop() }
        let a = try Self.tenant("tenant-a", on: platform)
        let b = try Self.tenant("tenant-b", on: platform)
        let base = Self.portBase()
        try platform.startAgent("host-a", ports: base...(base + 19), tenant: a.id)
        try platform.startAgent("host-b", ports: (base + 20)...(base + 29), tenant: b.id)
        try platform.startAgent("host-b2", ports: (base + 30)...(base + 39), tenant: b.id)
        try platform.waitForHosts(3)

        let created = try platform.call("POST", "/v1/networks", ["name": "shared", "nodes": Array(repeating: ["host": "host-a"], count: 4)],
                                        bearer: a.token)
        #expect(created.status == 202, "\(created.text)")
        let networkID = try #require((created.json["network"] as? [String: Any])?["id"] as? String)
        let deployed = try platform.waitForJob(try #require((created.json["job"] as? [String: Any])?["id"] as? String))
        #expect(deployed["status"] as? String == "succeeded", "\(deployed)")
        for index in 0..<2 {
            let before = try platform.call("POST", "/v1/networks/\(networkID)/transactions", ["key": "before\(index)", "value": "v"], bearer: a.token)
            #expect(before.status == 201, "\(before.text)")
        }

        // Before joining, B does not see the network at all.
        #expect(try platform.call("GET", "/v1/networks/\(networkID)", bearer: b.token).status == 404)
        let invitation = try platform.call("POST", "/v1/networks/\(networkID)/invitations", ["expires_in_seconds": 600], bearer: a.token)
        #expect(invitation.status == 201, "\(invitation.text)")
        let code = try #require(invitation.json["code"] as? String)
        #expect(try platform.call("POST", "/v1/networks/\(networkID)/invitations", [:], bearer: b.token).status == 404)

        let wrong = try platform.call("POST", "/v1/networks/\(networkID)/join", ["code": "inv_wrong", "nodes": [["host": "host-b"]]],
                                      bearer: b.token)
        #expect(wrong.status == 422 && wrong.text.contains("invalid_invitation"), "\(wrong.text)")
        let foreignHost = try platform.call("POST", "/v1/networks/\(networkID)/join", ["code": code, "nodes": [["host": "host-a"]]],
                                            bearer: b.token)
        #expect(foreignHost.status == 422 && foreignHost.text.contains("host_of_another_tenant"), "\(foreignHost.text)")

        // A join that fails (B's second host is down) leaves nothing behind and frees the code.
        platform.stopAgent("host-b2")
        var offline = false
        for _ in 0..<100 where !offline {
            let hosts = try platform.call("GET", "/v1/hosts").json["items"] as? [[String: Any]] ?? []
            offline = hosts.contains { $0["name"] as? String == "host-b2" && $0["status"] as? String != "online" }
            if !offline { usleep(100_000) }
        }
        let failing = try platform.call("POST", "/v1/networks/\(networkID)/join", ["code": code, "nodes": [["host": "host-b2"]]],
                                        bearer: b.token)
        #expect(failing.status == 202, "\(failing.text)")
        let failed = try platform.waitForJob(try #require((failing.json["job"] as? [String: Any])?["id"] as? String))
        #expect(failed["status"] as? String == "failed", "\(failed)")
        #expect((failed["error"] as? [String: Any])?["host_name"] as? String == "host-b2", "\(failed)")
        let afterFailure = try platform.call("GET", "/v1/networks/\(networkID)/nodes", bearer: a.token).json["items"] as? [[String: Any]]
        #expect(afterFailure?.count == 4)

        // B joins through baasctl: one validator on its own host (added as an observer, promoted).
        var environment = ProcessInfo.processInfo.environment
        environment["BAAS_CONTROLLER"] = platform.controller.url
        environment["BAAS_TOKEN"] = b.token
        environment["BAAS_CA_FILE"] = platform.caPath
        let joined = try platform.run(ProgramRunner.binDirectory.appendingPathComponent("baasctl").path,
                                      ["network", "join", networkID, "--code", code, "--hosts", "host-b", "--role", "validator"],
                                      environment: environment)
        #expect(joined.status == 0, "\(joined.stdout)\(joined.stderr)\n\(platform.controller.log.suffix(3000))")
        for step in ["node_keys", "certificates", "membership", "catch_up", "promotion"] {
            #expect(joined.stdout.contains(step), "\(joined.stdout)")
        }
        let reused = try platform.call("POST", "/v1/networks/\(networkID)/join", ["code": code, "nodes": [["host": "host-b"]]],
                                       bearer: b.token)
        #expect(reused.status == 409 && reused.text.contains("invitation_used"), "\(reused.text)")

        // B now reads the network and its chain, but manages none of A's nodes.
        let seen = try platform.call("GET", "/v1/networks/\(networkID)/nodes", bearer: b.token)
        let nodes = seen.json["items"] as? [[String: Any]] ?? []
        #expect(nodes.count == 5, "\(seen.text)")
        #expect(nodes.last?["host_name"] as? String == "host-b" && nodes.last?["tenant_id"] as? String == b.id)
        let listed = try platform.call("GET", "/v1/networks", bearer: b.token).json["items"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["id"] as? String } == [networkID])
        #expect(try platform.call("POST", "/v1/networks/\(networkID)/rollback", bearer: b.token).status == 404)
        #expect(try platform.call("POST", "/v1/networks/\(networkID)/transactions", ["key": "b", "value": "b"], bearer: b.token).status == 404)
        let c = try Self.tenant("tenant-c", on: platform)
        #expect(try platform.call("GET", "/v1/networks/\(networkID)", bearer: c.token).status == 404)
        #expect((try platform.call("GET", "/v1/networks", bearer: c.token).json["items"] as? [Any])?.isEmpty == true)

        // Transactions submitted afterwards commit on all five nodes, and node 5 has every block.
        var hashes: [String] = []
        for index in 0..<3 {
            let submitted = try platform.call("POST", "/v1/networks/\(networkID)/transactions", ["key": "after\(index)", "value": "v"], bearer: a.token)
            #expect(submitted.status == 201, "\(submitted.text)")
            hashes.append(try #require(submitted.json["hash"] as? String))
        }
        for hash in hashes {
            for node in 1...5 {
                let deadline = Date().addingTimeInterval(30)
                var found = try platform.call("GET", "/v1/networks/\(networkID)/transactions/\(hash)?node=\(node)", bearer: b.token)
                while found.json["height"] == nil, Date() < deadline {
                    usleep(100_000)
                    found = try platform.call("GET", "/v1/networks/\(networkID)/transactions/\(hash)?node=\(node)", bearer: b.token)
                }
                #expect(found.status == 200 && found.json["height"] != nil, "node \(node): \(found.text)")
            }
        }
        let head = try platform.call("GET", "/v1/networks/\(networkID)/blocks?node=1&limit=1", bearer: a.token).json["height"] as? Int ?? 0
        #expect(head >= 6)
        for height in 1...max(1, head) {
            let mine = try platform.call("GET", "/v1/networks/\(networkID)/blocks/\(height)?node=5", bearer: b.token).json["hash"] as? String
            let theirs = try platform.call("GET", "/v1/networks/\(networkID)/blocks/\(height)?node=1", bearer: a.token).json["hash"] as? String
            #expect(mine != nil && mine == theirs, "block \(height) differs on node 5")
        }
        let audit = try platform.call("GET", "/v1/audit?limit=200", bearer: a.token).text
        #expect(audit.contains("network.invitation.create"), "\(audit.prefix(500))")
    }
}
