import BaaSCLI
import Testing

@Suite struct ParsedArgumentsTests {
    @Test func splitsFlagsSwitchesAndPositionals() throws {
        let parsed = try ParsedArguments(["alice", "--role", "viewer", "--tenant=t1", "--all", "--output", "json"],
                                         flags: ["role", "tenant"], switches: ["all"], positionals: 1...1)
        #expect(parsed.positionals == ["alice"])
        #expect(parsed["role"] == "viewer")
        #expect(parsed["tenant"] == "t1")
        #expect(parsed["output"] == "json")
        #expect(parsed.switches == ["all"])
    }

    @Test func doubleDashEndsFlags() throws {
        let parsed = try ParsedArguments(["--", "--not-a-flag"], positionals: 1...1)
        #expect(parsed.positionals == ["--not-a-flag"])
    }

    @Test(arguments: [
        (["--colour", "red"], "unknown flag --colour."),
        (["--role"], "--role needs a value."),
        (["a", "b"], "unexpected argument 'b'."),
        ([String](), "one argument is missing."),
    ])
    func refusesWrongUsage(arguments: [String], message: String) {
        #expect {
            try ParsedArguments(arguments, flags: ["role"], positionals: 1...1)
        } throws: { error in
            (error as? CLIError)?.isUsage == true && (error as? CLIError)?.message == message
        }
    }

    @Test func requiredFlagIsReportedByName() throws {
        let parsed = try ParsedArguments([], flags: ["tenant"])
        #expect(throws: CLIError.usage("")) { try parsed.required("tenant") }
    }

    @Test(arguments: [("90", 90), ("90s", 90), ("15m", 900), ("1h", 3600), ("7d", 604_800)])
    func parsesDurations(text: String, seconds: Int) throws {
        #expect(try ParsedArguments.seconds(text) == seconds)
    }

    @Test(arguments: ["", "h", "-5m", "0", "1w", "1.5h", "99999999999d"])
    func refusesBadDurations(text: String) {
        #expect(throws: CLIError.usage("")) { try ParsedArguments.seconds(text) }
    }

    @Test func parsesLabels() throws {
        #expect(try ParsedArguments.keyValues("zone=a, tier=gold,empty=") == ["zone": "a", "tier": "gold", "empty": ""])
    }

    @Test(arguments: ["zone", "=a", "zone=a,tier"])
    func refusesMalformedLabels(text: String) {
        #expect(throws: CLIError.usage("")) { try ParsedArguments.keyValues(text) }
    }

    @Test func limitMustBeInRange() throws {
        #expect(try ParsedArguments(["--limit", "50"], flags: ["limit"]).limit() == 50)
        #expect(throws: CLIError.usage("")) { try ParsedArguments(["--limit", "0"], flags: ["limit"]).limit() }
        #expect(throws: CLIError.usage("")) { try ParsedArguments(["--limit", "x"], flags: ["limit"]).limit() }
    }
}
