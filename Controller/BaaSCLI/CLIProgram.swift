import BaaSCore

/// The command tree of `baasctl`; its `main.swift` only runs it.
public enum CLIProgram {
    public static let tool = CommandLineTool(
        name: "baasctl",
        summary: """
        Command line for the BaaS platform.

        Controller commands take --controller URL, --token T, --ca-file PEM (or BAAS_CONTROLLER,
        BAAS_TOKEN, BAAS_CA_FILE, or what 'baasctl login' stored in $XDG_CONFIG_HOME/baas/config.json)
        and --output table|json. Exit codes: 0 ok, 1 failed, 2 usage.
        """,
        commands: [
            BaaSVersion.command(program: "baasctl"),
        ] + SessionCommands.commands + [
            TenantCommands.group,
            UserCommands.group,
            TokenCommands.group,
            AuditCommands.group,
            HostCommands.group,
            NetworkCommands.group,
            NetworkCommands.jobGroup,
            EVMCommands.group,
        ])
}
