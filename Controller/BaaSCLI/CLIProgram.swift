import BaaSCore

/// The command tree of `baasctl`; its `main.swift` only runs it.
public enum CLIProgram {
    public static let tool = CommandLineTool(
        name: "baasctl",
        summary: "Command line for the BaaS platform.",
        commands: [
            BaaSVersion.command(program: "baasctl"),
            EVMCommands.group,
        ])
}
