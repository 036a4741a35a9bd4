import BaaSCore

/// `baasctl audit list|verify`.
enum AuditCommands {
    static let columns = [Column("seq", "sequence"), Column("time", "time"), Column("actor", "actor_name"),
                          Column("tenant", "tenant_id"), Column("action", "action"), Column("target", "target"),
                          Column("outcome", "outcome"), Column("source", "source_address")]

    /// Flag name → query parameter of `GET /v1/audit`.
    static let filters: [String: String] = ["tenant": "tenant_id", "actor": "actor_id", "action": "action",
                                            "target": "target", "outcome": "outcome", "since": "since", "until": "until"]

    static let group: (String, CommandLineTool.Node) = (
        "audit", .group(summary: "the audit log", children: [
            ("list", .command(
                summary: "list audit entries",
                usage: """
                [--tenant ID] [--actor USER_ID] [--action ACTION] [--target T] [--outcome ok|CODE]
                [--since TIME] [--until TIME] [--limit N] [--cursor C] [--output table|json]

                TIME is ISO 8601, such as 2026-01-31T12:00:00Z.
                """,
                action: { arguments in await list(arguments) })),
            ("verify", .command(
                summary: "check the audit log's hash chain (exit 1 when broken)",
                usage: "[--output table|json]",
                action: { arguments in await verify(arguments) })),
        ]))

    static func list(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: Set(filters.keys).union(["limit", "cursor"]))) { context in
            var query: [String: String] = [:]
            for (flag, parameter) in filters {
                if let value = context.arguments[flag] { query[parameter] = value }
            }
            let page = try await context.client().audit(filters: query, limit: try context.arguments.limit(),
                                                        cursor: context.arguments["cursor"])
            context.show(page, columns)
        }
    }

    static func verify(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init()) { context in
            let report = try await context.client().verifyAudit()
            let valid = report["valid"] == .bool(true)
            if context.settings.output == .json {
                context.emit(OutputRenderer.json(report))
            } else if valid {
                context.emit("audit log intact: \(report["entries_checked"].cellText) entries")
            } else {
                context.emit("audit log BROKEN at entry \(report["first_broken_sequence"].cellText): \(report["reason"].cellText)")
            }
            if !valid {
                throw CLIError("cli.audit_broken", "The audit log's hash chain is broken; keep the database for investigation and compare it with a backup.")
            }
        }
    }
}
