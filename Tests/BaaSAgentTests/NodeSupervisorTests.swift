import Foundation
import Synchronization
import BaaSTestSupport
import Testing
@testable import BaaSAgent

/// The supervisor against real child processes (`/bin/sh`, `sleep`) in temporary directories.
@Suite(.blocking) struct NodeSupervisorTests {
    final class Events: Sendable {
        let list = Mutex<[NodeEvent]>([])
        func record(_ event: NodeEvent) { list.withLock { $0.append(event) } }
        var all: [NodeEvent] { list.withLock { $0 } }
    }

    let root: String
    let quick = RestartPolicy(initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(80), maxRestarts: 3,
                              window: .seconds(30), stopGrace: .milliseconds(300))

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func spec(_ id: String, _ script: String) -> NodeProcessSpec {
        NodeProcessSpec(id: id, executable: "/bin/sh", arguments: ["-c", script],
                        environment: ["PATH": "/usr/bin:/bin", "NODE_ID": id], workingDirectory: "\(root)/nodes/\(id)")
    }

    func supervisor(_ events: Events? = nil, policy: RestartPolicy? = nil) -> NodeSupervisor {
        NodeSupervisor(stateDirectory: root, policy: policy ?? quick, onEvent: { events?.record($0) })
    }

    /// Ticks until `condition` holds or `seconds` pass.
    func waitUntil(_ supervisor: NodeSupervisor, seconds: Double = 60, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            supervisor.tick()
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    func cleanUp(_ supervisor: NodeSupervisor) {
        try? supervisor.apply([])
        try? FileManager.default.removeItem(atPath: root)
    }

    func log(_ id: String) -> String {
        (try? String(contentsOfFile: "\(root)/nodes/\(id)/node.log", encoding: .utf8)) ?? ""
    }

    @Test func startsNodeInItsOwnDirectoryAndSessionWithALogFile() throws {
        let sup = supervisor()
        defer { cleanUp(sup) }
        try sup.apply([spec("n1", "pwd; echo hello $NODE_ID; exec sleep 30")])
        let status = try #require(sup.status().first)
        #expect(status.state == .running)
        let pid = try #require(status.pid)
        #expect(waitUntil(sup) { log("n1").contains("hello n1") })
        #expect(log("n1").hasPrefix("\(root)/nodes/n1"))
        #expect(getsid(pid) == pid)
    }

    @Test func nodeGetsDefaultSignalsEvenWhenTheAgentIgnoresSIGTERM() throws {
        let previous = signal(SIGTERM, SIG_IGN)
        defer { signal(SIGTERM, previous) }
        let sup = supervisor()
        defer { cleanUp(sup) }
        try sup.apply([spec("n1", "exec sleep 30")])
        let pid = try #require(sup.status().first?.pid)
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("SigIgn:") })
        let mask = try #require(UInt64(line.split(separator: "\t").last ?? "", radix: 16))
        #expect(mask & (1 << (UInt64(SIGTERM) - 1)) == 0)
    }

    @Test func crashedNodeIsRestartedWithBackoffUntilTheLoopLimit() throws {
        let events = Events()
        let sup = supervisor(events)
        defer { cleanUp(sup) }
        try sup.apply([spec("n1", "echo run; exit 3")])
        #expect(waitUntil(sup) { sup.status().first?.state == .failed })
        let status = try #require(sup.status().first)
        #expect(status.restarts == 3)
        #expect(status.lastExit == "exit code 3")
        #expect(log("n1").components(separatedBy: "run\n").count - 1 == 4)
        let delays = events.all.compactMap { event -> Duration? in
            if case .restarting(_, let after) = event { return after } else { return nil }
        }
        #expect(delays == [.milliseconds(20), .milliseconds(40), .milliseconds(80)])
        #expect(events.all.contains { if case .failed(id: "n1", _) = $0 { return true } else { return false } })
    }

    @Test func stopSendsSIGTERMAndKillsANodeThatIgnoresIt() throws {
        let sup = supervisor()
        defer { cleanUp(sup) }
        try sup.apply([spec("polite", "exec sleep 30"), spec("stubborn", "trap '' TERM; exec sleep 30")])
        let pids = Dictionary(uniqueKeysWithValues: sup.status().map { ($0.id, $0.pid!) })
        let start = Date()
        try sup.apply([])
        let elapsed = Date().timeIntervalSince(start)
        #expect(sup.status().isEmpty)
        #expect(kill(pids["polite"]!, 0) != 0)
        #expect(kill(pids["stubborn"]!, 0) != 0)
        #expect(elapsed >= 0.3)
    }

    @Test func restartedAgentReattachesWithoutRestartingAndWatchesTheAdoptedNode() throws {
        let events = Events()
        let first = supervisor()
        defer { cleanUp(first) }
        try first.apply([spec("n1", "exec sleep 30")])
        let pid = try #require(first.status().first?.pid)

        // A new supervisor over the same state directory stands for the restarted agent.
        let second = supervisor(events)
        #expect(try second.recover() == ["n1"])
        #expect(second.status().first?.pid == pid)
        #expect(events.all == [.reattached(id: "n1", pid: pid)])

        kill(pid, SIGKILL)
        _ = waitpid(pid, nil, 0)  // the first supervisor's child: reap it as init would
        #expect(waitUntil(second) { (second.status().first?.pid).map { $0 != pid } ?? false })
        #expect(second.status().first?.restarts == 1)
        try second.apply([])
    }

    @Test func nodeThatDiedWhileTheAgentWasAwayIsStartedOnRecovery() throws {
        let first = supervisor()
        defer { cleanUp(first) }
        try first.apply([spec("n1", "exec sleep 30")])
        let pid = try #require(first.status().first?.pid)
        kill(pid, SIGKILL)
        _ = waitpid(pid, nil, 0)

        let second = supervisor()
        #expect(try second.recover() == [])
        let now = try #require(second.status().first)
        #expect(now.state == .running)
        #expect(now.pid != pid)
        try second.apply([])
    }

    @Test func changedSpecRestartsTheNode() throws {
        let sup = supervisor()
        defer { cleanUp(sup) }
        try sup.apply([spec("n1", "exec sleep 30")])
        let pid = try #require(sup.status().first?.pid)
        try sup.apply([spec("n1", "exec sleep 31")])
        #expect(sup.status().first?.pid != pid)
        #expect(kill(pid, 0) != 0)
    }

    @Test func missingExecutableIsAClearFailureAndOtherNodesStillStart() throws {
        let sup = supervisor()
        defer { cleanUp(sup) }
        var broken = spec("bad", "")
        broken.executable = "/nonexistent/baas-ledger"
        #expect(throws: AgentError("agent.spawn_failed", "")) { try sup.apply([broken, spec("good", "exec sleep 30")]) }
        let states = Dictionary(uniqueKeysWithValues: sup.status().map { ($0.id, $0.state) })
        #expect(states == ["bad": .failed, "good": .running])
    }

    @Test func corruptStateFileIsRefusedWithAnInstruction() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "{not json".write(toFile: "\(root)/nodes.json", atomically: true, encoding: .utf8)
        let error = try #require(throws: AgentError.self) { try supervisor().recover() }
        #expect(error.code == "agent.state_corrupt")
        #expect(error.message.contains("move it aside"))
    }

    @Test func logRotationKeepsTheRunningNodeWriting() throws {
        let policy = RestartPolicy(initialBackoff: .milliseconds(20), stopGrace: .milliseconds(300), maxLogBytes: 2000, keptLogs: 2)
        let sup = supervisor(policy: policy)
        defer { cleanUp(sup) }
        try sup.apply([spec("n1", "i=0; while true; do i=$((i+1)); echo line $i; sleep 0.01; done")])
        let logPath = "\(root)/nodes/n1/node.log"
        #expect(waitUntil(sup) { FileManager.default.fileExists(atPath: logPath + ".2") })
        usleep(100_000)
        let current = log("n1")
        #expect(current.count < 4000)
        #expect(current.contains("line"))
        #expect(!FileManager.default.fileExists(atPath: logPath + ".3"))
    }
}
