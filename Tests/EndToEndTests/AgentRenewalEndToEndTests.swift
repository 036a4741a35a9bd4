import Foundation
import BaaSTestSupport
import Testing

/// Short-lived host certificates are renewed over the channel at 2/3 of their life, and the agent
/// carries on with the new one.
@Suite(.blocking, .serialized, .timeLimit(.minutes(5)))
struct AgentRenewalEndToEndTests {
    @Test func agentRenewsItsCertificateBeforeItExpiresAndStaysOnline() throws {
        let cluster = try AgentTestCluster()
        defer { cluster.shutDown() }
        try cluster.startController(certificateLifetime: 12)
        let enrolled = try cluster.enroll("n", token: try cluster.joinToken())
        try #require(enrolled.status == 0, "\(enrolled.stderr)")
        let certificate = cluster.agentDirectory("n").appendingPathComponent("agent.pem")
        let first = try String(contentsOf: certificate, encoding: .utf8)
        try cluster.startAgent("n")
        let id = try cluster.hostID("n")

        _ = try cluster.wait(timeout: 90) { () -> Bool? in
            cluster.agentLog("n").components(separatedBy: "renewed this host's certificate").count >= 3 ? true : nil
        }
        #expect(try String(contentsOf: certificate, encoding: .utf8) != first)
        _ = try cluster.wait(timeout: 60) { () -> Bool? in
            try cluster.api("GET", "/v1/hosts/\(id)").json["status"] as? String == "online" ? true : nil
        }
        let audit = try cluster.api("GET", "/v1/audit?action=host.certificate.renew").json["items"] as? [[String: Any]] ?? []
        #expect(audit.count >= 2)
        #expect(!cluster.agentLog("n").contains("expired"))
    }
}
