import BaaSAgent
import Testing

/// The text form of join tokens, as operators paste it.
struct JoinTokenTests {
    static let pin = String(repeating: "ab", count: 32)

    @Test func roundTripsAndToleratesSurroundingWhitespace() throws {
        let token = JoinToken(id: "hjt_1", secret: "s3cr-t_x", controllerPinSHA256: Self.pin)
        #expect(try JoinToken(parsing: "  \(token.text)\n") == token)
        #expect(!token.description.contains("s3cr-t_x"))
    }

    @Test(arguments: [
        "", "baas1", "baas2.hjt_1.secret.\(String(repeating: "ab", count: 32))",
        "baas1.hjt_1.secret.abcd", "baas1..secret.\(String(repeating: "ab", count: 32))",
        "baas1.hjt_1.secret.\(String(repeating: "zz", count: 32))", "baas1.a.b.c.d",
    ])
    func malformedTokensAreRefusedWithAClearMessage(text: String) {
        #expect(throws: AgentError("agent.bad_token", "")) { try JoinToken(parsing: text) }
    }

    @Test func wirePayloadsRoundTrip() throws {
        let desired = DesiredState(generation: 3, nodes: [NodeSpec(id: "n1", engine: "/bin/sleep", arguments: ["60"],
                                                                   configFiles: ["node.json": "{}"], ports: [7000])])
        #expect(try AgentWire.decode(DesiredState.self, from: AgentWire.encode(desired)) == desired)
        let minimal = try AgentWire.decode(NodeSpec.self, from: Array(#"{"id":"n2","engine":"/bin/true"}"#.utf8))
        #expect(minimal.arguments.isEmpty && minimal.isWellFormed)
        #expect(!NodeSpec(id: "../x", engine: "/bin/true").isWellFormed)
        #expect(!NodeSpec(id: "n", engine: "relative").isWellFormed)
        #expect(!NodeSpec(id: "n", engine: "/bin/true", configFiles: ["../../etc/passwd": ""]).isWellFormed)
    }
}
