import Testing

@Suite struct ExecutableUsageTests {
    static let programs = ["baas-controller", "baas-agent", "baas-ledger", "baasctl", "baas-bench"]

    @Test(arguments: programs)
    func unknownArgumentExitsWithUsageCode(program: String) throws {
        let result = try ProgramRunner.run(program, ["no-such-command"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown command 'no-such-command'"))
        #expect(result.stderr.contains("usage: \(program)"))
    }

    @Test(arguments: programs)
    func helpPrintsUsageAndSucceeds(program: String) throws {
        let result = try ProgramRunner.run(program, ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("usage: \(program) <command>"))
    }

    @Test(arguments: programs)
    func versionPrintsProgramAndVersion(program: String) throws {
        let result = try ProgramRunner.run(program, ["version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("\(program) 0."))
    }
}
