import BaaSCore

/// `baasctl user list|create|get|delete|set-role|reset-password`.
enum UserCommands {
    static let columns = [Column("id", "id"), Column("username", "username"), Column("role", "role"),
                          Column("tenant", "tenant_id"), Column("email", "email"), Column("totp", "totp_enabled")]

    static let group: (String, CommandLineTool.Node) = (
        "user", .group(summary: "users and their roles", children: [
            ("list", .command(summary: "list users", usage: "[--tenant ID] [--limit N] [--cursor C] [--output table|json]",
                              action: { arguments in await list(arguments) })),
            ("create", .command(
                summary: "create a user",
                usage: """
                USERNAME --role ROLE --password-file FILE [--tenant ID] [--email EMAIL] [--display-name TEXT]

                Roles: tenant_owner, tenant_admin, operator, auditor, viewer (platform_admin for platform
                admins). --tenant is needed only by platform admins; others create users in their tenant.
                """,
                action: { arguments in await create(arguments) })),
            ("get", .command(summary: "show a user", usage: "ID", action: { arguments in await get(arguments) })),
            ("delete", .command(summary: "delete a user (critical: needs --totp)", usage: "ID --totp CODE",
                                action: { arguments in await delete(arguments) })),
            ("set-role", .command(summary: "change a user's role (critical: needs --totp)", usage: "ID ROLE --totp CODE",
                                  action: { arguments in await setRole(arguments) })),
            ("reset-password", .command(
                summary: "set a new password for a user and end their sessions",
                usage: "ID --password-file FILE [--totp CODE]",
                action: { arguments in await resetPassword(arguments) })),
        ]))

    static func list(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["tenant", "limit", "cursor"])) { context in
            let page = try await context.client().users(tenantID: context.arguments["tenant"],
                                                        limit: try context.arguments.limit(), cursor: context.arguments["cursor"])
            context.show(page, columns)
        }
    }

    static func create(_ raw: [String]) async -> ExitCode {
        let shape = CommandContext.Shape(flags: ["role", "password-file", "tenant", "email", "display-name"], positionals: 1...1)
        return await CommandContext.run(raw, shape) { context in
            let username = context.arguments.positionals[0]
            let role = try context.arguments.required("role")
            let password = try context.secret(file: "password-file", prompt: "password for \(username): ")
            let user = try await context.client().createUser(
                tenantID: context.arguments["tenant"], username: username, password: password, role: role,
                email: context.arguments["email"], displayName: context.arguments["display-name"])
            context.show(user, columns)
        }
    }

    static func get(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(positionals: 1...1)) { context in
            context.show(try await context.client().user(id: context.arguments.positionals[0]), columns)
        }
    }

    static func delete(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(positionals: 1...1)) { context in
            let id = context.arguments.positionals[0]
            try await context.client().deleteUser(id: id)
            context.done("deleted user \(id)", json: .object(["deleted": .string(id)]))
        }
    }

    static func setRole(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(positionals: 2...2)) { context in
            let user = try await context.client().setRole(userID: context.arguments.positionals[0],
                                                          role: context.arguments.positionals[1])
            context.show(user, columns)
        }
    }

    static func resetPassword(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["password-file"], positionals: 1...1)) { context in
            let id = context.arguments.positionals[0]
            let password = try context.secret(file: "password-file", prompt: "new password: ")
            try await context.client().resetPassword(userID: id, newPassword: password)
            context.done("password of \(id) reset; their sessions ended", json: .object(["reset": .string(id)]))
        }
    }
}
