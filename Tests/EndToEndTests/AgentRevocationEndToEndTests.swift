import Foundation
import BaaSTestSupport
import Testing

/// Revoking a host (a critical operation) cuts its live channel; the agent says so and exits
/// non-zero, and is refused again when restarted.
@Suite(.blocking, .serialized, .timeLimit(.minutes(5)))
struct AgentRevocationEndToEndTests {
    @Test func revokedHostIsCutAtOnceAndRefusedAfterwards() throws {
        let cluster = try AgentTestCluster()
        defer { cluster.shutDown() }
        try cluster.startController()
        let enrolled = try cluster.enroll("r", token: try cluster.joinToken())
        try #require(enrolled.status == 0, "\(enrolled.stderr)")
        try cluster.startAgent("r")
        let id = try cluster.hostID("r")
        _ = try cluster.wait(timeout: 90) { () -> Bool? in
            try cluster.api("GET", "/v1/hosts/\(id)").json["status"] as? String == "online" ? true : nil
        }

        #expect(try cluster.api("DELETE", "/v1/hosts/\(id)").json["error"] != nil, "revoking needs a fresh second factor")
        let secret = try #require(try cluster.api("POST", "/v1/users/me/totp").json["secret"] as? String)
        #expect(try cluster.api("POST", "/v1/users/me/totp/confirm", body: ["code": try AgentTestCluster.totp(secret: secret, offset: 0)]).status == 204)
        #expect(try cluster.api("POST", "/v1/sessions/current/step-up", body: ["totp": try AgentTestCluster.totp(secret: secret, offset: 1)]).status == 200)
        #expect(try cluster.api("DELETE", "/v1/hosts/\(id)").status == 204)

        #expect(try cluster.waitForAgentExit("r", timeout: 60) != 0)
        #expect(cluster.agentLog("r").contains("revoked this host"))
        #expect(try cluster.api("GET", "/v1/hosts/\(id)").json["status"] as? String == "revoked")

        try cluster.startAgent("r")
        #expect(try cluster.waitForAgentExit("r", timeout: 60) != 0)
        let audit = try cluster.api("GET", "/v1/audit?action=host.revoke").json["items"] as? [[String: Any]] ?? []
        #expect(audit.contains { $0["outcome"] as? String == "ok" && $0["target"] as? String == id })
    }
}
