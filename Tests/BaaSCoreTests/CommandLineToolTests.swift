import Testing
@testable import BaaSCore

@Suite struct CommandLineToolTests {
    final class Box: @unchecked Sendable { var args: [String]? }

    func tool(_ box: Box) -> CommandLineTool {
        CommandLineTool(name: "t", summary: "test tool", commands: [
            ("network", .group(summary: "networks", children: [
                ("create", .command(summary: "create one", usage: "--name N", action: { args in
                    box.args = args
                    return .ok
                })),
            ])),
        ])
    }

    @Test func nounVerbReachesLeafWithRemainingArguments() async {
        let box = Box()
        let code = await tool(box).run(["network", "create", "--name", "x"])
        #expect(code == .ok)
        #expect(box.args == ["--name", "x"])
    }

    @Test(arguments: [["nope"], ["network", "nope"], [], ["network"]])
    func unknownOrMissingCommandIsUsageError(args: [String]) async {
        let box = Box()
        #expect(await tool(box).run(args) == .usage)
        #expect(box.args == nil)
    }

    @Test func helpAtEveryLevelSucceedsWithoutRunning() async {
        let box = Box()
        #expect(await tool(box).run(["--help"]) == .ok)
        #expect(await tool(box).run(["network", "--help"]) == .ok)
        #expect(await tool(box).run(["network", "create", "--help"]) == .ok)
        #expect(box.args == nil)
    }
}
