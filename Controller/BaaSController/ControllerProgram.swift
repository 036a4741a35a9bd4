import BaaSCore

/// The command tree of `baas-controller`; its `main.swift` only runs it.
public enum ControllerProgram {
    public static let tool = CommandLineTool(
        name: "baas-controller",
        summary: "The BaaS controller: REST API, web console and agent gateway.",
        commands: [
            BaaSVersion.command(program: "baas-controller"),
        ])
}
