import BaaSCore

/// The command tree of `baas-ledger`; its `main.swift` only runs it.
public enum LedgerProgram {
    public static let tool = CommandLineTool(
        name: "baas-ledger",
        summary: "The built-in permissioned ledger node.",
        commands: [
            BaaSVersion.command(program: "baas-ledger"),
        ])
}
