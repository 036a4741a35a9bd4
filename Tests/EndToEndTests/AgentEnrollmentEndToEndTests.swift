import Foundation
import BaaSTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real controller and two real agents on loopback: enrollment with one-time tokens, facts and
/// metrics at the controller, desired state, and nodes that outlive both the controller and the agent.
@Suite(.blocking, .serialized, .timeLimit(.minutes(5)))
struct AgentEnrollmentEndToEndTests {
    @Test func tokensAreOneTimeExpiringAndPinned() throws {
        let cluster = try AgentTestCluster()
        defer { cluster.shutDown() }
        try cluster.startController()

        let token = try cluster.joinToken()
        let first = try cluster.enroll("a", token: token)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("enrolled: host host_"))

        let reused = try cluster.enroll("b", token: token)
        #expect(reused.status != 0)
        #expect(reused.stderr.contains("already used"))

        let short = try cluster.joinToken(ttl: 1)
        sleep(2)
        let expired = try cluster.enroll("b", token: short)
        #expect(expired.status != 0)
        #expect(expired.stderr.contains("expired"))

        var parts = try cluster.joinToken().split(separator: ".").map(String.init)
        parts[3] = String(repeating: "0", count: 64)
        let wrongPin = try cluster.enroll("b", token: parts.joined(separator: "."))
        #expect(wrongPin.status != 0)
        #expect(wrongPin.stderr.contains("does not match the join token's pin"))
        #expect(!FileManager.default.fileExists(atPath: cluster.agentDirectory("b").appendingPathComponent("enrollment.json").path))

        let audit = try cluster.api("GET", "/v1/audit?action=host.enroll")
        let outcomes = (audit.json["items"] as? [[String: Any]] ?? []).compactMap { $0["outcome"] as? String }
        #expect(outcomes.contains("ok"))
        #expect(outcomes.contains("controller.join_token_used"))
        #expect(outcomes.contains("controller.join_token_expired"))
    }

    @Test func hostsReportFactsAndMetricsAndNodesSurviveControllerAndAgentRestarts() throws {
        let cluster = try AgentTestCluster()
        defer { cluster.shutDown() }
        try cluster.startController()
        for name in ["a", "b"] {
            let result = try cluster.enroll(name, token: try cluster.joinToken(labels: ["cloud": "aws", "region": "x"]))
            try #require(result.status == 0, "\(result.stderr)")
            try cluster.startAgent(name)
        }
        let a = try cluster.hostID("a"), b = try cluster.hostID("b")

        let listed = try cluster.wait(timeout: 90) { () -> [[String: Any]]? in
            let items = try cluster.api("GET", "/v1/hosts").json["items"] as? [[String: Any]] ?? []
            let online = items.filter { $0["status"] as? String == "online" }
            return online.count == 2 ? items : nil
        }
        #expect(Set(listed.compactMap { $0["id"] as? String }) == [a, b])
        for item in listed {
            let facts = item["facts"] as? [String: Any] ?? [:]
            #expect(!(facts["hostname"] as? String ?? "").isEmpty)
            #expect((facts["cpus"] as? Int ?? 0) > 0)
            #expect((item["labels"] as? [String: String])?["region"] == "x")
        }
        let metrics = try cluster.wait(timeout: 60) { () -> [String: Any]? in
            try cluster.api("GET", "/v1/hosts/\(b)").json["metrics"] as? [String: Any]
        }
        let names = Set((metrics["samples"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        #expect(names.contains("host_memory_available_bytes"))

        let node: [String: Any] = ["id": "n1", "engine": "/bin/sh", "arguments": ["-c", "echo $$ > pid; exec sleep 600"]]
        let put = try cluster.api("PUT", "/v1/hosts/\(a)/desired-state", body: ["nodes": [node]])
        #expect(put.status == 200)
        let pidFile = cluster.agentDirectory("a").appendingPathComponent("nodes/n1/pid")
        let pid = try cluster.wait(timeout: 60) { () -> Int32? in
            (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        #expect(AgentTestCluster.isAlive(pid))

        cluster.killController()
        sleep(2)
        #expect(AgentTestCluster.isAlive(pid), "the node stopped when the controller died")
        try cluster.startController()
        _ = try cluster.wait(timeout: 90) { () -> Bool? in
            try cluster.api("GET", "/v1/hosts/\(a)").json["status"] as? String == "online" ? true : nil
        }
        #expect(AgentTestCluster.isAlive(pid), "the node stopped while the agent reconnected")

        cluster.killAgent("a")
        #expect(AgentTestCluster.isAlive(pid), "the node died with its agent")
        try cluster.startAgent("a")
        let reported = try cluster.wait(timeout: 90) { () -> [[String: Any]]? in
            let detail = try cluster.api("GET", "/v1/hosts/\(a)").json
            let nodes = detail["nodes"] as? [[String: Any]] ?? []
            return cluster.agentLog("a").contains("re-attached") && !nodes.isEmpty ? nodes : nil
        }
        #expect(reported.first?["pid"] as? Int == Int(pid))
        #expect(AgentTestCluster.isAlive(pid))
        #expect((try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } == pid)
    }
}
