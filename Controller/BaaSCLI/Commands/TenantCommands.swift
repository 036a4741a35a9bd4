import BaaSCore

/// `baasctl tenant list|create|get|delete`.
enum TenantCommands {
    static let columns = [Column("id", "id"), Column("name", "name"), Column("display name", "display_name"),
                          Column("created", "created_at")]

    static let group: (String, CommandLineTool.Node) = (
        "tenant", .group(summary: "tenants (organisations)", children: [
            ("list", .command(summary: "list tenants", usage: "[--limit N] [--cursor C] [--output table|json]",
                              action: { arguments in await list(arguments) })),
            ("create", .command(
                summary: "create a tenant with its first owner",
                usage: """
                NAME --owner USERNAME --owner-password-file FILE [--display-name TEXT] [--owner-email EMAIL]

                Platform admins only. The owner's password is read from the first line of the file
                (or asked without echo on a terminal).
                """,
                action: { arguments in await create(arguments) })),
            ("get", .command(summary: "show a tenant", usage: "ID", action: { arguments in await get(arguments) })),
            ("delete", .command(summary: "delete a tenant (critical: needs --totp)", usage: "ID --totp CODE",
                                action: { arguments in await delete(arguments) })),
        ]))

    static func list(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["limit", "cursor"])) { context in
            let page = try await context.client().tenants(limit: try context.arguments.limit(),
                                                          cursor: context.arguments["cursor"])
            context.show(page, columns)
        }
    }

    static func create(_ raw: [String]) async -> ExitCode {
        let shape = CommandContext.Shape(flags: ["owner", "owner-password-file", "display-name", "owner-email"], positionals: 1...1)
        return await CommandContext.run(raw, shape) { context in
            let owner = try context.arguments.required("owner")
            let password = try context.secret(file: "owner-password-file", prompt: "password for the owner \(owner): ")
            let answer = try await context.client().createTenant(
                name: context.arguments.positionals[0], displayName: context.arguments["display-name"],
                ownerUsername: owner, ownerPassword: password, ownerEmail: context.arguments["owner-email"])
            context.show(answer, columns.map { Column($0.header, path: ["tenant"] + $0.path) }
                         + [Column("owner", "owner", "username"), Column("owner id", "owner", "id")])
        }
    }

    static func get(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(positionals: 1...1)) { context in
            context.show(try await context.client().tenant(id: context.arguments.positionals[0]), columns)
        }
    }

    static func delete(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(positionals: 1...1)) { context in
            let id = context.arguments.positionals[0]
            try await context.client().deleteTenant(id: id)
            context.done("deleted tenant \(id)", json: .object(["deleted": .string(id)]))
        }
    }
}
