import BaaSCore

/// The command tree of `baas-bench`; its `main.swift` only runs it.
public enum BenchProgram {
    public static let tool = CommandLineTool(
        name: "baas-bench",
        summary: "Benchmarks of the BaaS platform (run in release mode).",
        commands: [
            BaaSVersion.command(program: "baas-bench"),
            HTTPBench.command,
            ConnsBenchmark.command,
            AgentBench.command,
            TPSBench.command,
            DeployBench.command,
        ])
}
