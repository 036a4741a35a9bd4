@testable import BaaSCLI
import Testing

/// `baasctl network create` request building and the job progress text, without a controller.
@Suite struct DeployProgressTests {
    static let job: JSONValue = .object([
        "id": .string("job_1"), "kind": .string("deploy"), "status": .string("failed"),
        "steps": .array([
            .object(["name": .string("node_keys"), "state": .string("succeeded"), "done": .number(4), "total": .number(4),
                     "detail": .string(""), "seconds": .number(0.02)]),
            .object(["name": .string("desired_state"), "state": .string("failed"), "done": .number(1), "total": .number(4),
                     "detail": .string("Host b is not connected")]),
        ]),
        "error": .object(["message": .string("Host b is not connected"), "host_name": .string("b")]),
    ])

    @Test func terminalShowsABarPerStepScaledToItsProgress() {
        let text = JobProgress.render(Self.job, bars: true)
        #expect(text.contains("[" + String(repeating: "#", count: 24) + "] 4/4 succeeded 20 ms"))
        #expect(text.contains("[" + String(repeating: "#", count: 6) + String(repeating: ".", count: 18) + "] 1/4 failed"))
        #expect(text.hasSuffix("error: Host b is not connected"))
    }

    @Test func pipeGetsPlainLinesWithoutBars() {
        let text = JobProgress.render(Self.job, bars: false)
        #expect(!text.contains("[#") && !text.contains("[."))
        #expect(text.contains("desired_state  1/4 failed  Host b is not connected"))
    }

    @Test func nodesGoRoundRobinOnTheNamedHosts() throws {
        let arguments = try ParsedArguments(["--name", "n", "--nodes", "3", "--hosts", "a,b"], flags: ["name", "nodes", "hosts"])
        let body = try NetworkCommands.createBody(arguments)
        #expect(body["nodes"].elements.map { $0["host"].cellText } == ["a", "b", "a"])
        #expect(body["crypto"].string == "p256")
    }

    @Test func joinPutsOneNodeOnEachNamedHostWithTheRole() throws {
        let arguments = try ParsedArguments(["--code", "inv_1", "--hosts", "b1,b2", "--role", "validator"],
                                            flags: ["code", "hosts", "role"])
        let body = try NetworkCommands.joinBody(arguments)
        #expect(body["code"].string == "inv_1")
        #expect(body["nodes"].elements.map { $0["host"].cellText } == ["b1", "b2"])
        #expect(body["nodes"].elements.allSatisfy { $0["role"].string == "validator" })
        let observer = try NetworkCommands.joinBody(try ParsedArguments(["--code", "c", "--hosts", "b"], flags: ["code", "hosts"]))
        #expect(observer["nodes"].elements.first?["role"].string == "observer")
        let bad = try ParsedArguments(["--code", "c", "--hosts", "b", "--role", "boss"], flags: ["code", "hosts", "role"])
        #expect(throws: CLIError.usage("")) { try NetworkCommands.joinBody(bad) }
    }

    @Test func refusesANodeCountOutOfRange() throws {
        let arguments = try ParsedArguments(["--name", "n", "--nodes", "0"], flags: ["name", "nodes"])
        #expect(throws: CLIError.usage("")) { try NetworkCommands.createBody(arguments) }
    }
}
