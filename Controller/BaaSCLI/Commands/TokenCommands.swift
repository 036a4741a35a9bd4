import BaaSCore

/// `baasctl token create|list|revoke`: API tokens for scripts.
enum TokenCommands {
    static let columns = [Column("id", "id"), Column("name", "name"), Column("scopes", "scopes"),
                          Column("expires", "expires_at"), Column("revoked", "revoked_at")]

    static let group: (String, CommandLineTool.Node) = (
        "token", .group(summary: "API tokens", children: [
            ("create", .command(
                summary: "create an API token (its secret is printed once)",
                usage: """
                NAME --scopes SCOPE[,SCOPE…] [--expires-in DURATION]

                Scopes are resource:action such as host:read or network:*; '*' for all you may do.
                DURATION is seconds or a number with s, m, h or d (default: the controller's, 90 days).
                Needs a login session (not an API token).
                """,
                action: { arguments in await create(arguments) })),
            ("list", .command(summary: "list your API tokens", usage: "[--limit N] [--cursor C] [--output table|json]",
                              action: { arguments in await list(arguments) })),
            ("revoke", .command(summary: "revoke an API token", usage: "ID",
                                action: { arguments in await revoke(arguments) })),
        ]))

    static func create(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["scopes", "expires-in"], positionals: 1...1)) { context in
            let scopes = try context.arguments.required("scopes").split(separator: ",").map(String.init)
            let lifetime = try context.arguments["expires-in"].map(ParsedArguments.seconds)
            let answer = try await context.client().createToken(name: context.arguments.positionals[0], scopes: scopes,
                                                                expiresInSeconds: lifetime)
            context.show(answer, [Column("secret", "secret")] + columns.map { Column($0.header, path: ["token"] + $0.path) })
            if context.settings.output == .table {
                printStandardError("The secret is shown only now; store it safely.")
            }
        }
    }

    static func list(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["limit", "cursor"])) { context in
            context.show(try await context.client().tokens(limit: try context.arguments.limit(),
                                                           cursor: context.arguments["cursor"]), columns)
        }
    }

    static func revoke(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(positionals: 1...1)) { context in
            let id = context.arguments.positionals[0]
            try await context.client().revokeToken(id: id)
            context.done("revoked token \(id)", json: .object(["revoked": .string(id)]))
        }
    }
}
