import BaaSCore

/// The command tree of `baas-agent`; its `main.swift` only runs it.
public enum AgentProgram {
    public static let tool = CommandLineTool(
        name: "baas-agent",
        summary: "The BaaS host agent: enrolls with the controller and runs ledger nodes.",
        commands: [
            BaaSVersion.command(program: "baas-agent"),
        ])
}
